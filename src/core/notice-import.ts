// Turns an official notice (通知/行动方案) into a draft plan: header, leading group, tasks
// and sub-tasks with their units, quantified targets and reporting rounds. Pure; whatever
// it cannot place becomes a TODO for the office to settle instead of a silent guess.
import { zh } from './texts.js';
import {
  planSpec,
  type Comparator,
  type IndicatorSpec,
  type MemberSpec,
  type PlanSpec,
  type RecipientRole,
  type Recurrence,
  type ReporterRole,
  type RoundSpec,
  type SubtaskSpec,
  type TaskSpec,
  defaultScheduleSpec,
} from './plan-spec.js';
import { addDays, toZonedIso, zonedInstant } from './time.js';
import { createUnitIndex, normalizeName, type UnitRef } from './units.js';

export type TodoPath = (string | number)[];

export interface NoticeTodo {
  /** Where in the plan the question arises; a path that does not exist concerns the plan as a whole. */
  path: TodoPath;
  message: string;
}

/** Where a task's units came from, as read from the notice. */
export interface UnitSource {
  kind: 'clause' | 'labelled' | 'lines' | 'table' | 'inline' | 'inherited' | 'subtasks' | 'none';
  /** The clause or phrase as written. */
  text: string;
  /** A role rule the notice states (列第一位者为牵头单位), when it decided the roles. */
  rule?: string;
  /** Names that stand for a group of units (各有关部门), kept as written. */
  generic: string[];
  /** Generic tails that are no unit (等有关部门). */
  implied: string[];
}

export interface FoundDeadline {
  text: string;
  date?: string;
  recurrence?: { period: 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'other'; month?: number; day?: number | 'end'; from?: number };
  relative?: string;
  ongoing?: boolean;
}

/** What the importer knows about one task beyond the plan file: its numbering, sources and doubts. */
export interface TaskOrigin {
  /** The number as written: （四）, 1., 八、 */
  written: string;
  /** The numbers of the headings above it: 四（一）. */
  section: string;
  units: UnitSource;
  doubts: string[];
  deadlines: FoundDeadline[];
  subtasks: TaskOrigin[];
}

/** A deadline with the task it belongs to (an index into plan.tasks), or none for the whole notice. */
export interface NoticeDeadline extends FoundDeadline {
  task: number | null;
}

export interface NoticeImport {
  plan: PlanSpec;
  todos: NoticeTodo[];
  /** One per plan task, in the same order. */
  origins: TaskOrigin[];
  deadlines: NoticeDeadline[];
}

export interface ImportNoticeOptions {
  directory?: readonly UnitRef[];
  slug?: string;
  timezone?: string;
}

const defaultTimezone = 'Asia/Shanghai';
// The notice only gives deadlines; the office decides when a round opens.
const openDaysBeforeDue = 14;
const opensAtTime = '09:00';
const dueAtTime = '18:00';

// ---------------------------------------------------------------------------
// Text helpers

const openers = '(（[【《“‘〔';
const closers = ')）]】》”’〕';

/** Splits on separator characters that are not inside brackets or quotes. */
function splitTopLevel(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (openers.includes(ch)) depth++;
    else if (closers.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.includes(ch)) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function indexOfTopLevel(text: string, target: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (depth === 0 && ch === target) return i;
    if (openers.includes(ch)) depth++;
    else if (closers.includes(ch)) depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** Title = the first sentence (without its 。), rest = everything after it. */
function splitFirstSentence(text: string): { title: string; rest: string } {
  const i = indexOfTopLevel(text, '。');
  if (i < 0) return { title: trimPunctuation(text), rest: '' };
  return { title: text.slice(0, i).trim(), rest: text.slice(i + 1).trim() };
}

function trimPunctuation(text: string): string {
  return text.replace(/^[\s\u3000,，;；:：、。]+|[\s\u3000,，;；:：、。]+$/g, '');
}

const cnDigit: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 十二 → 12, 二十一 → 21, 一百 → 100; undefined for anything else. */
function chineseToInt(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in cnDigit) digit = cnDigit[ch]!;
    else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else return undefined;
  }
  return total + digit;
}

