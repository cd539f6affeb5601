// What a leader asks the bot in chat (进度, 任务三, 腾冲, 谁没报, 日报, 导出, 帮助), read against
// the plan's tasks and the unit directory. Pure; what cannot be settled is `ambiguous` or
// `unknown`, never a guess.
import { addDays } from './time.js';
import { createUnitIndex, normalizeName, type UnitRef } from './units.js';

/** The files 导出 produces; the export button carries one too. */
export const exportFormats = ['xlsx', 'csv', 'docx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** One of several things a word could mean; the answer asks which. */
export type QuestionCandidate = { kind: 'task'; number: string } | { kind: 'unit'; code: string };

export type Question =
  | { kind: 'overview' }
  | { kind: 'task'; number: string }
  /** 任务三十 in a plan of twelve: understood, but there is no such task. */
  | { kind: 'unknown_task'; number: string }
  | { kind: 'unit'; code: string }
  | { kind: 'overdue' }
  /** A calendar day, YYYY-MM-DD in the plan's zone. */
  | { kind: 'summary'; date: string }
  /** `month` is YYYY-MM when a month was asked for (导出11月). */
  | { kind: 'export'; format: ExportFormat; month?: string | undefined }
  | { kind: 'help' }
  /** `text` is what the user typed (mentions removed, trimmed), to be shown back as typed. */
  | { kind: 'ambiguous'; text: string; candidates: QuestionCandidate[] }
  | { kind: 'unknown'; text: string };

export interface QuestionContext {
  /** Tasks the plan has; sub-tasks (6.1) may be included. */
  tasks: readonly { number: string; short: string; title: string }[];
  units: readonly UnitRef[];
  /** YYYY-MM-DD in the plan's zone: settles 今天, 昨天, 11月5日 and 导出11月. */
  today: string;
}

export function parseQuestion(text: string, ctx: QuestionContext): Question {
  const typed = stripMentions(text).trim();
  const t = normalize(typed);

  if (t === '' || helpWords.test(t)) return { kind: 'help' };
  const exported = parseExport(t, typed, ctx.today);
  if (exported) return exported;
  const summary = parseSummary(t, typed, ctx.today);
  if (summary) return summary;

  if (overdueWords.test(t)) {
    // 谁没报 alone is the overdue list; 任务三谁没报 and 腾冲还有哪些没报 are about that task or unit.
    const rest = t.replace(new RegExp(overdueWords.source, 'g'), '').replace(fillersAround, '');
    if (rest === '') return { kind: 'overdue' };
    const subject = resolveSubject(aboutStripped(rest), typed, ctx);
    return subject && subject.kind !== 'overview' ? subject : { kind: 'overdue' };
  }

  const s = aboutStripped(t);
  if (s === '' || overviewWords.test(s)) return { kind: 'overview' };
  return resolveSubject(s, typed, ctx) ?? { kind: 'unknown', text: typed };
}

// ── normalization ───────────────────────────────────────────────────────────

/** Lark puts @_user_1 in the text for a mention; a typed @name is dropped the same way. */
function stripMentions(text: string): string {
  return text.replace(/@_user_\d+/g, ' ').replace(/@\S+(?=\s|$)/g, ' ');
}

const particlesAtEnd = /(?:[?!.,;:~。、…·]|吗|呢|啊|呀|吧|嘛|哈|哦|了|啦)+$/u;
const politeStart = /^(?:请问|请|麻烦|帮我|帮忙|给我|我想|我要|想|查询|查一下|查下|查看|查|看一下|看下|看看|问一下|问下|说说|说一下|讲讲|介绍一下|发一下|发下|发|看)+/;

/**
 * NFKC folds full-width letters, digits and punctuation (？（３）) to ASCII; spaces go, and
 * so do the politeness around a question (请问… 吗？) that changes nothing of its meaning.
 */
function normalize(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  // A lone ? is a request for help; keep it from being stripped as punctuation.
  if (/^\?+$/.test(folded)) return '?';
  return folded
    .replace(particlesAtEnd, '')
    .replace(/现在|目前|当前|最新|一下/g, '')
    .replace(politeStart, '')
    .replace(particlesAtEnd, '');
}

/** Units and tasks are compared on the same folding as the question. */
function nameKey(name: string): string {
  return normalizeName(name.normalize('NFKC')).toLowerCase();
}

// ── fixed phrases ───────────────────────────────────────────────────────────

const helpWords =
  /^(?:帮助|help|\?|怎么用|如何使用|使用说明|说明|用法|能问什么|可以问什么|问什么|你能做什么|能做什么|都能做什么|功能|菜单|指令|命令|你好|您好|hi|hello)$/;

const overviewWords =
  /^(?:总体|整体|全部|全局|总览|概况|全面|全市|方案|行动|行动方案|整个方案|所有任务|全部任务|各项任务|各任务|所有单位|各单位|全部单位|大家|status|progress|overview)$/;

/**
 * What is left of "谁没报" once the question words go: fillers. A question made of fillers
 * only is the overdue list.
 */
const overdueWords = /还?(?:没有?|未|尚未)(?:报送|报|交|提交|上报|填报|填|报告)|逾期|超期|欠报|缺报|漏报|还差|催办/;
const filler = '(?:谁|哪些|哪个|哪几个|哪家|哪几家|有谁|还有|还|单位|县区|部门|的|有|是|都|名单|清单|情况|列表|事项|人|哪|些|什么)';
const fillersAround = new RegExp(`^${filler}+|${filler}+$`, 'g');

/**
 * The words around a subject that ask about its state: 腾冲市的进度, 任务三进展如何, 总体情况.
 * What is left is the subject itself; nothing left means the whole plan.
 */
const aboutSuffix =
  /(?:的)?(?:总体|整体|全部|总)?(?:工作)?(?:完成|落实|推进|开展|报送|上报|提交|填报|报)?(?:情况|进度|进展|状况|概况|详情|状态)?(?:怎么样|怎样|如何|咋样)?$/;

function aboutStripped(text: string): string {
  return text.replace(aboutSuffix, '');
}

// ── export ──────────────────────────────────────────────────────────────────

function parseExport(t: string, typed: string, today: string): Question | undefined {
  const m = /^(?:导出|export|下载)(.*)$/.exec(t);
  if (!m) return undefined;
  const rest = m[1] ?? '';
  const format: ExportFormat = /csv|明细/.test(rest) ? 'csv' : /word|docx?|汇报|报告|材料|文档|稿/.test(rest) ? 'docx' : 'xlsx';
  const [year, month] = today.split('-').map(Number) as [number, number];
  if (/本月|这个月|当月/.test(rest)) return { kind: 'export', format, month: yearMonth(year, month) };
  if (/上月|上个月/.test(rest)) return { kind: 'export', format, month: month === 1 ? yearMonth(year - 1, 12) : yearMonth(year, month - 1) };
  const asked = /(?:(\d{4})年)?(\d{1,2})月/.exec(rest);
  if (!asked) return { kind: 'export', format };
  const m2 = Number(asked[2]);
  if (m2 < 1 || m2 > 12) return { kind: 'unknown', text: typed };
  // Without a year, the latest such month up to now: in January, 导出12月 is last December.
  const y = asked[1] ? Number(asked[1]) : m2 > month ? year - 1 : year;
  return { kind: 'export', format, month: yearMonth(y, m2) };
}

function yearMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

// ── the daily summary ───────────────────────────────────────────────────────

const dayPattern =
  /^(今天|今日|昨天|昨日|前天|(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?|(\d{1,2})[-/](\d{1,2}))?(?:的)?(日报|汇总|简报|summary|情况|进度|进展|报送情况)?$/;

function parseSummary(t: string, typed: string, today: string): Question | undefined {
  const m = dayPattern.exec(t);
  if (!m || t === '') return undefined;
  const [, day, y, mo, d, mo2, d2, tail] = m;
  // Without a day, only 日报/汇总 name the summary; 进度 alone is the overview.
  if (!day) return tail === '日报' || tail === '汇总' || tail === '简报' || tail === 'summary' ? { kind: 'summary', date: today } : undefined;
  if (day === '今天' || day === '今日') return { kind: 'summary', date: today };
  if (day === '昨天' || day === '昨日') return { kind: 'summary', date: addDays(today, -1) };
  if (day === '前天') return { kind: 'summary', date: addDays(today, -2) };
  const month = Number(mo ?? mo2);
  const date = Number(d ?? d2);
  const thisYear = Number(today.slice(0, 4));
  let year = y ? Number(y) : thisYear;
  if (!validDate(year, month, date)) return { kind: 'unknown', text: typed };
  // A summary is of a day gone by: in January, 12月30日 is last year's.
  if (!y && isoDate(year, month, date) > today) year--;
  if (!validDate(year, month, date)) return { kind: 'unknown', text: typed };
  return { kind: 'summary', date: isoDate(year, month, date) };
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const back = new Date(Date.UTC(year, month - 1, day));
  return back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ── tasks and units ─────────────────────────────────────────────────────────

const numeralDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 3 → 3, 三 → 3, 十二 → 12, 三十 → 30, 二十一 → 21; undefined for anything else. */
export function parseNumeral(text: string): number | undefined {
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return undefined;
  const [, a, ten, b] = m;
  if (!ten) return a && !b ? numeralDigits[a] : undefined;
  return (a ? numeralDigits[a]! : 1) * 10 + (b ? numeralDigits[b]! : 0);
}

const num = '(\\d{1,3}|[一二两三四五六七八九十]{1,3})';
const taskNumberPatterns = [
  // 任务三, 任务3, 第3项, 第三项任务, 任务六(一), 任务6.1
  new RegExp(`^(?:任务|第)${num}(?:项|号)?(?:任务)?(?:\\(${num}\\)|\\.(\\d{1,2}))?$`),
  // 3号任务, 三号任务
  new RegExp(`^${num}号任务(?:\\(${num}\\)|\\.(\\d{1,2}))?$`),
  // a bare 3 or 6.1 (in a 1:1 chat people type just that)
  /^(\d{1,2})()(?:\.(\d{1,2}))?$/,
  /^task(\d{1,2})()(?:\.(\d{1,2}))?$/,
];

function parseTaskNumber(s: string): string | undefined {
  for (const pattern of taskNumberPatterns) {
    const m = pattern.exec(s);
    if (!m) continue;
    const main = parseNumeral(m[1] ?? '');
    if (main === undefined) return undefined;
    const subText = m[2] || m[3];
    if (!subText) return String(main);
    const sub = parseNumeral(subText);
    return sub === undefined ? undefined : `${main}.${sub}`;
  }
  return undefined;
}

const formalSuffix = /(?:人民政府|政府|管理委员会|管委会)$/;

/** The task or unit a subject names; undefined when it names nothing known. */
function resolveSubject(s: string, typed: string, ctx: QuestionContext): Question | undefined {
  if (s === '') return undefined;
  const number = parseTaskNumber(s);
  if (number !== undefined) {
    return ctx.tasks.some((t) => t.number === number) ? { kind: 'task', number } : { kind: 'unknown_task', number };
  }

  // A unit's name or alias, exactly: 腾冲, 腾冲边合区, 市卫健委, 隆阳区人民政府.
  const exact = ctx.units.filter((u) => [u.name, ...u.aliases].some((n) => nameKey(n) === s));
  const formal = s.replace(formalSuffix, '');
  const hits = exact.length > 0 ? exact : formal !== s ? ctx.units.filter((u) => [u.name, ...u.aliases].some((n) => nameKey(n) === formal)) : [];
  if (hits.length === 1) return { kind: 'unit', code: hits[0]!.code };
  if (hits.length > 1) return { kind: 'ambiguous', text: typed, candidates: hits.map((u) => ({ kind: 'unit', code: u.code })) };

  // A keyword of a task (噪声, 养老) goes before a unit's prefix: 教育 is task 1, not 市教育体育局.
  const byKeyword = matchTaskKeyword(s, ctx.tasks);
  if (byKeyword.length === 1) return { kind: 'task', number: byKeyword[0]! };
  if (byKeyword.length > 1) return { kind: 'ambiguous', text: typed, candidates: byKeyword.map((n) => ({ kind: 'task', number: n })) };

  const m = createUnitIndex(ctx.units).match(s);
  if (m.kind === 'unit') return { kind: 'unit', code: m.unit.code };
  if (m.kind === 'ambiguous') return { kind: 'ambiguous', text: typed, candidates: m.candidates.map((u) => ({ kind: 'unit', code: u.code })) };
  // 各县(市、区): every county at once is what the overview shows.
  if (m.kind === 'group') return { kind: 'overview' };
  return undefined;
}

const keywordNoise = /(?:工作|方面|这一块|这块|领域|任务|整治|治理|问题|建设|相关)$/;

/**
 * Task numbers whose short name, else whose title, contains the keyword. Short names come
 * first because they are how the bot itself names tasks (任务七 公共交通): 交通 is task 7
 * even though task 6's title mentions 交通噪声. Several sub-tasks of one task collapse into
 * it; a task and one of its sub-tasks resolve to the sub-task, the more specific.
 */
function matchTaskKeyword(s: string, tasks: QuestionContext['tasks']): string[] {
  const keyword = s.replace(/^(?:任务|关于)/, '').replace(keywordNoise, '');
  if ([...keyword].length < 2 || /^\d+$/.test(keyword)) return [];
  const byShort = tasks.filter((t) => {
    const short = nameKey(t.short);
    return short.includes(keyword) || (short.length >= 2 && keyword.includes(short));
  });
  const hits = byShort.length > 0 ? byShort : tasks.filter((t) => nameKey(t.title).includes(keyword));
  return collapseSubtasks(
    hits.map((t) => t.number),
    new Set(tasks.map((t) => t.number)),
  );
}

function collapseSubtasks(numbers: readonly string[], known: ReadonlySet<string>): string[] {
  const parentOf = (n: string) => (n.includes('.') ? n.slice(0, n.indexOf('.')) : undefined);
  const subsOf = (parent: string) => numbers.filter((n) => parentOf(n) === parent);
  const replaced = numbers.flatMap((n): string[] => {
    const parent = parentOf(n);
    if (parent === undefined) return subsOf(n).length === 1 ? [] : [n];
    const siblings = subsOf(parent);
    return siblings.length > 1 && known.has(parent) ? [parent] : [n];
  });
  return [...new Set(replaced)];
}
