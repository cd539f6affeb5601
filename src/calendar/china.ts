// China's official working calendar (holidays and adjusted workdays, 调休): the chinese-days
// package for the years it knows, db/calendar.yaml for the years it does not know yet (and
// for corrections), and Mon–Fri — flagged as uncovered — for everything else.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { z } from 'zod';
import { formatPath } from '../core/plan.js';
import {
  calendarWarningZh,
  isIsoDate,
  isWeekend,
  weekdayOf,
  yearOf,
  type CoveredCalendar,
  type DayInfo,
} from '../core/workdays.js';
import { displayName, PlanFileError, readYaml } from '../storage/plan-files.js';

// The package is CommonJS: named imports type-check but fail at run time under tsx.
const { getDayDetail } = chineseDays;

/** The override file shipped with the program; the office edits it (README "Working calendar"). */
export const bundledCalendarFile = fileURLToPath(new URL('../../db/calendar.yaml', import.meta.url));

// ---------------------------------------------------------------------------------------
// The override file

const date = z.string().refine(isIsoDate, 'expected a date written YYYY-MM-DD, e.g. 2027-10-01');
const name = z.string().trim().min(1, 'expected a name such as 国庆节');
const namedDate = z.union([date, z.object({ date, name: name.optional() }).strict()]);

const yearSpec = z
  .object({
    /** Where the dates come from, e.g. the notice's title and URL; shown by `duban calendar check`. */
    source: z.string().optional(),
    /** The year's official arrangement: every holiday block, weekends inside it included. */
    holidays: z.array(z.object({ name, from: date, to: date }).strict()).min(1, 'list at least one holiday (元旦 is one every year)').optional(),
    /** Weekend days worked in exchange (调休上班); only with `holidays`. */
    workdays: z.array(namedDate).optional(),
    /** Corrections on top of whichever source has the year (the package, or `holidays` above). */
    extraHolidays: z.array(namedDate).optional(),
    extraWorkdays: z.array(namedDate).optional(),
  })
  .strict();

const overridesSpec = z
  .object({ years: z.record(z.string().regex(/^\d{4}$/, 'expected a year such as 2027'), yearSpec).nullish() })
  .strict()
  .nullish();

type YearSpec = z.output<typeof yearSpec>;

/** One year of the override file, as dates → names. */
export interface YearOverride {
  source?: string | undefined;
  /** Present when the file has the year's full arrangement; then the year counts as covered. */
  arrangement?: { holidays: ReadonlyMap<string, string>; workdays: ReadonlyMap<string, string | undefined> } | undefined;
  extraHolidays: ReadonlyMap<string, string | undefined>;
  extraWorkdays: ReadonlyMap<string, string | undefined>;
}

export interface CalendarOverrides {
  /** The file the overrides came from, for messages. */
  file?: string | undefined;
  years: ReadonlyMap<number, YearOverride>;
}

export const noOverrides: CalendarOverrides = { years: new Map() };

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
const dateOfDay = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
const weekdayZh = (d: string) => '日一二三四五六'[weekdayOf(d)]!;

type Issue = { path: (string | number)[]; message: string };