/** 二〇二〇 → 2020 (years are written digit by digit). */
function chineseYear(text: string): number | undefined {
  let out = '';
  for (const ch of text) {
    if (!(ch in cnDigit)) return undefined;
    out += String(cnDigit[ch]);
  }
  return Number(out);
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

interface FoundDate {
  iso: string;
  index: number;
  end: number;
  text: string;
}

const cnNum = '[〇零一二三四五六七八九十]';
const datePattern = new RegExp(
  [
    '(\\d{4})年(\\d{1,2})月(\\d{1,2})[日号]',
    '(\\d{4})年(\\d{1,2})月份?(?:底|末)',
    '(\\d{4})年(?:底|末)',
    '(\\d{4})[-./](\\d{1,2})[-./](\\d{1,2})(?!\\d)',
    `(${cnNum}{4})年(${cnNum}{1,3})月(${cnNum}{1,3})日`,
  ].join('|'),
  'g',
);

/** Calendar dates as notices write them: 2020年8月19日, 2021年3月底, 2020年底, 2021-06-30, 2021.6.30, 二〇二〇年八月十九日. */
function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(datePattern)) {
    let y: number | undefined;
    let mo: number | undefined;
    let d: number | undefined;
    if (m[1]) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    else if (m[4]) {
      [y, mo] = [Number(m[4]), Number(m[5])];
      d = validDate(y, mo, 1) ? daysInMonth(y, mo) : undefined;
    } else if (m[6]) [y, mo, d] = [Number(m[6]), 12, 31];
    else if (m[7]) [y, mo, d] = [Number(m[7]), Number(m[8]), Number(m[9])];
    else if (m[10]) [y, mo, d] = [chineseYear(m[10]), chineseToInt(m[11]!), chineseToInt(m[12]!)];
    if (y === undefined || mo === undefined || d === undefined || !validDate(y, mo, d)) continue;
    out.push({ iso: isoDate(y, mo, d), index: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** A line that is nothing but a date (the issuing date under the signature). */
function dateOnly(line: string): string | undefined {
  const found = findDates(line);
  return found.length === 1 && found[0]!.text === line.trim() ? found[0]!.iso : undefined;
}

// ---------------------------------------------------------------------------
// Numbering

// Kinds of item numbering, from chapters down to circled digits.
type NumberStyle = 'chapter' | 'article' | 'cn' | 'cn-paren' | 'arabic' | 'arabic-paren' | 'circled';

interface Marker {
  style: NumberStyle;
  n: number;
  rest: string;
}

const markerPatterns: ReadonlyArray<{ style: NumberStyle; pattern: RegExp }> = [
  { style: 'chapter', pattern: /^第([一二三四五六七八九十百]+)(?:章|部分)[\s\u3000]*/ },
  { style: 'article', pattern: /^第([一二三四五六七八九十百]+)条[\s\u3000]*/ },
  { style: 'cn', pattern: /^([一二三四五六七八九十]+)[、.．][\s\u3000]*/ },
  { style: 'cn-paren', pattern: /^[（(]([一二三四五六七八九十]+)[）)][\s\u3000]*/ },
  // 1. or 1、 but not 1.5万 (a decimal) or 2020年 (a year).
  { style: 'arabic', pattern: /^(\d{1,2})(?:[、．]|\.(?!\d))[\s\u3000]*/ },
  { style: 'arabic-paren', pattern: /^[（(](\d{1,2})[）)][\s\u3000]*/ },
  { style: 'circled', pattern: /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])[\s\u3000]*/ },
];

function readMarker(line: string): Marker | undefined {
  for (const { style, pattern } of markerPatterns) {
    const m = pattern.exec(line);
    if (!m) continue;
    const raw = m[1]!;
    const n = style === 'circled' ? raw.codePointAt(0)! - 0x2460 + 1 : chineseToInt(raw);
    if (n === undefined || n === 0) continue;
    return { style, n, rest: line.slice(m[0].length).trim() };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Unit clauses: (牵头单位:…;配合单位:…;责任单位:…)

type UnitRole = 'lead' | 'cooperating' | 'responsible';

interface UnitClause {
  lead: string[];
  cooperating: string[];
  responsible: string[];
  /** Role labels the importer does not know, with their names. */
  unknown: string[];
}

const roleLabels: ReadonlyArray<{ pattern: RegExp; role: UnitRole }> = [
  { pattern: /^(牵头单位|牵头部门|主办单位|主责单位|牵头)$/, role: 'lead' },
  { pattern: /^(配合单位|配合部门|协办单位|参与单位|协同单位|配合)$/, role: 'cooperating' },
  { pattern: /^(责任单位|责任部门|落实单位|实施单位|责任主体)$/, role: 'responsible' },
];
const roleLabel = /(牵头单位|牵头部门|主办单位|主责单位|配合单位|配合部门|协办单位|参与单位|协同单位|责任单位|责任部门|落实单位|实施单位|责任主体)\s*[:：]/;
const roleLabelGlobal = new RegExp(roleLabel.source, 'g');

/** Splits a list of unit names on 、，, ; — but not inside brackets, so 各县(市、区)人民政府 stays whole. */
function splitNames(text: string): string[] {
  return splitTopLevel(text, '、，,;；/')
    .map((s) => trimPunctuation(s))
    .filter((s) => s.length > 0 && !/^(无|\/|—+|-+)$/.test(s));
}

function emptyClause(): UnitClause {
  return { lead: [], cooperating: [], responsible: [], unknown: [] };
}

/** Adds names to a role; a name marked (牵头) in any list is a lead unit. */
function addNames(clause: UnitClause, role: UnitRole, names: readonly string[]): void {
  for (const raw of names) {
    const marked = /[（(]牵头[）)]$/.exec(raw);
    const name = marked ? raw.slice(0, marked.index).trim() : raw;
    const target = marked ? clause.lead : clause[role];
    if (!target.includes(name)) target.push(name);
  }
}

function parseClause(content: string): UnitClause | undefined {
  const labels = [...content.matchAll(roleLabelGlobal)];
  if (labels.length === 0 || content.slice(0, labels[0]!.index).trim() !== '') return undefined;
  const clause = emptyClause();
  labels.forEach((m, k) => {
    const label = m[1]!;
    const names = splitNames(content.slice(m.index + m[0].length, labels[k + 1]?.index ?? content.length));
    const role = roleLabels.find((r) => r.pattern.test(label))?.role;
    if (role) addNames(clause, role, names);
    else clause.unknown.push(`${label}:${names.join('、')}`);
  });
  return clause;
}

/** Separates a paragraph's trailing unit clause, in brackets or as a bare 牵头单位：… tail. */
function splitTrailingClause(paragraph: string): { text: string; clause?: UnitClause } {
  const text = paragraph.trim().replace(/[。.]$/, '');
  const last = text.at(-1);
  if (last && closers.includes(last)) {
    // Walk back to the matching opening bracket; names inside nest their own brackets.
    let depth = 0;
    for (let i = text.length - 1; i >= 0; i--) {
      const ch = text[i]!;
      if (closers.includes(ch)) depth++;
      else if (openers.includes(ch) && --depth === 0) {
        const clause = parseClause(text.slice(i + 1, -1).trim());
        if (clause) return { text: paragraph.trim().slice(0, i).trim(), clause };
        break;
      }
    }
  }
  // A bare clause: the last top-level sentence starts with a role label.
  const bare = roleLabel.exec(text);
  if (bare) {
    const before = text.slice(0, bare.index);
    if (before.trim() === '' || /[。;；]\s*$/.test(before)) {
      const clause = parseClause(text.slice(bare.index));
      if (clause) return { text: before.trim(), clause };
    }
  }
  return { text: paragraph.trim() };
}

function mergeClauses(a: UnitClause | undefined, b: UnitClause): UnitClause {
  if (!a) return b;
  const out = emptyClause();
  for (const c of [a, b]) {
    addNames(out, 'lead', c.lead);
    addNames(out, 'cooperating', c.cooperating);
    addNames(out, 'responsible', c.responsible);
    out.unknown.push(...c.unknown);
  }
  return out;
}

// ---------------------------------------------------------------------------
// The importer

interface Paragraph {
  text: string;
  clause?: UnitClause;
}

interface ItemDraft {
  /** The number as written, for the renumbering note. */
  written: string;
  n: number;
  paragraphs: Paragraph[];
  /** A table row's 完成时限 cell. */
  deadline?: string;
  /** Indices (into the notice's lines) of the lines this item was read from. */
  lines: number[];
}

interface Section {
  start: number;
  end: number;
  found: boolean;
}

const taskHeading = /任务|重点工作|主要措施|工作措施|具体措施|重点举措|主要内容|工作内容/;
const closingHeading = /^(工作要求|保障措施|组织保障|组织实施|有关要求|工作保障|保障机制|其他事项)/;
const closingMatter = /^(抄送|附件[:：\d]|主题词)|印发$/;

/** The open questions the importer collects while reading, in the order it meets them. */
class Draft {
  readonly todos: NoticeTodo[] = [];
  todo(path: TodoPath, message: string): void {
    this.todos.push({ path, message });
  }
}

export function importNotice(text: string, options: ImportNoticeOptions = {}): NoticeImport {
  const draft = new Draft();
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((l) => l.length > 0);

  let timezone = options.timezone ?? defaultTimezone;
  try {
    zonedInstant('2020-01-01', '00:00', timezone);
  } catch {
    draft.todo(['timezone'], `未知时区“${timezone}”，已改用 ${defaultTimezone}`);
    timezone = defaultTimezone;
  }

  const header = readHeader(lines, draft);
  const section = findTaskSection(lines, header.bodyStart);
  const items = readItems(lines, section, draft);
  const consumed = new Set(items.flatMap((it) => it.lines));
  const tasks = items.map((item, i) => toTask(item, i, draft));
  if (tasks.length === 0) {
    draft.todo(['tasks', 0], '未能识别任何任务条目，请手工填写任务');
    tasks.push({ ...emptyTask(1), title: '待填写任务' });
  }
  renumber(tasks, items, draft);
  const firstTaskLine = Math.min(...consumed, lines.length);
  addShortNames(tasks, lines.slice(header.bodyStart, firstTaskLine).join('\n'));

  // Text that is no task's (cover letter, 总体要求, 工作要求, closing lines) holds the plan-wide rounds.
  const outside = lines.map((l, i) => (consumed.has(i) || dateOnly(l) ? '' : l));
  const until = validityEnd(text);
  const rounds = new RoundBuilder(draft, timezone, header.issuedOn, until);
  rounds.fromText(outside.filter((l) => l).join('\n'), undefined);
  tasks.forEach((task, i) => {
    const all = [task, ...task.subtasks];
    rounds.fromText(all.map((t) => `${t.title}。${t.body}`).join('\n'), { number: task.number, index: i, short: task.short });
    addIndicators(task, ['tasks', i], draft);
    task.subtasks.forEach((s, k) => addIndicators(s, ['tasks', i, 'subtasks', k], draft));
  });
  items.forEach((item, i) => {
    if (item.deadline !== undefined) rounds.fromDeadline(item.deadline, tasks[i]!.number, i);
  });
  noteStrayTargets(outside.slice(header.bodyStart), draft);

  const office = findOffice(text, rounds.officeRecipient(), draft);
  const leadingGroup = readLeadingGroup(lines, office, options.directory, draft);

  const plan: PlanSpec = {
    slug: options.slug ?? slugFor(header.issuedOn, draft),
    title: header.title,
    issuer: header.issuer,
    issuedOn: header.issuedOn ?? '2000-01-01',
    timezone,
    office: office.name,
    schedule: defaultScheduleSpec,
    leadingGroup,
    tasks,
    rounds: rounds.rounds,
  };
  if (!header.issuedOn) draft.todo(['issuedOn'], '未找到成文日期，请填写（格式 2020-08-19）');
  if (options.directory) checkUnits(plan, options.directory, draft);
  else draft.todo(['directory'], '未提供单位名录：单位名称未核对。请设置 directory 为单位名录文件（如 units.yaml）');

  // A safety net: anything the schema still rejects is reported, never hidden.
  const parsed = planSpec.safeParse(plan);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      draft.todo(issue.path.filter((p): p is string | number => typeof p !== 'symbol'), `不符合计划文件格式：${issue.message}`);
    }
  }
  const origins: TaskOrigin[] = tasks.map((t, i) => ({
    written: items[i]?.written ?? String(t.number),
    section: '',
    units: { kind: 'none', text: '', generic: [], implied: [] },
    doubts: [],
    deadlines: [],
    subtasks: [],
  }));
  return { plan, todos: draft.todos, origins, deadlines: [] };
}

function emptyTask(number: number): TaskSpec {
  return { number, title: '', body: '', lead: [], cooperating: [], responsible: [], indicators: [], subtasks: [] };
}

// ---------------------------------------------------------------------------
// Header: title, issuer, date

interface Header {
  title: string;
  issuer: string;
  issuedOn?: string;
  /** First line of the plan text proper (after the cover letter). */
  bodyStart: number;
}

const planNameEnd = /(方案|计划|措施|要点|意见|办法|规划|细则|清单)$/;

function readHeader(lines: readonly string[], draft: Draft): Header {
  let issuer: string | undefined;
  let issuedOn: string | undefined;
  const dateLine = lines.findIndex((l) => dateOnly(l) !== undefined);
  if (dateLine >= 0) {
    issuedOn = dateOnly(lines[dateLine]!);
    const before = lines[dateLine - 1];
    if (before && !/[。，,；;:：]/.test(before) && before.length <= 60) issuer = before;
  } else {
    // 保山市人民政府办公室 2021年3月1日印发
    for (const line of lines) {
      const m = /^(.*?)[\s\u3000]*(\S+)印发$/.exec(line);
      const iso = m && dateOnly(m[2]!);
      if (m && iso) {
        issuedOn = iso;
        if (m[1]) issuer = m[1];
        break;
      }
    }
  }

  const titleLike = (l: string) => !/[，,。；;:：]/.test(l) && l.length <= 60 && planNameEnd.test(l) && !/^关于/.test(l);
  // The plan's own title line follows the cover letter; a bare plan (no cover letter) starts with it.
  const after = lines.findIndex((l, i) => i > dateLine && titleLike(l));
  const standalone = after >= 0 ? after : lines.findIndex(titleLike);
  const coverEnd = dateLine >= 0 ? dateLine : Math.min(lines.length, 5);
  const quoted = lines
    .slice(0, coverEnd)
    .flatMap((l) => [...l.matchAll(/《([^》]+)》/g)].map((m) => m[1]!))
    .find((t) => planNameEnd.test(t));
  const notice = /^关于印发(.+?)的通知$/.exec(lines[0] ?? '');
  let title = quoted ?? (standalone >= 0 ? lines[standalone] : undefined) ?? notice?.[1];
  if (!title) {
    title = lines[0] ?? '待填写标题';
    draft.todo(['title'], '未能识别方案名称，暂用第一行，请核对');
  }
  if (!issuer) {
    issuer = '待填写发文单位';
    draft.todo(['issuer'], '未能识别发文单位（落款），请填写');
  }
  const bodyStart = standalone >= 0 ? standalone + 1 : dateLine >= 0 && dateLine < lines.length / 2 ? dateLine + 1 : 0;
  return { title, issuer, issuedOn, bodyStart };
}

function slugFor(issuedOn: string | undefined, draft: Draft): string {
  draft.todo(['slug'], '计划代号无法由中文标题生成：请改为小写字母、数字和连字符组成的代号，如 baoshan-2020-public-service');
  return issuedOn ? `plan-${issuedOn}` : 'plan-draft';
}

// ---------------------------------------------------------------------------
// Tasks

/** The lines under the 主要任务/重点任务 heading, up to the next heading of its level or 工作要求. */
function findTaskSection(lines: readonly string[], from: number): Section {
  for (let i = from; i < lines.length; i++) {
    const marker = readMarker(lines[i]!);
    const heading = marker ? marker.rest : lines[i]!;
    if (heading.length > 16 || /[。，,；;]/.test(heading) || !taskHeading.test(heading)) continue;
    if (marker && !['chapter', 'cn'].includes(marker.style) && !isFirstLevel(lines, from, i, marker.style)) continue;
    let end = i + 1;
    for (; end < lines.length; end++) {
      const line = lines[end]!;
      const m = readMarker(line);
      if (m && marker && (m.style === marker.style || m.style === 'chapter')) break;
      if (!m && closingHeading.test(line) && line.length <= 16) break;
      if (closingMatter.test(line)) break;
    }
    return { start: i + 1, end, found: true };
  }
  const end = lines.findIndex((l, i) => i >= from && closingMatter.test(l));
  return { start: from, end: end < 0 ? lines.length : end, found: false };
}

/** True when `style` is the outermost numbering used in the plan body, so its items are sections. */
function isFirstLevel(lines: readonly string[], from: number, at: number, style: NumberStyle): boolean {
  for (let i = from; i < at; i++) {
    const m = readMarker(lines[i]!);
    if (m) return m.style === style;
  }
  return true;
}

const tableSeparator = /\s*[|｜\t]\s*/;

/**
 * Items of the task section. The task level is the numbering whose items carry unit clauses,
 * so 一、总体要求 or a (一) category heading above 1. 2. tasks is never taken for a task.
 */
function readItems(lines: readonly string[], section: Section, draft: Draft): ItemDraft[] {
  const body = lines.slice(section.start, section.end);
  const table = readTable(body, section, draft);
  if (table) return table;

  const markers = body.map((l) => readMarker(l));
  const styles: NumberStyle[] = [];
  for (const m of markers) if (m && !styles.includes(m.style)) styles.push(m.style);
  if (styles.length === 0) return [];

  const cache = new Map<NumberStyle, ItemDraft[]>();
  const itemsOf = (style: NumberStyle): ItemDraft[] => {
    const cached = cache.get(style);
    if (cached) return cached;
    const outer = styles.slice(0, styles.indexOf(style));
    const out: ItemDraft[] = [];
    markers.forEach((m, i) => {
      if (m?.style !== style) return;
      let end = i + 1;
      while (end < body.length && !(markers[end] && (markers[end]!.style === style || outer.includes(markers[end]!.style)))) end++;
      const raw = [m.rest, ...body.slice(i + 1, end).map((l) => readMarker(l)?.rest ?? l)];
      // A unit clause closes an item: unnumbered text after the last one (报送要求, 施行日期)
      // is the plan's, not the item's.
      const lastClause = raw.findLastIndex((l) => splitTrailingClause(l).clause !== undefined);
      const kept = lastClause >= 0 ? raw.slice(0, lastClause + 1) : raw;
      out.push({
        written: body[i]!.slice(0, body[i]!.length - m.rest.length).trim(),
        n: m.n,
        paragraphs: toParagraphs(kept),
        lines: kept.map((_, k) => section.start + i + k),
      });
    });
    cache.set(style, out);
    return out;
  };
  const hasClause = (it: ItemDraft) => it.paragraphs.some((p) => p.clause);
  // A bare heading (（一）提升平台支撑能力) over numbered tasks is a category, not a task.
  const isHeading = (it: ItemDraft) => {
    const first = it.paragraphs[0];
    return first !== undefined && !first.clause && !first.text.includes('。') && first.text.length <= 20;
  };
  const candidates = styles.filter((s) => itemsOf(s).some(hasClause));
  const best = candidates.find((s) => !itemsOf(s).filter(hasClause).every(isHeading)) ?? candidates[0] ?? styles[0]!;
  let items = itemsOf(best);
  if (!items.some(hasClause)) draft.todo(['tasks'], '任务条目中没有找到“牵头单位/责任单位”，请逐项填写单位');

  if (!section.found) {
    // Without a 主要任务 heading, keep only the top-level sections that hold tasks with units
    // (the (一)(二) of 工作要求 are no tasks), and drop bare headings like 三、工作要求.
    // Say what was left out.
    const top = styles[0]!;
    // The top-level section an item sits in: the nearest line above it numbered at the top level.
    const blockOf = (it: ItemDraft) => markers.slice(0, it.lines[0]! - section.start + 1).findLastIndex((m) => m?.style === top);
    const kept = new Set(items.filter(hasClause).map(blockOf));
    const keep = (it: ItemDraft) => (best === top || kept.has(blockOf(it))) && (hasClause(it) || !isHeading(it));
    const dropped = items.filter((it) => !keep(it));
    items = items.filter(keep);
    if (dropped.length > 0) {
      draft.todo(['tasks'], `未找到“主要任务”标题，按带单位的条目识别任务；以下条目未作为任务：${dropped.map((d) => d.written + splitFirstSentence(d.paragraphs[0]?.text ?? '').title).join('；')}`);
    }
  }
  return items;
}

/** Paragraphs of one item; a line that is only a unit clause belongs to the paragraph before it. */
function toParagraphs(raw: readonly string[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const line of raw) {
    const { text, clause } = splitTrailingClause(line);
    const prev = out.at(-1);
    if (text === '' && clause && prev) prev.clause = mergeClauses(prev.clause, clause);
    else if (text !== '' || clause) out.push(clause ? { text, clause } : { text });
  }
  return out;
}

/** A text table: a header row with 序号 and a task column, then one row per task. */
function readTable(body: readonly string[], section: Section, draft: Draft): ItemDraft[] | undefined {
  const headerAt = body.findIndex((l) => /序号/.test(l) && l.split(tableSeparator).length >= 3);
  if (headerAt < 0) return undefined;
  const lineOf = (k: number) => section.start + k;
  const cells = (l: string) => l.replace(/^[|｜]|[|｜]$/g, '').split(tableSeparator).map((c) => c.trim());
  const columns = cells(body[headerAt]!);
  const col = (pattern: RegExp) => columns.findIndex((c) => pattern.test(c));
  const at = {
    number: col(/序号/),
    task: col(/任务|内容|措施|事项/),
    lead: col(/牵头/),
    cooperating: col(/配合|协办|参与/),
    responsible: col(/责任/),
    deadline: col(/时限|时间|节点/),
  };
  if (at.task < 0) return undefined;
  const items: ItemDraft[] = [];
  for (let k = headerAt + 1; k < body.length; k++) {
    const line = body[k]!;
    const row = cells(line);
    const n = Number(row[at.number] ?? '');
    if (row.length !== columns.length || !Number.isInteger(n) || n <= 0) {
      if (/^[-|｜\s:]+$/.test(line)) continue; // a ruler line
      draft.todo(['tasks'], `表格中有一行未能识别，请核对：${line}`);
      continue;
    }
    const clause = emptyClause();
    const cell = (k: number) => (k >= 0 ? (row[k] ?? '') : '');
    addNames(clause, 'lead', splitNames(cell(at.lead)));
    addNames(clause, 'cooperating', splitNames(cell(at.cooperating)));
    addNames(clause, 'responsible', splitNames(cell(at.responsible)));
    const item: ItemDraft = { written: String(n), n, paragraphs: [{ text: cell(at.task), clause }], lines: [lineOf(k)] };
    if (at.deadline >= 0) item.deadline = cell(at.deadline);
    items.push(item);
  }
  return items;
}

function applyClause(task: TaskSpec | SubtaskSpec, clause: UnitClause | undefined, path: TodoPath, draft: Draft): void {
  if (!clause) return;
  task.lead = clause.lead;
  task.cooperating = clause.cooperating;
  task.responsible = clause.responsible;
  for (const u of clause.unknown) draft.todo(path, `未识别的单位类别“${u}”，请归入牵头、配合或责任单位`);
}

/**
 * One item → one task. Later paragraphs that carry their own unit clause are sub-tasks
 * (6.1, 6.2 …); a clause only on the last paragraph belongs to the whole item.
 */
function toTask(item: ItemDraft, index: number, draft: Draft): TaskSpec {
  const path: TodoPath = ['tasks', index];
  const task = emptyTask(item.n);
  const [first, ...more] = item.paragraphs;
  if (!first) return { ...task, title: '待填写任务' };
  const { title, rest } = splitFirstSentence(first.text);
  task.title = title || '待填写任务';
  if (!title) draft.todo([...path, 'title'], '该条目没有文字，请填写任务名称');

  const clauseAt = more.map((p, k) => (p.clause ? k : -1)).filter((k) => k >= 0);
  const wholeItem = clauseAt.length === 0 || (clauseAt.length === 1 && clauseAt[0] === more.length - 1 && !first.clause);
  if (wholeItem) {
    task.body = [rest, ...more.map((p) => p.text)].filter((s) => s).join('\n');
    applyClause(task, first.clause ?? more.at(-1)?.clause, path, draft);
  } else {
    const bodyParts = [rest];
    applyClause(task, first.clause, path, draft);
    for (const p of more) {
      const current = task.subtasks.at(-1);
      if (p.clause) {
        const k = task.subtasks.length;
        const sub = splitFirstSentence(p.text);
        const subtask: SubtaskSpec = {
          number: `${item.n}.${k + 1}`,
          title: sub.title || '待填写子任务',
          body: sub.rest,
          lead: [],
          cooperating: [],
          responsible: [],
          indicators: [],
        };
        applyClause(subtask, p.clause, [...path, 'subtasks', k], draft);
        task.subtasks.push(subtask);
      } else if (current) {
        current.body = [current.body, p.text].filter((s) => s).join('\n');
      } else {
        bodyParts.push(p.text);
      }
    }
    task.body = bodyParts.filter((s) => s).join('\n');
  }
  if (!first.clause && !more.some((p) => p.clause)) {
    draft.todo([...path, 'lead'], '该任务没有写明牵头/责任单位，请填写');
  } else if (task.subtasks.length === 0 && task.lead.length === 0) {
    draft.todo([...path, 'lead'], '该任务没有写明牵头单位，请填写（牵头单位汇总并向办公室报送）');
  }
  task.subtasks.forEach((s, k) => {
    if (s.lead.length === 0) draft.todo([...path, 'subtasks', k, 'lead'], '该子任务没有写明牵头单位，请填写');
  });
  return task;
}

/** Task numbers must run 1, 2, 3 …; numbering restarted per category is renumbered and noted. */
function renumber(tasks: TaskSpec[], items: readonly ItemDraft[], draft: Draft): void {
  const inOrder = tasks.every((t, i) => t.number === i + 1);
  if (inOrder) return;
  tasks.forEach((t, i) => {
    if (t.number === i + 1) return;
    draft.todo(['tasks', i, 'number'], `原文编号为“${items[i]?.written ?? t.number}”，已按顺序改为 ${i + 1}`);
    t.number = i + 1;
    t.subtasks.forEach((s, k) => (s.number = `${i + 1}.${k + 1}`));
  });
}

/**
 * 总体要求 often lists the fields (公共教育、公共就业…等公共服务领域) one per task, in order;
 * when the count matches, they make good short names.
 */
function addShortNames(tasks: TaskSpec[], preamble: string): void {
  const verbs = /^.*(提升|改进|加强|推进|优化|完善|包括|涵盖|覆盖|围绕|聚焦|在|和|及)/;
  for (const sentence of preamble.split(/[。\n]/)) {
    for (const clause of splitTopLevel(sentence, ',，;；')) {
      const m = /^(.*?)等[^、]{0,12}?领域/.exec(clause);
      if (!m) continue;
      const names = m[1]!.split('、');
      if (names.length !== tasks.length) continue;
      names[0] = names[0]!.replace(verbs, '');
      if (names.some((n) => n.length < 2 || n.length > 8)) continue;
      tasks.forEach((t, i) => (t.short = names[i]));
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Indicators: 达到90%以上, 100%, 压减50%, 3个以上

const measureUnits = ['个工作日', '万人次', '人次', '万人', '万元', '亿元', '平方米', '公里', '千米', '小时', '分钟', '%', '％', '个', '家', '项', '所', '场', '次', '人', '名', '户', '条', '座', '辆', '件', '天', '亩', '张', '台'];
const targetPattern = new RegExp(`(\\d+(?:\\.\\d+)?)(${measureUnits.join('|')})(及以上|以上|及以下|以下|以内)?`, 'g');
const leadingNoise = /^(并|且|要|使|实现|确保|力争|做到|达到|全年|累计|全市|全区|全县|全省|全州|组织开展|开展)+/;
const trailingNoise = /(达到|达|为|提高到|提升至|提高至|保持在|稳定在|不低于|不少于|至少|拥有|超过|不超过|控制在|压缩至|压减至|缩短至|降至|降低至|低于)$/;

function comparatorOf(before: string, after: string | undefined): Comparator {
  if (after && /以下|以内/.test(after)) return '<=';
  if (/(不超过|控制在|压缩至|压减至|缩短至|降至|降低至)$/.test(before)) return '<=';
  if (/低于$/.test(before) && !/不低于$/.test(before)) return '<';
  if (/(?<!不)超过$/.test(before)) return '>';
  // 以上, 不低于, 达到, 压减50% (cut by at least half), or a bare 100%.
  return '>=';
}

/** Quantified targets in a task's text become indicators, with a due date when the sentence has one. */
function addIndicators(task: TaskSpec | SubtaskSpec, path: TodoPath, draft: Draft): void {
  const found = findTargets(`${task.title}。${task.body}`);
  for (const t of found) {
    if (!t.name) {
      draft.todo([...path, 'indicators'], `“${t.sentence}”中的目标值 ${t.indicator.target}${t.indicator.unit} 未能命名，请补充`);
      continue;
    }
    task.indicators.push(t.indicator);
  }
}

interface FoundTarget {
  name: string;
  indicator: IndicatorSpec;
  sentence: string;
}

function findTargets(text: string): FoundTarget[] {
  const out: FoundTarget[] = [];
  for (const sentence of splitTopLevel(text, '。\n')) {
    // A target is due by a date written before it in its sentence (2020年底,全市…达到90%以上);
    // a date after it belongs to something else (…1000项以上，6月30日前完成首批).
    const dates = findDates(sentence);
    let offset = 0;
    for (const clause of splitTopLevel(sentence, ',，;；')) {
      const clauseStart = offset;
      offset += clause.length + 1;
      let from = 0;
      for (const m of clause.matchAll(targetPattern)) {
        const due = dates.filter((d) => d.end <= clauseStart + m.index).at(-1)?.iso;
        const [whole, value = '', rawUnit = '', after] = m;
        const unit = rawUnit === '％' ? '%' : rawUnit;
        const before = clause.slice(from, m.index);
        from = m.index + whole.length;
        // A count is a target only with a comparison (3个以上, 不少于5家); 10个工作日内 is a deadline.
        if (unit !== '%' && !after && !/(达到|不少于|不低于|至少|超过|新增|新建|建成|压缩至|缩短至|控制在|不超过)$/.test(before)) continue;
        // 2021年, 5月 or 第3个 are no targets; a digit glued to letters (净网2020) neither.
        if (/[0-9A-Za-z第]$/.test(before)) continue;
        const comparator = comparatorOf(before, after);
        let name = trimPunctuation(before.replace(/^.*[：:]/, '')).replace(leadingNoise, '').replace(trailingNoise, '');
        if (unit !== '%') {
          // 拥有3个以上文化场所 → 文化场所数: the counted thing follows the number.
          const noun = /^([^，,。；;的]{1,12}?)(?:的|$)/.exec(clause.slice(from))?.[1];
          if (noun && !/^[（(]/.test(noun)) {
            name = `${name}${noun}数`;
            from += noun.length;
          }
        }
        const indicator: IndicatorSpec = { name: name || '', unit, comparator, target: Number(value) };
        if (due) indicator.due = due;
        out.push({ name, indicator, sentence: trimPunctuation(sentence) });
      }
    }
  }
  return out;
}

/** Targets outside any task (总体目标) have no place in a plan file: the office decides. */
function noteStrayTargets(lines: readonly string[], draft: Draft): void {
  for (const t of findTargets(lines.join('\n'))) {
    draft.todo(['tasks'], `任务以外的量化目标“${t.name || t.sentence}${t.indicator.comparator}${t.indicator.target}${t.indicator.unit}”未放入计划，请决定归入哪项任务`);
  }
}

// ---------------------------------------------------------------------------
// Reporting rounds

interface TaskRef {
  number: number;
  index: number;
  short?: string | undefined;
}

const reportVerb = /(报送|上报|报告|提交|报)/g;
const notReporting = /[通举公情预电画海简]$/;
const relativeDeadline = /(\d+|[一二三四五六七八九十]+)个?工作日内/;

function reporterRole(subject: string): ReporterRole | undefined {
  if (/责任单位/.test(subject)) return 'responsible';
  if (/牵头/.test(subject)) return 'lead';
  // Counties, districts, streets and parks are the responsible units of this genre.
  if (/县|区|州|园区|街道|镇|乡|各地|各单位/.test(subject)) return 'responsible';
  if (/成员单位|[省市区县]直|各部门/.test(subject)) return 'lead';
  return undefined;
}

/** A recipient names a unit (报市商务局); 报送全年工作总结 names what is sent, not to whom. */
const looksLikeUnit = /办|局|委|厅|部门|单位|政府|小组|中心|室|处|公司|街道|镇|乡/;

function recipientRole(text: string): RecipientRole | undefined {
  if (/办公室|领导小组|指挥部|专班|办$/.test(text)) return 'office';
  if (/牵头/.test(text)) return 'lead';
  return undefined;
}

/** The subject of a clause: 各县(市、区)相关部门将… → 各县(市、区)相关部门. */
function subjectOf(clause: string): string {
  const cut = /将|于|要|须|需|应|请|每|在|按|务必|汇总/.exec(clause);
  return trimPunctuation((cut ? clause.slice(0, cut.index) : clause).replace(/^由/, ''));
}

/** 本措施有效期至2021-12-31: bounds recurring rounds. */
function validityEnd(text: string): string | undefined {
  const m = /(?:有效期至|执行至|实施至|截至|持续至)([^，,。；;]{4,16})/.exec(text);
  return m ? findDates(m[1]!)[0]?.iso : undefined;
}

type Period = 'monthly' | 'weekly' | 'quarterly' | 'other';

function periodOf(word: string): Period {
  if (word.includes('月')) return 'monthly';
  if (word.includes('周')) return 'weekly';
  if (word.includes('季')) return 'quarterly';
  return 'other'; // 每半年, 每年: no such recurrence in plans
}

interface RoundNote {
  field: 'opensAt' | 'until' | 'reporter' | 'recipient';
  message: string;
}

/** Collects rounds from reporting clauses, keeping first-seen order and no duplicates. */
class RoundBuilder {
  readonly rounds: RoundSpec[] = [];
  private oneOffs = 0;
  private readonly officeNames: string[] = [];

  constructor(
    private readonly draft: Draft,
    private readonly timezone: string,
    private readonly issuedOn: string | undefined,
    private readonly until: string | undefined,
  ) {}

  /** The recipient written in the first clause that reports to an office (办公室), if any. */
  officeRecipient(): string | undefined {
    return this.officeNames[0];
  }

  private instant(date: string, time: string): string {
    return toZonedIso(zonedInstant(date, time, this.timezone), this.timezone);
  }

  private push(round: RoundSpec, notes: readonly RoundNote[]): void {
    const same = this.rounds.find(
      (r) => r.dueAt === round.dueAt && r.reporter === round.reporter && r.recipient === round.recipient && String(r.tasks) === String(round.tasks),
    );
    if (same) return;
    const index = this.rounds.length;
    this.rounds.push(round);
    for (const n of notes) this.draft.todo(['rounds', index, n.field], n.message);
  }

  fromText(text: string, task: TaskRef | undefined): void {
    const where = task ? `任务${zh.numeral(task.number)}` : '';
    const todoPath: TodoPath = task ? ['tasks', task.index] : ['rounds'];
    const seen = new Set<string>();
    for (const sentence of splitTopLevel(text, '。\n')) {
      // Who reports and to whom carry over between the clauses of one sentence:
      // 各州（市）于6月30日前将…报领导小组办公室，12月25日前报送全年工作总结。
      let lastSubject = '';
      let lastRecipient = '';
      for (const clause of splitTopLevel(sentence, '，,；;')) {
        const rel = relativeDeadline.exec(clause);
        if (rel) {
          this.draft.todo(todoPath, `相对期限“${trimPunctuation(clause)}”（${rel[0]}）无法换算成日期，请确认是否需要报送轮次`);
        }
        const verb = [...clause.matchAll(reportVerb)].find((v) => !notReporting.test(clause.slice(0, v.index)));
        const periodMatch = /每月|按月|逐月|每周|按周|每季|按季|每半年|每年/.exec(clause);
        const period = periodMatch ? periodOf(periodMatch[0]) : undefined;
        const date = findDates(clause).find((d) => !verb || d.index < verb.index);
        const headEnd = Math.min(date?.index ?? Infinity, periodMatch?.index ?? Infinity, verb?.index ?? Infinity, clause.length);
        const subject = subjectOf(clause.slice(0, headEnd)) || lastSubject;
        const written = verb ? trimPunctuation(clause.slice(verb.index + verb[0].length).replace(/^(送|至|给)/, '')) : '';
        const recipient = looksLikeUnit.test(written) ? written : lastRecipient || written;
        if (subject) lastSubject = subject;
        if (looksLikeUnit.test(written)) lastRecipient = written;

        // Inside a task, a recurring activity (每月进行数据库更新) is followed up at that rhythm;
        // elsewhere only clauses that say someone reports (报) make rounds.
        if (period && (verb || task)) {
          if (seen.has(period)) continue;
          seen.add(period);
          this.recurring(period, clause, sentence, subject, recipient, verb !== undefined, task, where, todoPath);
        } else if (verb && date) {
          this.oneOff(date.iso, subject, recipient, task, where);
        } else if (task && date && /^(之?前|底前|以前)/.test(clause.slice(date.end))) {
          // A completion deadline (2021年6月30日前完成…): plans have no task deadlines.
          this.draft.todo(todoPath, `任务中的时限“${trimPunctuation(clause)}”未建报送轮次（计划文件没有任务完成时限），请确认是否需要`);
        }
      }
    }
  }

  private roles(subject: string, recipient: string, notes: RoundNote[]): { reporter: ReporterRole; recipient: RecipientRole } {
    let reporter = reporterRole(subject);
    if (!reporter) {
      reporter = 'responsible';
      notes.push({ field: 'reporter', message: `报送主体“${subject || '（未写明）'}”无法判断是责任单位还是牵头单位，暂按责任单位，请确认` });
    }
    let to = recipientRole(recipient);
    if (to === 'office') this.officeNames.push(recipient);
    if (!to) {
      to = reporter === 'responsible' ? 'lead' : 'office';
      notes.push({ field: 'recipient', message: `报送对象“${recipient || '（未写明）'}”无法判断是牵头单位还是办公室，暂按${to === 'lead' ? '牵头单位' : '办公室'}，请确认` });
    }
    return { reporter, recipient: to };
  }

  private oneOff(due: string, subject: string, recipient: string, task: TaskRef | undefined, where: string): void {
    const notes: RoundNote[] = [];
    const roles = this.roles(subject, recipient, notes);
    // Chained rounds (counties → leads → office) open after the previous deadline.
    const previous = this.rounds.filter((r) => r.recurrence === null && !r.tasks).map((r) => r.dueAt.slice(0, 10)).filter((d) => d < due).sort().at(-1);
    let opens = addDays(due, -openDaysBeforeDue);
    if (!task && previous && addDays(previous, 1) > opens) opens = addDays(previous, 1);
    if (opens >= due) opens = due;
    notes.unshift({
      field: 'opensAt',
      message: `通知只规定了截止时间，开始时间为占位值（${opens === addDays(due, -openDaysBeforeDue) ? `截止前${openDaysBeforeDue}天` : '上一轮截止后一天'}），请确认`,
    });
    const n = task ? undefined : ++this.oneOffs;
    const round: RoundSpec = {
      key: task ? `task${task.number}-${due}` : `round-${n}`,
      name: `${task ? where : `第${n}轮`} ${subject || '各单位'}报${recipient || (roles.recipient === 'lead' ? '牵头单位' : '办公室')}`,
      reporter: roles.reporter,
      recipient: roles.recipient,
      opensAt: this.instant(opens, opensAtTime),
      dueAt: this.instant(due, dueAtTime),
      recurrence: null,
      reminders: { daysBefore: [3, 1, 0], at: opensAtTime },
      rollover: false,
    };
    if (task) round.tasks = [task.number];
    this.push(round, notes);
  }

  private recurring(
    period: Period,
    clause: string,
    sentence: string,
    subject: string,
    recipient: string,
    hasVerb: boolean,
    task: TaskRef | undefined,
    where: string,
    todoPath: TodoPath,
  ): void {
    const phrase = trimPunctuation(clause);
    if (period === 'other' || !this.issuedOn) {
      this.draft.todo(todoPath, `报送周期“${phrase}”无法建成报送轮次${this.issuedOn ? '（计划文件只支持每月、每周）' : '（缺少成文日期）'}，请手工设置`);
      return;
    }
    const notes: RoundNote[] = [];
    // A task's recurring activity (每月进行数据库更新) names no one: its counties report to its leads.
    const roles = task && !hasVerb ? { reporter: 'responsible' as const, recipient: 'lead' as const } : this.roles(subject, recipient, notes);
    if (task && !hasVerb) notes.push({ field: 'reporter', message: `原文“${phrase}”未写明谁报给谁，暂按责任单位报牵头单位，请确认` });
    const [iy, im] = this.issuedOn.split('-').map(Number) as [number, number];
    // 从2020年8月份开始 fixes the first period; otherwise it is the month after the notice.
    const start = /(\d{4})年(\d{1,2})月份?(?:开始|起)/.exec(sentence);
    let [y, m] = start ? [Number(start[1]), Number(start[2])] : im === 12 ? [iy + 1, 1] : [iy, im + 1];
    const until = this.until ?? `${y}-12-31`;
    const label = task ? `${where}${task.short ? ` ${task.short}` : ''}` : subject || '各单位';
    const base = { reporter: roles.reporter, recipient: roles.recipient, reminders: { daysBefore: [3, 1, 0], at: opensAtTime }, rollover: false };
    const taskList = task ? { tasks: [task.number] } : {};
    const untilNote: RoundNote[] = this.until ? [] : [{ field: 'until', message: `重复截止日期为占位值（${until}，当年年底），请按方案实施期限修改` }];

    if (period === 'monthly') {
      // 每月5日前 gives the due day; without one the month's report is due at its end.
      const day = /每月(\d{1,2})日/.exec(clause);
      const dueDay = day ? Math.min(Number(day[1]), 28) : daysInMonth(y, m);
      this.push(
        {
          key: task ? `task${task.number}-monthly` : `monthly-${this.rounds.length + 1}`,
          name: `${label}（月报）`,
          ...base,
          opensAt: this.instant(isoDate(y, m, 1), opensAtTime),
          dueAt: this.instant(isoDate(y, m, dueDay), dueAtTime),
          recurrence: 'monthly' satisfies Recurrence,
          until,
          ...taskList,
        },
        [{ field: 'opensAt', message: `原文“${phrase}”：按月报送；开始和截止时间为占位值（每月1日开始，${day ? `${dueDay}日` : '月底'}截止），请确认` }, ...notes, ...untilNote],
      );
    } else if (period === 'weekly') {
      // The first full week after the notice: Monday 09:00 to Friday 18:00.
      const first = addDays(this.issuedOn, 1);
      const weekday = new Date(`${first}T00:00:00Z`).getUTCDay();
      const monday = addDays(first, (8 - weekday) % 7);
      this.push(
        {
          key: task ? `task${task.number}-weekly` : `weekly-${this.rounds.length + 1}`,
          name: `${label}（周报）`,
          ...base,
          opensAt: this.instant(monday, opensAtTime),
          dueAt: this.instant(addDays(monday, 4), dueAtTime),
          recurrence: 'weekly' satisfies Recurrence,
          until,
          ...taskList,
        },
        [{ field: 'opensAt', message: `原文“${phrase}”：按周报送；开始和截止时间为占位值（周一开始，周五截止），请确认` }, ...notes, ...untilNote],
      );
    } else {
      // The schema has no quarterly recurrence: one one-off round per quarter end, up to the
      // plan's end (or the year's end), each to be confirmed.
      let q = Math.ceil(im / 3);
      let qy = iy;
      for (let guard = 0; guard < 12; guard++) {
        const due = isoDate(qy, q * 3, daysInMonth(qy, q * 3));
        if (due > until) break;
        if (due > this.issuedOn) {
          this.push(
            {
              key: `${task ? `task${task.number}-` : ''}quarterly-${qy}-q${q}`,
              name: `${label} ${qy}年第${zh.numeral(q)}季度报送`,
              ...base,
              opensAt: this.instant(addDays(due, -openDaysBeforeDue), opensAtTime),
              dueAt: this.instant(due, dueAtTime),
              recurrence: null,
              ...taskList,
            },
            [
              {
                field: 'opensAt',
                message: `原文“${phrase}”：计划文件没有按季度重复的设置，已按每季度末各建一轮（至 ${until}）；开始时间为占位值（截止前${openDaysBeforeDue}天），请确认`,
              },
              ...notes,
            ],
          );
        }
        if (q === 4) [q, qy] = [1, qy + 1];
        else q++;
      }
    }
  }

  /** A table's 完成时限 cell: a completion deadline, offered as a round on that task. */
  fromDeadline(cell: string, taskNumber: number, index: number): void {
    const date = findDates(cell)[0];
    if (!date) {
      if (cell) this.draft.todo(['tasks', index], `完成时限“${cell}”不是日期，未建报送轮次，请确认`);
      return;
    }
    const existing = this.rounds.find((r) => r.key === `deadline-${date.iso}`);
    if (existing) {
      existing.tasks = [...(existing.tasks ?? []), taskNumber];
      existing.name = `完成时限 ${date.iso}（任务${existing.tasks.join('、')}）`;
      return;
    }
    this.push(
      {
        key: `deadline-${date.iso}`,
        name: `完成时限 ${date.iso}（任务${taskNumber}）`,
        reporter: 'responsible',
        recipient: 'lead',
        opensAt: this.instant(addDays(date.iso, -openDaysBeforeDue), opensAtTime),
        dueAt: this.instant(date.iso, dueAtTime),
        recurrence: null,
        tasks: [taskNumber],
        reminders: { daysBefore: [3, 1, 0], at: opensAtTime },
        rollover: false,
      },
      [
        {
          field: 'opensAt',
          message: `表格“完成时限”${cell}：计划文件没有任务时限，已建为责任单位报牵头单位的报送轮次；开始时间为占位值（截止前${openDaysBeforeDue}天），请确认`,
        },
      ],
    );
  }
}

// ---------------------------------------------------------------------------
// Office and leading group

interface Office {
  name: string;
  /** 设在市市场监管局 */
  seat?: string | undefined;
}

function findOffice(text: string, recipient: string | undefined, draft: Draft): Office {
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

function readLeadingGroup(lines: readonly string[], office: Office, directory: readonly UnitRef[] | undefined, draft: Draft): MemberSpec[] {
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

// ---------------------------------------------------------------------------
// Directory check

/** Every unit name as written is looked up; unknown or ambiguous names are kept and flagged. */
function checkUnits(plan: PlanSpec, directory: readonly UnitRef[], draft: Draft): void {
  const index = createUnitIndex(directory);
  const check = (name: string, path: TodoPath) => {
    const m = index.match(name);
    if (m.kind === 'unknown' && /^各/.test(name)) {
      draft.todo(path, `“${name}”是一类单位的统称，但名录无法把它对应到具体单位，请改写为具体单位（逐个列出）`);
    } else if (m.kind === 'unknown') {
      draft.todo(path, `“${name}”不在单位名录中，请在名录中补充（或加别名），或改成名录中的名称`);
    }
    else if (m.kind === 'ambiguous') draft.todo(path, `“${name}”对应多个单位：${m.candidates.map((c) => c.name).join('、')}，请改成其中之一`);
    else if (m.kind === 'group' && m.units.length === 0) draft.todo(path, `“${name}”指一类单位，但名录中没有这类单位，请补充名录`);
  };
  const roles = ['lead', 'cooperating', 'responsible'] as const;
  plan.tasks.forEach((task, i) => {
    for (const role of roles) task[role].forEach((n, k) => check(n, ['tasks', i, role, k]));
    task.subtasks.forEach((s, j) => {
      for (const role of roles) s[role].forEach((n, k) => check(n, ['tasks', i, 'subtasks', j, role, k]));
    });
  });
  const office = index.match(plan.office);
  if (office.kind !== 'unit' || office.unit.kind !== 'office') {
    draft.todo(['office'], `办公室“${plan.office}”在单位名录中没有对应的办公室单位，请在名录中补充或改名`);
  }
}
