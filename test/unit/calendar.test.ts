// China's working calendar: the chinese-days package, the override file, coverage and
// the `duban calendar check` text. Override years here (2099…) are made up for the tests.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chineseDays from 'chinese-days';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bundledCalendarFile,
  chinaCalendar,
  createChinaCalendar,
  defaultCoverageYears,
  describeCoverage,
  loadCalendarOverrides,
  loadChinaCalendar,
  packageYears,
  parseCalendarOverrides,
} from '../../src/calendar/china.js';
import { zonedDate } from '../../src/core/time.js';
import { checkCalendarCoverage, nextWorkdayAfter, workdaysBetween, workdaysLeft } from '../../src/core/workdays.js';
import { PlanFileError } from '../../src/storage/plan-files.js';

const dir = mkdtempSync(join(tmpdir(), 'duban-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function yamlFile(text: string): string {
  const file = join(dir, `calendar-${++fileNo}.yaml`);
  writeFileSync(file, text);
  return file;
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PlanFileError);
    return (e as PlanFileError).problems;
  }
  throw new Error('expected a PlanFileError');
}

const pkg = createChinaCalendar();

describe('the package years', () => {
  it('National Day 2020: 10-01..08 off, Sunday 09-27 and Saturday 10-10 worked', () => {
    const days: [string, boolean][] = [
      ['2020-09-26', false], // Saturday
      ['2020-09-27', true], // Sunday, worked (调休)
      ['2020-09-30', true],
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d): [string, boolean] => [`2020-10-${d}`, false]),
      ['2020-10-09', true],
      ['2020-10-10', true], // Saturday, worked (调休)
      ['2020-10-11', false], // Sunday
      ['2020-10-12', true],
    ];
    expect(days.map(([d]) => [d, pkg.isWorkday(d)])).toEqual(days);
    expect(pkg.describe('2020-10-01')).toEqual({ work: false, kind: 'holiday', name: '国庆节' });
    expect(pkg.describe('2020-10-10')).toEqual({ work: true, kind: 'adjusted-workday', name: '国庆节' });
    expect(pkg.describe('2020-10-17')).toEqual({ work: false, kind: 'weekend' });
    expect(pkg.describe('2020-10-16')).toEqual({ work: true, kind: 'workday' });
  });

  it('2026 spot checks (toolchain.md §10)', () => {
    expect(pkg.isWorkday('2026-10-01')).toBe(false);
    expect(pkg.isWorkday('2026-10-10')).toBe(true);
    expect(pkg.isWorkday('2026-02-14')).toBe(true);
    expect(pkg.isWorkday('2026-02-28')).toBe(true);
    expect(pkg.isWorkday('2026-02-17')).toBe(false);
    expect(nextWorkdayAfter('2026-09-30', pkg)).toBe('2026-10-08');
    // October 2026 has 18 workdays: toolchain.md's 17 is getWorkdaysInRange(…, false), Mon–Fri only,
    // which leaves out Saturday 10-10, worked in exchange for the holiday.
    expect(workdaysBetween('2026-09-30', '2026-10-31', pkg)).toBe(18);
    expect(chineseDays.getWorkdaysInRange('2026-10-01', '2026-10-31').length).toBe(18);
  });

  it('an ordinary weekend is off', () => {
    expect(pkg.isWorkday('2026-03-07')).toBe(false); // Saturday
    expect(pkg.isWorkday('2026-03-08')).toBe(false); // Sunday
    expect(pkg.isWorkday('2026-03-09')).toBe(true);
  });

  it('knows which years the package has (chinese-days is pinned; update this with the pin)', () => {
    expect(Math.min(...packageYears)).toBe(2004);
    expect(Math.max(...packageYears)).toBe(2026);
    expect(packageYears.size).toBe(23);
  });

  it('outside the covered years: Mon–Fri, and isCovered says so', () => {
    expect(pkg.isCovered('2026-12-31')).toBe(true);
    expect(pkg.isCovered('2027-01-01')).toBe(false);
    expect(pkg.isCovered('2003-06-02')).toBe(false);
    expect(pkg.coveredYears.has(2027)).toBe(false);
    expect(pkg.isWorkday('2027-01-01')).toBe(true); // a Friday; surely 元旦, but nobody has told us yet
    expect(pkg.isWorkday('2027-01-02')).toBe(false);
    expect(pkg.describe('2027-01-01')).toEqual({ work: true, kind: 'workday' });
    expect(pkg.sourceOf(2027)).toBeUndefined();
    expect(pkg.sourceOf(2020)).toBe('chinese-days');
  });

  it('rejects what is not a date instead of guessing (the package would roll 2026-02-30 over)', () => {
    expect(() => pkg.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => pkg.isWorkday('2026/10/01')).toThrow(RangeError);
  });

  it('dates are strings computed in Asia/Shanghai, never Date objects in the machine zone', () => {
    // 04:00 on Friday 9 October 2026 in Shanghai, still 8 October (a holiday) in UTC.
    const instant = new Date('2026-10-08T20:00:00Z');
    const day = zonedDate(instant, 'Asia/Shanghai');
    expect(day).toBe('2026-10-09');
    expect(pkg.isWorkday(day)).toBe(true);
    // The trap: the package given the Date reads it in the process zone.
    const saved = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      expect(chineseDays.getDayDetail(instant).date).toBe('2026-10-08');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('counts workdays left across National Day 2026', () => {
    const tz = 'Asia/Shanghai';
    expect(workdaysLeft(new Date('2026-09-30T09:00:00+08:00'), new Date('2026-10-09T18:00:00+08:00'), tz, pkg)).toBe(2);
  });
});