/** Checks what a schema cannot: dates in their year, ranges, 调休 on weekends, no contradictions. */
function yearIssues(year: number, spec: YearSpec): Issue[] {
  const issues: Issue[] = [];
  const at = (...path: (string | number)[]) => ['years', String(year), ...path];
  const inYear = (d: string, path: (string | number)[]) => {
    if (yearOf(d) !== year) issues.push({ path, message: `${d} is not in ${year}` });
  };
  const holidayOf = new Map<string, number>();
  spec.holidays?.forEach((h, i) => {
    inYear(h.from, at('holidays', i, 'from'));
    inYear(h.to, at('holidays', i, 'to'));
    const days = dayNumber(h.to) - dayNumber(h.from) + 1;
    // A holiday block is at most nine days or so; a month means a typo in a date.
    if (days < 1) return void issues.push({ path: at('holidays', i, 'to'), message: `${h.to} is before ${h.from}` });
    if (days > 31) return void issues.push({ path: at('holidays', i, 'to'), message: `${h.from} to ${h.to} is ${days} days; a holiday is at most a few days` });
    for (let n = dayNumber(h.from); n <= dayNumber(h.to); n++) {
      const d = dateOfDay(n);
      const other = holidayOf.get(d);
      if (other !== undefined) issues.push({ path: at('holidays', i), message: `${d} is already in holidays[${other}]` });
      else holidayOf.set(d, i);
    }
  });
  if (spec.workdays && !spec.holidays) issues.push({ path: at('workdays'), message: 'workdays (调休上班) go with the year\'s holidays; for a single correction use extraWorkdays' });
  spec.workdays?.forEach((w, i) => {
    const d = typeof w === 'string' ? w : w.date;
    inYear(d, at('workdays', i));
    // The State Council only ever moves work onto Saturdays and Sundays; a weekday here is a typo.
    if (!isWeekend(d)) issues.push({ path: at('workdays', i), message: `${d} is a weekday (星期${weekdayZh(d)}); adjusted workdays (调休上班) fall on a Saturday or Sunday` });
    if (holidayOf.has(d)) issues.push({ path: at('workdays', i), message: `${d} is also in holidays[${holidayOf.get(d)}]` });
  });
  const extraHoliday = new Set<string>();
  spec.extraHolidays?.forEach((h, i) => {
    const d = typeof h === 'string' ? h : h.date;
    inYear(d, at('extraHolidays', i));
    extraHoliday.add(d);
  });
  spec.extraWorkdays?.forEach((w, i) => {
    const d = typeof w === 'string' ? w : w.date;
    inYear(d, at('extraWorkdays', i));
    if (extraHoliday.has(d)) issues.push({ path: at('extraWorkdays', i), message: `${d} is also in extraHolidays` });
  });
  return issues;
}

function namedDates(list: YearSpec['workdays']): Map<string, string | undefined> {
  return new Map((list ?? []).map((x) => (typeof x === 'string' ? [x, undefined] : [x.date, x.name])));
}

function toYearOverride(spec: YearSpec): YearOverride {
  let arrangement: YearOverride['arrangement'];
  if (spec.holidays) {
    const holidays = new Map<string, string>();
    for (const h of spec.holidays) for (let n = dayNumber(h.from); n <= dayNumber(h.to); n++) holidays.set(dateOfDay(n), h.name);
    arrangement = { holidays, workdays: namedDates(spec.workdays) };
  }
  return { source: spec.source, arrangement, extraHolidays: namedDates(spec.extraHolidays), extraWorkdays: namedDates(spec.extraWorkdays) };
}


/** Validates parsed YAML (or any value) as an override file; problems are `file:path: reason`. */
export function parseCalendarOverrides(value: unknown, file: string): CalendarOverrides {
  const shown = displayName(file);
  const result = overridesSpec.safeParse(value);
  if (!result.success) {
    throw new PlanFileError(
      result.error.issues.map((issue) => {
        // zod reports a bad record key as "Invalid key in record"; its own message says what a key should be.
        const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
        return `${shown}:${formatPath(issue.path)}: ${message}`;
      }),
    );
  }
  const entries = Object.entries(result.data?.years ?? {}).map(([y, spec]) => [Number(y), spec] as const);
  const issues = entries.flatMap(([year, spec]) => yearIssues(year, spec));
  if (issues.length) throw new PlanFileError(issues.map((i) => `${shown}:${formatPath(i.path)}: ${i.message}`));
  return { file, years: new Map(entries.map(([year, spec]) => [year, toYearOverride(spec)])) };
}

/** Reads and validates an override file such as db/calendar.yaml. */
export function loadCalendarOverrides(file: string): CalendarOverrides {
  return parseCalendarOverrides(readYaml(file), file);
}

// ---------------------------------------------------------------------------------------
// The package

