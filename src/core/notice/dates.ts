// Dates and deadlines as notices write them: 2020年8月19日, 2021年3月底前, 二〇二〇年八月十九日,
// 每季度末, 每月5日前, 2020年起每年2月底前, 长期坚持, 印发之日起20个工作日内.
import { chineseToInt, chineseYear } from './numerals.js';
import { splitTopLevel, trimPunctuation } from './text.js';

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
export const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export interface FoundDate {
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
export function findDates(text: string): FoundDate[] {
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
export function dateOnly(line: string): string | undefined {
  const found = findDates(line);
  return found.length === 1 && found[0]!.text === line.trim() ? found[0]!.iso : undefined;
}

export type Period = 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'other';

export interface Recurrence {
  period: Period;
  /** The month of an annual deadline (每年2月底前 → 2). */
  month?: number;
  /** The day of the month, or its end (每月5日前 → 5, 每年1月底前 → 'end'). */
  day?: number | 'end';
  /** The first year (2020年起). */
  from?: number;
}

export interface FoundDeadline {
  /** The clause the deadline was read from. */
  text: string;
  /** A calendar date (the last day of 2019年6月底). */
  date?: string;
  recurrence?: Recurrence;
  /** A deadline counted from an event (之日起20个工作日内): no date without the event. */
  relative?: string;
  /** 长期坚持: no deadline at all. */
  ongoing?: boolean;
  /** The year was not written and was taken from the sentence or the notice. */
  yearAssumed?: boolean;
}

const before = '(?:前|以前|之前)';
const annualPattern = new RegExp(`每年(?:的)?(\\d{1,2})月(?:份)?(底|末|(\\d{1,2})[日号])${before}?`, 'g');
const yearlessPattern = new RegExp(`(?<![年\\d])(\\d{1,2})月(?:份)?(底|末|(\\d{1,2})[日号])${before}`, 'g');
const monthlyPattern = new RegExp(`每月(?:的)?(底|末|(\\d{1,2})[日号])${before}?`, 'g');
const quarterlyPattern = /每(?:个)?季度?(?:末|底|结束前|最后一个月)/g;
const weeklyPattern = new RegExp(`每周([一二三四五六日天])${before}?`, 'g');
const relativePattern = /(?:[^，,；;。]*?之日起)?(\d+|[一二三四五六七八九十]+)个?(工作日|日|天|个月|周)内/g;
const startYear = /(\d{4})年(?:起|开始|以来)/;

/**
 * The deadlines of a text: dated ones followed by 前, recurring ones (每年/每季度/每月/每周),
 * relative ones (之日起N个工作日内) and 长期坚持. A month without a year takes the year of the
 * sentence, or repeats yearly after 每年 (2020年起，每年2月底前…，3月底前…).
 */
export function findDeadlines(text: string, noticeYear?: number): FoundDeadline[] {
  const out: FoundDeadline[] = [];
  for (const sentence of splitTopLevel(text, '。\n；;')) {
    let annual: Recurrence | undefined;
    let lastYear: number | undefined;
    const start = startYear.exec(sentence);
    const clauses = splitTopLevel(sentence, '，,');
    clauses.forEach((clause, k) => {
      const taken: [number, number][] = [];
      const free = (i: number, j: number) => !taken.some(([a, b]) => i < b && j > a);
      const push = (m: RegExpMatchArray, d: FoundDeadline) => {
        taken.push([m.index!, m.index! + m[0].length]);
        out.push(d);
      };
      // 2019年3月底前，国家卫生健康委推行…: a clause that only says when reads with the next one.
      const next = clauses[k + 1];
      const phrase = trimPunctuation(clause).length < 14 && next ? `${trimPunctuation(clause)}，${trimPunctuation(next)}` : trimPunctuation(clause);
      for (const m of clause.matchAll(annualPattern)) {
        annual = { period: 'annual', month: Number(m[1]), day: m[3] ? Number(m[3]) : 'end', ...(start ? { from: Number(start[1]) } : {}) };
        push(m, { text: phrase, recurrence: annual });
      }
      for (const m of clause.matchAll(monthlyPattern)) {
        if (free(m.index, m.index + m[0].length)) push(m, { text: phrase, recurrence: { period: 'monthly', day: m[2] ? Number(m[2]) : 'end' } });
      }
      for (const m of clause.matchAll(quarterlyPattern)) {
        if (free(m.index, m.index + m[0].length)) push(m, { text: phrase, recurrence: { period: 'quarterly' } });
      }
      for (const m of clause.matchAll(weeklyPattern)) {
        if (free(m.index, m.index + m[0].length)) push(m, { text: phrase, recurrence: { period: 'weekly' } });
      }
      for (const d of findDates(clause)) {
        lastYear = Number(d.iso.slice(0, 4));
        if (new RegExp(`^${before}`).test(clause.slice(d.end))) {
          taken.push([d.index, d.end]);
          out.push({ text: phrase, date: d.iso });
        }
      }
      for (const m of clause.matchAll(yearlessPattern)) {
        if (!free(m.index, m.index + m[0].length)) continue;
        const month = Number(m[1]);
        const day: number | 'end' = m[3] ? Number(m[3]) : 'end';
        if (annual) {
          push(m, { text: phrase, recurrence: { period: 'annual', month, day, ...(annual.from ? { from: annual.from } : {}) } });
          continue;
        }
        const year = lastYear ?? noticeYear;
        if (year === undefined || month < 1 || month > 12) continue;
        const dd = day === 'end' ? daysInMonth(year, month) : day;
        if (!validDate(year, month, dd)) continue;
        push(m, { text: phrase, date: isoDate(year, month, dd), yearAssumed: true });
      }
      for (const m of clause.matchAll(relativePattern)) {
        if (free(m.index, m.index + m[0].length)) push(m, { text: phrase, relative: trimPunctuation(m[0]) });
      }
      if (/长期坚持/.test(clause)) out.push({ text: phrase, ongoing: true });
    });
  }
  return out;
}

/** A 完成时限 cell or line (2021年6月底前, 长期坚持, 持续推进): its deadlines, ongoing when it names no date. */
export function readDeadlineCell(cell: string, noticeYear?: number): FoundDeadline[] {
  const text = trimPunctuation(cell);
  if (!text) return [];
  const found = findDeadlines(text, noticeYear);
  const dated = findDates(text).filter((d) => !found.some((f) => f.date === d.iso));
  const all = [...found, ...dated.map((d) => ({ text, date: d.iso }))];
  if (all.length > 0) return all;
  if (/长期|持续|常态|每年|定期/.test(text)) return [{ text, ongoing: true }];
  return [{ text }];
}
