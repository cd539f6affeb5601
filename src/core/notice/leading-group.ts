// The office that collects the reports (领导小组办公室) and the leading group's members,
// with the units their titles name.
import type { MemberSpec } from '../plan-spec.js';
import { normalizeName, type UnitRef } from '../units.js';
import type { Draft } from './draft.js';
import { splitTopLevel, trimPunctuation } from './text.js';

export interface Office {
  name: string;
  /** 设在市市场监管局 */
  seat?: string | undefined;
}

export function findOffice(text: string, recipient: string | undefined, draft: Draft): Office {
  const seat = /(?:下设办公室|办公室)(?:[（(][^）)]*[）)])?设?在([^，,。；;（(\s]+)/.exec(text)?.[1];
  if (/领导小组(?:下设)?办公室/.test(text)) return { name: '领导小组办公室', seat };
  const other = /(指挥部办公室|工作专班)/.exec(text)?.[1];
  if (other) return { name: other, seat };
  if (recipient) {
    draft.todo(['office'], `未找到领导小组办公室，暂用报送对象“${recipient}”，请确认`);
    return { name: recipient, seat };
  }
  draft.todo(['office'], '未找到负责汇总的办公室（领导小组办公室），请填写');
  return { name: '领导小组办公室' };
}

const roleLine = /^((?:常务)?副?[\s\u3000]*组[\s\u3000]*长|(?:常务)?副?[\s\u3000]*主[\s\u3000]*任|成[\s\u3000]*员)[\s\u3000]*[:：][\s\u3000]*(.*)$/;
// 许 强 市文化和旅游局副局长: a name of two to four characters, maybe spaced, then the title.
const memberEntry = /^(\p{Script=Han}(?:[ \u3000]{0,2}\p{Script=Han}){1,3}?)[ \u3000]+(\S.*)$/u;
const memberEntryParen = /^(\p{Script=Han}{2,4})[（(](.+)[）)]$/u;
const departmentPrefix = /^(.+?(?:局|委员会|委|办公室|厅|办|院|中心|公司|政府|大队|支队))/;

export function readLeadingGroup(lines: readonly string[], office: Office, directory: readonly UnitRef[] | undefined, draft: Draft): MemberSpec[] {
  const members: MemberSpec[] = [];
  const unparsed: string[] = [];
  let role: string | undefined;
  for (const line of lines) {
    const r = roleLine.exec(line);
    const entryText = r ? r[2]! : line;
    if (r) role = r[1]!.replace(/[\s\u3000]/g, '');
    else if (!role) continue;
    const entry = memberEntry.exec(entryText) ?? memberEntryParen.exec(entryText);
    if (!entry || /[。]/.test(entryText) || entryText.length > 80) {
      if (r) unparsed.push(line);
      role = undefined;
      continue;
    }
    const member: MemberSpec = { role: role!, name: entry[1]!.replace(/[\s\u3000]/g, ''), title: trimPunctuation(entry[2]!) };
    const unit = memberUnit(member.title!, directory);
    if (unit) member.unit = unit;
    else draft.todo(['leadingGroup', members.length, 'unit'], `未能从职务“${member.title}”判断${member.name}所在单位，请填写`);
    members.push(member);
  }
  if (unparsed.length > 0) draft.todo(['leadingGroup'], `以下领导小组名单未能逐人识别，请补充：${unparsed.join('；')}`);

  // 吴云龙任办公室主任 / 由李明兼任办公室主任
  const text = lines.join('\n');
  const head = /(\p{Script=Han}{2,4}?)(?:同志)?兼?任(?:领导小组)?办公室主任/u.exec(text);
  if (head) {
    const name = head[1]!.replace(/^由/, '');
    members.push({
      role: '办公室主任',
      name,
      title: office.seat ? `${office.name}主任（设在${office.seat}）` : `${office.name}主任`,
      unit: office.name,
    });
  }
  return members;
}

/** The department a title belongs to: the longest directory name it starts with, else its 局/委 prefix. */
function memberUnit(title: string, directory: readonly UnitRef[] | undefined): string | undefined {
  const segments = splitTopLevel(title, '、，,');
  if (directory) {
    for (const segment of segments) {
      const s = normalizeName(segment);
      let best: { unit: UnitRef; length: number } | undefined;
      for (const unit of directory) {
        for (const n of [unit.name, ...unit.aliases].map(normalizeName)) {
          if (n.length >= 2 && s.startsWith(n) && n.length > (best?.length ?? 0)) best = { unit, length: n.length };
        }
      }
      if (best) return best.unit.name;
    }
    return undefined;
  }
  return departmentPrefix.exec(segments[0] ?? '')?.[1];
}

