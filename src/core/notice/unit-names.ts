// Unit names as notices write them: lists (市甲局、市乙局), generic names (各有关部门,
// 各省级人民政府), generic tails (等有关部门) that are no unit, subjects of sentences
// (国家卫生健康委要…) and the names of a directory closest to one that is not in it.
import { normalizeName } from '../units.js';
import { splitTopLevel, trimPunctuation } from './text.js';

/** Splits a list of unit names on 、，, ; — but not inside brackets, so 各县(市、区)人民政府 stays whole. */
export function splitNames(text: string): string[] {
  // 全国总工会等和各省级人民政府: a generic tail, then one more unit.
  const pieces = splitTopLevel(text.replace(/等(?:和|及|与|以及)|以及(?=各)/g, (m) => (m[0] === '等' ? '等、' : '、')), '、，,;；/')
    .map((s) => trimPunctuation(s))
    .filter((s) => s.length > 0 && !/^(无|\/|—+|-+)$/.test(s));
  // 各州、市人民政府 and 各省、自治区、直辖市人民政府 are one name: the levels share the ending.
  const level = /^(自治区|直辖市|自治州|自治县|省|市|州|县|区|盟|旗|乡|镇|地区)/;
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let name = pieces[i]!;
    if (/^各(省|市|州|县|区|盟|旗|乡|镇)$/.test(name)) {
      let k = i + 1;
      while (k < pieces.length && level.test(pieces[k]!)) {
        const piece = pieces[k++]!;
        name += `、${piece}`;
        if (piece !== level.exec(piece)![0]) break; // 市人民政府 closes the list
      }
      i = k - 1;
    }
    out.push(...splitAgencies(name));
  }
  return out;
}

/** 财政部和税务总局 → 财政部, 税务总局 when both sides are agencies; 工业和信息化部 stays whole. */
function splitAgencies(name: string): string[] {
  const parts = name.split(/[和及与]/);
  if (parts.length < 2 || compoundName.test(name) || /有关|相关|等|各/.test(name) || !parts.every((p) => p.length >= 3 && strongAgency.test(p))) return [name];
  return parts;
}

const impliedTail = /等(?:其他|其它)?(?:有关|相关)?(?:部门|单位|方面|机构|地区)?(?:和|及|、)?(?:单位|部门|机构)?$/;

/** 人力资源社会保障部等有关部门和单位 → 人力资源社会保障部, with the tail 等有关部门和单位 (not a unit). */
export function stripImplied(name: string): { name: string; implied?: string } {
  const m = impliedTail.exec(name);
  if (!m || m.index === 0) return { name };
  return { name: name.slice(0, m.index), implied: m[0] };
}

/** A name that stands for a group of units rather than one: 各有关部门, 各省级人民政府, 省直有关部门, 试点地区. */
export function isGeneric(name: string): boolean {
  const n = normalizeName(name);
  return /^(各|有关|相关|其他|其它|地方各级|所属|试点)|各级|(有关|相关)(部门|单位|方面|机构)|^[省市县区州]直|成员单位$/.test(n);
}

/** A generic name too vague to lead a task: 各有关部门和单位, 有关部门, 各部门. */
export function isVague(name: string): boolean {
  const n = normalizeName(name);
  return /^([省市县区州]直|国务院|中央)?(各|其他|其它)?(有关|相关)?(部门|单位|方面|机构)([和及、](部门|单位|机构))?$/.test(n) || /^各地(区)?[、,]?各(有关)?部门$/.test(n);
}

// ---------------------------------------------------------------------------
// Subjects: who a sentence says will act (国家卫生健康委推行…, 各地要…, A会同B研究…)