/** The installed chinese-days version, for messages. */
export const packageVersion: string = (() => {
  try {
    return (createRequire(import.meta.url)('chinese-days/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/**
 * The years the package has data for. 元旦 (1 January) is a statutory holiday every year,
 * so a year the package knows has Jan 1 named as a holiday; an unknown year returns the
 * bare weekday name. Probing keeps this right when a package upgrade adds a year.
 */
export const packageYears: ReadonlySet<number> = (() => {
  const years = new Set<number>();
  for (let y = 1990; y <= 2100; y++) {
    const jan1 = getDayDetail(`${y}-01-01`);
    if (!jan1.work && jan1.name.includes(',')) years.add(y);
  }
  return years;
})();

function fromPackage(d: string): DayInfo {
  // Always a YYYY-MM-DD string: with a Date the package would use the machine's zone.
  const detail = getDayDetail(d);
  // Named days look like "National Day,国庆节,3"; ordinary days carry the weekday name.
  const named = detail.name.includes(',') ? detail.name.split(',')[1] : undefined;
  if (detail.work) return isWeekend(d) ? { work: true, kind: 'adjusted-workday', ...(named && { name: named }) } : { work: true, kind: 'workday' };
  return named ? { work: false, kind: 'holiday', name: named } : { work: false, kind: 'weekend' };
}

// ---------------------------------------------------------------------------------------
// The calendar

export type CalendarSource = 'chinese-days' | 'override';

export interface ChinaCalendar extends CoveredCalendar {
  /** Which source has a covered year's arrangement (the override file wins over the package). */
  sourceOf(year: number): CalendarSource | undefined;
  readonly overrides: CalendarOverrides;
}

const plain = (d: string): DayInfo => (isWeekend(d) ? { work: false, kind: 'weekend' } : { work: true, kind: 'workday' });
const withName = (info: DayInfo, n: string | undefined): DayInfo => (n ? { ...info, name: n } : info);

export function createChinaCalendar(overrides: CalendarOverrides = noOverrides): ChinaCalendar {
  const coveredYears = new Set<number>(packageYears);
  for (const [year, o] of overrides.years) if (o.arrangement) coveredYears.add(year);
  const sourceOf = (year: number): CalendarSource | undefined =>
    overrides.years.get(year)?.arrangement ? 'override' : packageYears.has(year) ? 'chinese-days' : undefined;

  const describe = (d: string): DayInfo => {
    if (!isIsoDate(d)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
    const o = overrides.years.get(yearOf(d));
    if (o?.extraWorkdays.has(d)) return withName({ work: true, kind: isWeekend(d) ? 'adjusted-workday' : 'workday' }, o.extraWorkdays.get(d));
    if (o?.extraHolidays.has(d)) return withName({ work: false, kind: 'holiday' }, o.extraHolidays.get(d));
    if (o?.arrangement) {
      const a = o.arrangement;
      if (a.workdays.has(d)) return withName({ work: true, kind: 'adjusted-workday' }, a.workdays.get(d));
      if (a.holidays.has(d)) return { work: false, kind: 'holiday', name: a.holidays.get(d)! };
      return plain(d);
    }
    return packageYears.has(yearOf(d)) ? fromPackage(d) : plain(d);
  };

  return {
    coveredYears,
    overrides,
    sourceOf,
    describe,
    isWorkday: (d) => describe(d).work,
    isCovered: (d) => coveredYears.has(yearOf(d)),
  };
}

/** The package plus an override file (db/calendar.yaml by default); throws PlanFileError. */
export function loadChinaCalendar(file: string = bundledCalendarFile): ChinaCalendar {
  return createChinaCalendar(loadCalendarOverrides(file));
}

let bundled: ChinaCalendar | undefined;
const defaultCalendar = () => (bundled ??= loadChinaCalendar());

/**
 * The package plus the bundled db/calendar.yaml, read on first use so that importing this
 * module never throws. Prefer `loadChinaCalendar()` at startup: a broken file then stops
 * the program with `file:path: reason` instead of failing in the middle of a tick.
 */
export const chinaCalendar: ChinaCalendar = {
  get coveredYears() {
    return defaultCalendar().coveredYears;
  },
  get overrides() {
    return defaultCalendar().overrides;
  },
  sourceOf: (year) => defaultCalendar().sourceOf(year),
  describe: (d) => defaultCalendar().describe(d),
  isWorkday: (d) => defaultCalendar().isWorkday(d),
  isCovered: (d) => defaultCalendar().isCovered(d),
};

// ---------------------------------------------------------------------------------------
// `duban calendar check`

/** This year and next: what `duban calendar check` looks at without --year. */
export function defaultCoverageYears(today: string): number[] {
  return [yearOf(today), yearOf(today) + 1];
}

function yearDates(year: number): string[] {
  const out: string[] = [];
  for (let n = dayNumber(`${year}-01-01`); n <= dayNumber(`${year}-12-31`); n++) out.push(dateOfDay(n));
  return out;
}

const short = (d: string) => `${d.slice(5)}(${weekdayZh(d)})`;

/** The holiday blocks and adjusted workdays of a year, one line per holiday, as the notice lists them. */
function arrangementLines(year: number, describe: (d: string) => DayInfo): string[] {
  const blocks: { name: string; from: string; to: string }[] = [];
  const workdays: { date: string; name: string | undefined }[] = [];
  for (const d of yearDates(year)) {
    const info = describe(d);
    if (info.kind === 'adjusted-workday') workdays.push({ date: d, name: info.name });
    if (info.kind !== 'holiday') continue;
    const last = blocks.at(-1);
    const holidayName = info.name ?? '假日';
    if (last && last.name === holidayName && dayNumber(d) - dayNumber(last.to) === 1) last.to = d;
    else blocks.push({ name: holidayName, from: d, to: d });
  }
  const lines: string[] = [];
  const placed = new Set<string>();
  blocks.forEach((b, i) => {
    const days = dayNumber(b.to) - dayNumber(b.from) + 1;
    const range = b.from === b.to ? short(b.from) : `${short(b.from)}–${short(b.to)}`;
    // Adjusted workdays go on the last block of the holiday they belong to.
    const isLast = !blocks.slice(i + 1).some((x) => x.name === b.name);
    const own = isLast ? workdays.filter((w) => w.name === b.name) : [];
    own.forEach((w) => placed.add(w.date));
    const work = own.length ? `  上班 ${own.map((w) => short(w.date)).join('、')}` : '';
    lines.push(`      ${b.name}  ${range}  共${days}天${work}`);
  });
  const rest = workdays.filter((w) => !placed.has(w.date));
  if (rest.length) lines.push(`      调休上班  ${rest.map((w) => short(w.date)).join('、')}`);
  return lines;
}

function rangesText(years: readonly number[]): string {
  const sorted = [...years].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ') || 'no years';
}

/**
 * What `duban calendar check [--year 2027]` prints: where each year's arrangement comes
 * from and its holidays (to compare with the State Council's notice), or the warning for
 * a year nobody has. The command should exit non-zero when any year is uncovered.
 */
export function describeCoverage(cal: ChinaCalendar, years: readonly number[]): string[] {
  const overrideYears = [...cal.overrides.years.entries()].filter(([, o]) => o.arrangement).map(([y]) => y);
  const file = displayName(cal.overrides.file ?? bundledCalendarFile);
  const lines = [
    `working calendar (工作日历): chinese-days ${packageVersion} has ${rangesText([...packageYears])}; ${file} has ${rangesText(overrideYears)}`,
  ];
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    const source = cal.sourceOf(year);
    const o = cal.overrides.years.get(year);
    if (!source) {
      lines.push(`${year}  MISSING  no official arrangement: reminders count Mon–Fri as workdays`);
      lines.push(`      ${calendarWarningZh([year])}`);
      lines.push(`      add ${year} to ${file} from 国务院办公厅关于${year}年部分节假日安排的通知 (published around November ${year - 1}), or upgrade chinese-days once a release has ${year}`);
    } else {
      const from = source === 'override' ? `${file}${o?.source ? ` (${o.source})` : ''}` : `chinese-days ${packageVersion}`;
      lines.push(`${year}  ok       ${from}`);
      lines.push(...arrangementLines(year, cal.describe));
      if (source === 'override' && packageYears.has(year)) {
        // Both have the year: once the package catches up, the office can drop its copy.
        const differ = yearDates(year).filter((d) => fromPackage(d).work !== cal.describe(d).work && !o?.extraHolidays.has(d) && !o?.extraWorkdays.has(d));
        lines.push(
          differ.length === 0
            ? `      chinese-days ${packageVersion} also has ${year} and agrees; the entry in ${file} can be removed`
            : `      chinese-days ${packageVersion} also has ${year} and differs on ${differ.slice(0, 8).join(', ')}${differ.length > 8 ? ` and ${differ.length - 8} more days` : ''}; check the notice`,
        );
      }
    }
    const corrections = [
      ...[...(o?.extraHolidays ?? new Map<string, string | undefined>())].map(([d, n]) => `${d} 休息${n ? ` (${n})` : ''}`),
      ...[...(o?.extraWorkdays ?? new Map<string, string | undefined>())].map(([d, n]) => `${d} 上班${n ? ` (${n})` : ''}`),
    ];
    if (corrections.length) lines.push(`      corrections from ${file}: ${corrections.join('、')}`);
  }
  return lines;
}
