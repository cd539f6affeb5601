// Where a task's units came from and its deadlines, in words for the office (YAML comments,
// chat previews).
import type { FoundDeadline } from './dates.js';
import type { UnitSource, UnitSourceKind } from './types.js';

const kindLabel: Record<UnitSourceKind, string> = {
  clause: '括注',
  labelled: '括注',
  lines: '条目后单列的单位行',
  table: '任务分工表',
  inline: '正文推断',
  inherited: '所在部分的引言',
  subtasks: '各子任务',
  none: '未写明',
};

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** 括注“（人力资源社会保障部、财政部负责）”，按“列第一位者为牵头单位”定牵头单位 */
export function describeSource(s: UnitSource): string {
  if (s.kind === 'none') return '原文未写明单位';
  if (s.kind === 'subtasks') return '单位见各子任务';
  const text = s.text ? `“${shorten(s.text, 80)}”` : '';
  return `${kindLabel[s.kind]}${text}${s.rule ? `，按“${s.rule}”定牵头单位` : s.presumedLead ? '，未写明牵头单位，暂以列第一位的为牵头单位' : ''}`;
}

const dayText = (day: number | 'end' | undefined) => (day === 'end' || day === undefined ? '底' : `${day}日`);

/** 2019-03-31（原文：2019年3月底前…）, 每年2月底前（2020年起）, 每季度末, 长期坚持 */
export function describeDeadline(d: FoundDeadline): string {
  const r = d.recurrence;
  const what = d.date
    ? `${d.date}${d.yearAssumed ? '（年份按上下文推定）' : ''}`
    : r?.period === 'annual'
      ? `每年${r.month ?? ''}月${dayText(r.day)}前${r.from ? `（${r.from}年起）` : ''}`
      : r?.period === 'quarterly'
        ? '每季度末'
        : r?.period === 'monthly'
          ? `每月${dayText(r.day)}前`
          : r?.period === 'weekly'
            ? '每周'
            : d.relative
              ? `相对时限“${d.relative}”`
              : d.ongoing
                ? '长期坚持'
                : '未写明日期';
  return `${what}（原文：${shorten(d.text, 40)}）`;
}