// Endings of agency names that can act on their own (国家卫生健康委推行…). Each excludes the
// words that end alike and are no agency: 全部, 格局, 举办, 部署, 大厅, 为中心, 本地区.
const strongEndings = [
  '委员会', '管委会', '领导小组', '工作专班', '办公厅', '办公室', '人民政府', '政府', '总局', '总署', '总队', '支队', '大队',
  '集团', '公司', '银行', '监会', '联合会', '协会', '学会', '工会', '组委', '街道', '乡镇', '办事处', '部门', '单位', '机构',
  '(?<![为核重])中心', '(?<![全内外局干东西中南北本头])部', '(?<![格布大结开当全])局', '(?<![举创承主代督包开兴协帮难么网快即通上好照管])办',
  '(?<![部签])署', '(?<![大餐客展])厅', '(?<![医学庭法])院', '(?<![会教科])室', '委', '(?<![本该])地区', '各地', '省份',
  '海关', '法院', '检察院', '支行', '分行', '总社', '妇联', '残联', '科协', '侨联', '文联', '工商联', '红十字会', '管理处', '团',
];
const strongAgency = new RegExp(`(?:${strongEndings.join('|')})(?:[（(][^（()）]{1,4}[）)])?$`);

/** A name that ends like an agency's (市甲局, 国家卫生健康委, 昆明海关) or is a generic one (各有关部门). */
export function looksLikeAgency(name: string): boolean {
  return name.length >= 2 && name.length <= 30 && (strongAgency.test(name) || isGeneric(name)) && !/[。：:的]/.test(name);
}
// Endings that act only with a modal (三级公立医院要…), never with a bare verb (医院调整…).
const weakAgency = /(医院|医疗机构|学校|院校|高校|企业|学院)$/;

const modal = ['要会同', '要', '应当', '应', '须', '需要', '需', '必须', '务必', '将', '可以', '可', '负责', '牵头', '会同'];
const predicates = [
  ...modal,
  '研究', '于', '在', '对', '按', '依', '根据', '已', '也', '正', '继续', '统筹', '组织', '推行', '推进', '推动', '印发', '建立', '健全',
  '制定', '制订', '修订', '完成', '出台', '开展', '加强', '加大', '落实', '指导', '监督', '做好', '提出', '配合', '参与', '协助', '共同',
  '分别', '定期', '每', '结合', '抓紧', '加快', '切实', '认真', '积极', '进一步', '不断', '全面', '及时', '尽快', '抓好', '实施', '实行',
  '编制', '发布', '启动', '审核', '核准', '督促', '督导', '确保', '强化', '完善', '优化', '深化', '支持', '鼓励', '引导', '协调', '主动',
  '具体', '承担', '向', '把', '联合', '明确', '规范', '简化', '公布', '发挥', '保障', '严格', '探索', '设立', '成立', '召开', '派', '赴',
  '通过', '采取', '利用', '依托', '围绕', '聚焦', '针对', '上报', '报送', '牵', '还', '再', '均', '都', '要求', '安排', '审批', '受理',
];
const verbStart = /^(加强|推进|推动|完善|健全|开展|落实|实施|支持|鼓励|引导|深化|优化|提升|提高|强化|扩大|加快|积极|切实|认真|进一步|全面|大力|坚持|做好|抓好|探索|促进|规范|严格|加大|统筹|创新|发挥|培育|打造|构建|形成|保障|确保|实现|营造|允许|授权|取消|简化|下放|降低|减少|增加|放宽|对|在|按|依|根据|通过|围绕|以|为|要|将|把|由|凡|如|若|除|其中|同时|并|与|向|从|针对|结合|关于|对于)/;
// What a name never holds: a modal or a verb of the sentence (各地工作进展情况要定期报告国务院).
const inName = /要(?!素)|(?<![适供响])应(?!急)|须|将|的|了|等|该|其|此|已|会同|负责|牵头|研究|提出|委托|对(?:所属|下级|本级|本)/;
const notActor = /^(国家|中央|全国|全省|全市|社会|群众|企业|个人)$|^(你|我|本|该|其)/;
// Two agencies side by side in one name: 工业和信息化部, 文化和旅游部 — not 财政和医保部门.
const compoundName = /(工业|文化|住房|人力资源|粮食|卫生|发展|自然资源|交通运输|科学技术|广播电影|新闻出版|国家卫生|农业)和/;