describe('the override file', () => {
  const year2099 = `
years:
  2099:
    source: made up for a test
    holidays:
      - { name: 元旦, from: 2099-01-01, to: 2099-01-03 }
      - { name: 国庆节、中秋节, from: 2099-10-01, to: 2099-10-07 }
    workdays:
      - 2099-09-27
      - { date: 2099-10-10, name: 国庆节、中秋节 }
    extraHolidays: [2099-12-31]
`;

  it('adds a year: holidays, adjusted workdays, and the year counts as covered', () => {
    const cal = loadChinaCalendar(yamlFile(year2099));
    expect(cal.isCovered('2099-05-01')).toBe(true);
    expect(cal.coveredYears.has(2099)).toBe(true);
    expect(cal.sourceOf(2099)).toBe('override');
    expect(cal.isWorkday('2099-01-01')).toBe(false); // Thursday, holiday
    expect(cal.isWorkday('2099-01-05')).toBe(true);
    expect(cal.isWorkday('2099-09-27')).toBe(true); // Sunday, worked
    expect(cal.describe('2099-09-27')).toEqual({ work: true, kind: 'adjusted-workday' });
    expect(cal.describe('2099-10-04')).toEqual({ work: false, kind: 'holiday', name: '国庆节、中秋节' }); // a Sunday inside the block
    expect(cal.describe('2099-10-10')).toEqual({ work: true, kind: 'adjusted-workday', name: '国庆节、中秋节' });
    expect(cal.isWorkday('2099-10-08')).toBe(true);
    expect(cal.isWorkday('2099-10-11')).toBe(false); // ordinary Sunday
    expect(cal.isWorkday('2099-12-31')).toBe(false); // extraHolidays
    expect(nextWorkdayAfter('2099-09-30', cal)).toBe('2099-10-08');
    // The package years are still there.
    expect(cal.isWorkday('2020-10-10')).toBe(true);
    expect(cal.isCovered('2098-01-01')).toBe(false);
  });

  it('corrects single days without claiming a year it does not have', () => {
    const cal = createChinaCalendar(
      parseCalendarOverrides(
        parse(`
years:
  2020:
    extraHolidays: [{ date: 2020-10-09, name: 测试 }]
    extraWorkdays: [2020-10-11]
  2098:
    extraHolidays: [2098-01-01]
`),
        'inline.yaml',
      ),
    );
    expect(cal.describe('2020-10-09')).toEqual({ work: false, kind: 'holiday', name: '测试' });
    expect(cal.describe('2020-10-11')).toEqual({ work: true, kind: 'adjusted-workday' });
    expect(cal.isWorkday('2020-10-10')).toBe(true); // the rest of the year is still the package's
    expect(cal.sourceOf(2020)).toBe('chinese-days');
    expect(cal.isWorkday('2098-01-01')).toBe(false);
    expect(cal.isCovered('2098-01-01')).toBe(false);
  });

  it('replaces the package for a year it lists in full', () => {
    const cal = createChinaCalendar(
      parseCalendarOverrides(parse('years:\n  2020:\n    holidays: [{ name: 元旦, from: 2020-01-01, to: 2020-01-01 }]\n'), 'x.yaml'),
    );
    expect(cal.sourceOf(2020)).toBe('override');
    expect(cal.isWorkday('2020-10-01')).toBe(true);
    const lines = describeCoverage(cal, [2020]);
    expect(lines.find((l) => l.includes('also has 2020'))).toMatch(/^ {6}chinese-days 1\.5\.7 also has 2020 and differs on 2020-01-19, 2020-01-24, (\S+, ){5}\S+ and \d+ more days; check the notice$/);
  });

  it('the shipped db/calendar.yaml loads and adds no invented year', () => {
    const cal = loadChinaCalendar();
    for (const [year, o] of cal.overrides.years) {
      // Every year in it must come from a notice: say where.
      if (o.arrangement) expect(o.source, `years.${year}.source`).toBeTruthy();
    }
    expect(chinaCalendar.isWorkday('2020-10-10')).toBe(true);
    expect(chinaCalendar.isCovered('2026-01-01')).toBe(true);
  });

  it("the example in db/calendar.yaml, uncommented, is 2026's notice exactly as the package has it", () => {
    const text = readFileSync(bundledCalendarFile, 'utf8');
    const block = text.slice(text.indexOf('# --- example'), text.indexOf('# --- end of example'));
    const yaml = block
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^\s*# ?/, '    ').replace(/^ {4}2026:/, '  2026:'))
      .join('\n');
    const cal = createChinaCalendar(parseCalendarOverrides(parse(`years:\n${yaml}`), 'example'));
    expect(cal.sourceOf(2026)).toBe('override');
    expect(describeCoverage(cal, [2026])).toContain('      chinese-days 1.5.7 also has 2026 and agrees; the entry in example can be removed');
    for (let d = '2026-01-01', i = 0; i < 365; i++) {
      expect([d, cal.isWorkday(d)]).toEqual([d, pkg.isWorkday(d)]);
      d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    }
  });

  it('an empty file or one with only comments is no overrides', () => {
    expect(loadCalendarOverrides(yamlFile('# nothing yet\n')).years.size).toBe(0);
    expect(loadCalendarOverrides(yamlFile('years:\n  # 2027: later\n')).years.size).toBe(0);
  });
});

describe('bad override files: one line each, file:path: reason', () => {
  it('a missing file', () => {
    const file = join(dir, 'nope.yaml');
    expect(problems(() => loadCalendarOverrides(file))).toEqual([`${file}: file not found`]);
  });

  it('broken YAML', () => {
    const file = yamlFile('years:\n  2099:\n    holidays: [ { name: 元旦, from: 2099-01-01\n');
    const p = problems(() => loadCalendarOverrides(file));
    expect(p.length).toBeGreaterThan(0);
    for (const line of p) expect(line).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });

  it.each([
    ['years:\n  99:\n    holidays: [{ name: 元旦, from: 2099-01-01, to: 2099-01-01 }]\n', 'years.99: expected a year such as 2027'],
    ['yeras: {}\n', '(root): Unrecognized key: "yeras"'],
    ['years:\n  2099:\n    holiday: []\n', 'years.2099: Unrecognized key: "holiday"'],
    ['years:\n  2099:\n    holidays: [{ name: 元旦, from: 2099-02-30, to: 2099-03-01 }]\n', 'years.2099.holidays[0].from: expected a date written YYYY-MM-DD, e.g. 2027-10-01'],
    ['years:\n  2099:\n    holidays: [{ name: 元旦, from: 2098-12-31, to: 2099-01-01 }]\n', 'years.2099.holidays[0].from: 2098-12-31 is not in 2099'],
    ['years:\n  2099:\n    holidays: [{ name: 元旦, from: 2099-01-03, to: 2099-01-01 }]\n', 'years.2099.holidays[0].to: 2099-01-01 is before 2099-01-03'],
    ['years:\n  2099:\n    holidays: [{ name: 国庆节, from: 2099-10-01, to: 2099-11-07 }]\n', 'years.2099.holidays[0].to: 2099-10-01 to 2099-11-07 is 38 days; a holiday is at most a few days'],
    ['years:\n  2099:\n    holidays: []\n', 'years.2099.holidays: list at least one holiday (元旦 is one every year)'],
    ['years:\n  2099:\n    holidays: [{ name: " ", from: 2099-01-01, to: 2099-01-01 }]\n', 'years.2099.holidays[0].name: expected a name such as 国庆节'],
    [
      'years:\n  2099:\n    holidays: [{ name: 元旦, from: 2099-01-01, to: 2099-01-01 }]\n    workdays: [2099-09-28]\n',
      'years.2099.workdays[0]: 2099-09-28 is a weekday (星期一); adjusted workdays (调休上班) fall on a Saturday or Sunday',
    ],
    [
      'years:\n  2099:\n    holidays: [{ name: 国庆节, from: 2099-10-01, to: 2099-10-07 }]\n    workdays: [2099-10-04]\n',
      'years.2099.workdays[0]: 2099-10-04 is also in holidays[0]',
    ],
    [
      'years:\n  2099:\n    holidays: [{ name: 国庆节, from: 2099-10-01, to: 2099-10-07 }, { name: 中秋节, from: 2099-10-07, to: 2099-10-07 }]\n',
      'years.2099.holidays[1]: 2099-10-07 is already in holidays[0]',
    ],
    ['years:\n  2099:\n    workdays: [2099-09-27]\n', "years.2099.workdays: workdays (调休上班) go with the year's holidays; for a single correction use extraWorkdays"],
    ['years:\n  2099:\n    extraHolidays: [2099-10-09]\n    extraWorkdays: [2099-10-09]\n', 'years.2099.extraWorkdays[0]: 2099-10-09 is also in extraHolidays'],
    ['years:\n  2099:\n    extraHolidays: [{ day: 2099-10-09 }]\n', 'years.2099.extraHolidays[0]: '],
  ])('%j', (text, expected) => {
    const file = yamlFile(text);
    const p = problems(() => loadCalendarOverrides(file));
    expect(p.some((line) => line.startsWith(`${file}:${expected}`)), p.join('\n')).toBe(true);
  });
});