export interface Subject {
  names: string[];
  /** Units after 会同: they cooperate with the names before it. */
  partners: string[];
  implied: string[];
  /** The text up to the end of the subject (and 会同 list). */
  raw: string;
  /** The subject came with a modal (要/应/将/负责…), not a bare verb. */
  withModal: boolean;
}

/** The shortest prefixes of `text` that could be an agency name, longest last. */
function namePrefixes(text: string, weak: boolean): number[] {
  const ends: number[] = [];
  for (let i = 2; i <= Math.min(text.length, 24); i++) {
    const s = text.slice(0, i);
    if (/[，,。；;：:“”《》"'\d\s]/.test(s) || /^[（(]/.test(s)) break;
    if (strongAgency.test(s) || (weak && weakAgency.test(s))) ends.push(i);
  }
  return ends;
}

function predicateAt(text: string): string | undefined {
  return predicates.find((p) => text.startsWith(p));
}

interface ListRead {
  names: string[];
  implied: string[];
  end: number;
}

/**
 * A list of names at the start of `text`, 、-separated, with a shared ending
 * (财政、发展改革、教育等部门 → 财政, 发展改革, 教育) and a generic tail (等有关部门),
 * followed by a predicate. Several readings are tried; the first followed by a predicate wins.
 */
function readList(text: string, needModal: boolean): (ListRead & { predicate: string; withModal: boolean }) | undefined {
  // Items before the last 、 are read as plain words when the list ends in 部门 or a tail.
  const items = splitTopLevel(text.slice(0, 80), '、');
  for (let k = items.length - 1; k >= 0; k--) {
    const head = items.slice(0, k);
    if (head.some((h) => h.length === 0 || h.length > 16 || /[，,。；;：:“”《》\d]/.test(h) || inName.test(h))) continue;
    const offset = head.reduce((a, h) => a + h.length + 1, 0);
    const last = items.slice(k).join('、');
    const tries: { name: string; implied: string; end: number }[] = [];
    for (const end of namePrefixes(last, true)) {
      const name = last.slice(0, end);
      const tail = /^(等(?:有关|相关|其他)?(?:部门|单位|方面|机构)?(?:和单位)?)/.exec(last.slice(end));
      tries.push({ name, implied: '', end });
      if (tail) tries.push({ name, implied: tail[1]!, end: end + tail[1]!.length });
    }
    // A tail on a bare word: 财政、…、中医药等部门.
    const bareTail = /^([^，,。；;：:“”《》\d、]{1,12}?)(等(?:有关|相关|其他)?(?:部门|单位|方面|机构))/.exec(last);
    if (bareTail && head.length > 0) tries.push({ name: bareTail[1]!, implied: bareTail[2]!, end: bareTail[0].length });
    for (const t of tries) {
      if (inName.test(t.name)) continue;
      const after = last.slice(t.end);
      const predicate = predicateAt(after);
      if (!predicate) continue;
      const withModal = modal.some((m) => after.replace(/^(也|还|已|均|都|正|再)+/, '').startsWith(m)) || /^(已|也|还|正|均|都)*会同/.test(after);
      const written = [...head, t.name];
      const names = written.flatMap(splitAnd).flatMap(splitAgencies);
      const strong = written.every((n) => strongAgency.test(n)) || (head.length > 0 && /部门$|等/.test(t.name + t.implied));
      const weakOk = weakAgency.test(t.name) && (withModal || /^各/.test(written[0]!));
      if (!strong && !weakOk) continue;
      // Inside a sentence a bare verb makes a subject only of an agency name (，财政和医保部门结合…).
      if (needModal && !withModal && !written.every((n) => strongAgency.test(n))) continue;
      if (names.some((n) => notActor.test(n) || verbStart.test(n) || n.length < 2)) continue;
      return { names, implied: t.implied ? [t.implied] : [], end: offset + t.end, predicate, withModal };
    }
  }
  return undefined;
}

/** 财政和医保部门 → 财政, 医保部门 (a shared ending); 工业和信息化部 stays whole. */
function splitAnd(name: string): string[] {
  if (!/部门$/.test(name) || !/[和及与]/.test(name) || compoundName.test(name)) return [name];
  return name.split(/[和及与]/).filter((s) => s.length >= 2);
}

const leadingTime = /^(?:(?:在|于|到|自|从)?\d{4}年(?:\d{1,2}月(?:份)?)?(?:\d{1,2}[日号])?(?:底|末)?(?:前|以前|之前|起|开始)?|(?:今后|近期|同时|此外|另外|其中|对此))/;

/**
 * The subject of a clause: who acts, when the clause opens with a unit name (or a list)
 * followed by a predicate. `needModal` is for clauses inside a sentence, where only
 * 要/应/将/负责 make a name the subject.
 */
export function readSubject(clause: string, needModal = false): Subject | undefined {
  let text = clause.trim().replace(/^(请|由)/, '');
  const time = leadingTime.exec(text);
  if (time && time[0]) text = text.slice(time[0].length).replace(/^[，,]/, '');
  const lead = readList(text, needModal);
  if (!lead) return undefined;
  let raw = text.slice(0, lead.end);
  let rest = text.slice(lead.end);
  const partners: string[] = [];
  const implied = [...lead.implied];
  const join = /^(?:已|也|还|要|将|正|再)*会同/.exec(rest);
  if (join) {
    const after = rest.slice(join[0].length);
    const list = readList(after, false);
    if (list) {
      partners.push(...list.names);
      implied.push(...list.implied);
      raw = text.slice(0, lead.end + join[0].length + list.end);
      rest = after.slice(list.end);
    } else {
      // 会同有关部门 (a bare generic), up to the next verb.
      const generic = /^((?:各|其他)?(?:有关|相关)(?:部门|单位|方面))/.exec(after);
      if (generic) {
        partners.push(generic[1]!);
        raw = text.slice(0, lead.end + join[0].length + generic[1]!.length);
      }
    }
  }
  return { names: lead.names, partners, implied, raw, withModal: lead.withModal || partners.length > 0 };
}

/**
 * Who handled a request, from the phrase before a colon: 发展改革委会同有关部门研究提出：,
 * 证监会、发展改革委提出了以下意见：, 发展改革委意见：. Undefined for any other phrase.
 */
export function readHandler(phrase: string): Subject | undefined {
  const text = phrase.trim();
  if (!/(提出|意见|答复|回复|表示|认为|说明|如下|办理)$/.test(text)) return undefined;
  const subject = readSubject(text);
  if (subject) return subject;
  const bare = /^(.+?)(?:的)?(?:意见|答复)$/.exec(text);
  const names = bare ? splitNames(bare[1]!) : [];
  if (names.length === 0 || !names.every((n) => strongAgency.test(n) && !inName.test(n) && !notActor.test(n))) return undefined;
  return { names, partners: [], implied: [], raw: text, withModal: false };
}

/** A clause that only says when (2019年3月底前 / 2020年起 / 同时): the next clause opens the sentence. */
export function isTimeOnly(clause: string): boolean {
  const t = trimPunctuation(clause);
  const m = leadingTime.exec(t);
  return m !== null && m[0].length === t.length && t.length > 0;
}

// ---------------------------------------------------------------------------
// Closest names

function lcs(a: string, b: string): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(row[j]!, row[j - 1]!);
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The names closest to `name` (市卫健委 ↔ 市卫生健康委), best first: shared characters in order. */
export function closestNames(name: string, candidates: readonly string[], limit = 2): string[] {
  const n = normalizeName(name);
  return candidates
    .map((c) => {
      const f = normalizeName(c);
      return { c, score: (2 * lcs(n, f)) / (n.length + f.length), first: f[0] === n[0] };
    })
    .filter((x) => x.score >= 0.6 && x.first && x.c !== name)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((x) => x.c);
}