describe('coverage', () => {
  it('checkCalendarCoverage names the years the default calendar lacks', () => {
    const w = checkCalendarCoverage(['2026-12-31', '2027-01-04'], pkg);
    expect(w?.years).toEqual([2027]);
    expect(w?.zh).toBe('工作日历未包含2027年的节假日安排，提醒按周一至周五计算。请联系系统管理员补充工作日历。');
    expect(checkCalendarCoverage(['2099-01-04'], loadChinaCalendar(yamlFile('years:\n  2099:\n    holidays: [{ name: 元旦, from: 2099-01-01, to: 2099-01-01 }]\n')))).toBeUndefined();
  });

  it('describeCoverage: what `duban calendar check` prints', () => {
    const file = yamlFile('years:\n  2099:\n    source: made up\n    holidays: [{ name: 国庆节, from: 2099-10-01, to: 2099-10-07 }]\n    workdays: [{ date: 2099-09-27, name: 国庆节 }, 2099-10-10]\n');
    const lines = describeCoverage(loadChinaCalendar(file), [2027, 2026, 2099]);
    expect(lines[0]).toBe(`working calendar (工作日历): chinese-days 1.5.7 has 2004–2026; ${file} has 2099`);
    expect(lines).toContain('2026  ok       chinese-days 1.5.7');
    expect(lines).toContain('      国庆节  10-01(四)–10-07(三)  共7天  上班 09-20(日)、10-10(六)');
    expect(lines).toContain('      春节  02-15(日)–02-23(一)  共9天  上班 02-14(六)、02-28(六)');
    expect(lines).toContain('2027  MISSING  no official arrangement: reminders count Mon–Fri as workdays');
    expect(lines).toContain('      工作日历未包含2027年的节假日安排，提醒按周一至周五计算。请联系系统管理员补充工作日历。');
    expect(lines).toContain(`2099  ok       ${file} (made up)`);
    expect(lines).toContain('      国庆节  10-01(四)–10-07(三)  共7天  上班 09-27(日)');
    expect(lines).toContain('      调休上班  10-10(六)');
    // Years come sorted, each once.
    expect(lines.filter((l) => /^\d{4} /.test(l)).map((l) => l.slice(0, 4))).toEqual(['2026', '2027', '2099']);
  });

  it('looks at this year and next by default', () => {
    expect(defaultCoverageYears('2026-11-20')).toEqual([2026, 2027]);
  });
});
