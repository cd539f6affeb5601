import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  canAdvance,
  compareTaskNumbers,
  contributionAt,
  dayCut,
  endOfDay,
  summarizeFull,
  summarizeSeries,
  type SummaryCut,
  type SummaryFact,
  type SummaryReport,
  type SummaryReview,
  type SummaryRow,
} from '../../src/core/summary.js';
import { addDays } from '../../src/core/time.js';

const tz = 'Asia/Shanghai';
const t = (iso: string) => new Date(iso);
const at = (date: string, time = '18:00') => t(`${date}T${time}:00+08:00`);
/** The final cut of a day (computed after it ended). */
const final = (date: string): SummaryCut => dayCut(date, tz, at(addDays(date, 2)));

let nextReport = 1;
function report(when: string, percent = 50, version = 1, indicatorValues: Record<string, number> = {}): SummaryReport {
  return { id: nextReport++, version, submittedAt: t(when), percent, indicatorValues };
}

function fact(id: number, over: Partial<SummaryFact> = {}): SummaryFact {
  return {
    id,
    roundKey: 'round-1',
    period: '',
    taskNumber: '1',
    unitCode: 'tengchong',
    opensAt: t('2020-10-22T09:00:00+08:00'),
    dueAt: t('2020-11-05T18:00:00+08:00'),
    reports: [],
    reviews: [],
    ...over,
  };
}

const row = (rows: SummaryRow[], scope: SummaryRow['scope'], key = '') => rows.find((r) => r.scope === scope && r.key === key);

describe('the cut of a day', () => {
  it('is the last millisecond of the day in the plan zone, known by now when the day is running', () => {
    expect(endOfDay('2020-11-04', tz).toISOString()).toBe('2020-11-04T15:59:59.999Z');
    const running = dayCut('2020-11-04', tz, at('2020-11-04'));
    expect(running.knownBy.toISOString()).toBe('2020-11-04T10:00:00.000Z');
    const over = dayCut('2020-11-04', tz, at('2020-11-05', '09:00'));
    expect(over.knownBy.getTime()).toBe(over.at.getTime());
  });
});

describe('what one assignment adds at the end of a day', () => {
  it.each<[string, SummaryFact, SummaryCut, ReturnType<typeof contributionAt>]>([
    ['not yet open: nothing', fact(1, { opensAt: t('2020-11-06T09:00:00+08:00') }), final('2020-11-05'), undefined],
    ['open, nothing in, deadline ahead: expected only', fact(1), final('2020-11-04'), { submitted: false, onTime: false, overdue: false, accepted: false, percent: 0 }],
    ['deadline passed on the day: overdue', fact(1), final('2020-11-05'), { submitted: false, onTime: false, overdue: true, accepted: false, percent: 0 }],
    ['in before the deadline: on time', fact(1, { reports: [report('2020-11-02T10:00:00+08:00', 40)] }), final('2020-11-05'), { submitted: true, onTime: true, overdue: false, accepted: false, percent: 40 }],
    ['in after the deadline: late', fact(1, { reports: [report('2020-11-06T10:00:00+08:00', 70)] }), final('2020-11-06'), { submitted: true, onTime: false, overdue: false, accepted: false, percent: 70 }],
    [
      'a correction after the deadline keeps it on time, with the latest percent',
      fact(1, { reports: [report('2020-11-02T10:00:00+08:00', 40, 1), report('2020-11-07T10:00:00+08:00', 90, 2)] }),
      final('2020-11-07'),
      { submitted: true, onTime: true, overdue: false, accepted: false, percent: 90 },
    ],
    [
      'late, then accepted: late and accepted',
      fact(1, { reports: [report('2020-11-06T10:00:00+08:00')], reviews: [{ decision: 'accept', at: t('2020-11-07T10:00:00+08:00') }] }),
      final('2020-11-07'),
      { submitted: true, onTime: false, overdue: false, accepted: true, percent: 50 },
    ],
    [
      'returned: still submitted, not accepted',
      fact(1, { reports: [report('2020-11-02T10:00:00+08:00')], reviews: [{ decision: 'return', at: t('2020-11-03T10:00:00+08:00') }] }),
      final('2020-11-03'),
      { submitted: true, onTime: true, overdue: false, accepted: false, percent: 50 },
    ],
    [
      'a report made after the computation is not known yet',
      fact(1, { reports: [report('2020-11-05T19:00:00+08:00')] }),
      dayCut('2020-11-05', tz, at('2020-11-05')),
      { submitted: false, onTime: false, overdue: true, accepted: false, percent: 0 },
    ],
    [
      'a deadline at midnight is still pending at the end of the day before',
      fact(1, { dueAt: t('2020-11-06T00:00:00+08:00') }),
      final('2020-11-05'),
      { submitted: false, onTime: false, overdue: false, accepted: false, percent: 0 },
    ],
  ])('%s', (_name, f, cut, expected) => {
    expect(contributionAt(f, cut)).toEqual(expected);
  });
});

describe('a full summary', () => {
  const facts: SummaryFact[] = [
    fact(1, { reports: [report('2020-11-02T10:00:00+08:00', 40, 1), report('2020-11-03T10:00:00+08:00', 60, 2)] }),
    fact(2, { taskNumber: '2', reports: [report('2020-11-06T10:00:00+08:00', 100)], reviews: [{ decision: 'accept', at: t('2020-11-06T11:00:00+08:00') }] }),
    fact(3, { unitCode: 'shidian' }),
    fact(4, { unitCode: 'shidian', taskNumber: '2', opensAt: t('2020-11-09T09:00:00+08:00'), dueAt: t('2020-11-12T18:00:00+08:00') }),
    fact(5, { taskNumber: '12', reports: [report('2020-10-25T10:00:00+08:00', 30, 1, { 'entry-rate': 70 }), report('2020-11-01T10:00:00+08:00', 50, 2, { 'entry-rate': 80 })] }),
    fact(6, { taskNumber: '12', unitCode: 'shidian', reports: [report('2020-11-06T09:00:00+08:00', 20, 1, { 'entry-rate': 95, 'online-rate': 100 })] }),
  ];
  const rows = summarizeFull(facts, final('2020-11-06'));

  it('has one row for the plan, each task and each unit, in a stable order', () => {
    expect(rows.map((r) => `${r.scope}:${r.key}`)).toEqual(['plan:', 'task:1', 'task:2', 'task:12', 'unit:shidian', 'unit:tengchong']);
  });

  it.each<[string, string, Partial<SummaryRow>]>([
    ['plan', '', { expected: 5, submitted: 4, onTime: 2, late: 2, overdue: 1, accepted: 1, meanPercent: (60 + 100 + 50 + 20) / 4 }],
    ['task', '2', { expected: 1, submitted: 1, onTime: 0, late: 1, overdue: 0, accepted: 1, meanPercent: 100 }],
    ['unit', 'shidian', { expected: 2, submitted: 1, overdue: 1, late: 1, meanPercent: 20 }],
    ['unit', 'tengchong', { expected: 3, submitted: 3, onTime: 2, late: 1, overdue: 0 }],
  ])('%s %s counts', (scope, key, expected) => {
    expect(row(rows, scope as SummaryRow['scope'], key)).toMatchObject(expected);
  });

  it('keeps each unit’s latest indicator values, and the mean of units for the task and the plan', () => {
    expect(row(rows, 'unit', 'tengchong')!.indicatorValues).toEqual({ '12:entry-rate': 80 });
    expect(row(rows, 'unit', 'shidian')!.indicatorValues).toEqual({ '12:entry-rate': 95, '12:online-rate': 100 });
    expect(row(rows, 'task', '12')!.indicatorValues).toEqual({ 'entry-rate': 87.5, 'online-rate': 100 });
    expect(row(rows, 'plan')!.indicatorValues).toEqual({ '12:entry-rate': 87.5, '12:online-rate': 100 });
  });

  it('has an empty plan row for a plan without assignments', () => {
    expect(summarizeFull([], final('2020-11-06'))).toEqual([
      { scope: 'plan', key: '', expected: 0, submitted: 0, onTime: 0, late: 0, overdue: 0, accepted: 0, meanPercent: null, indicatorValues: {} },
    ]);
  });
});

/** The assignments with an event in the windows between two cuts, found the slow way. */
function changedBetween(facts: readonly SummaryFact[], a: SummaryCut, b: SummaryCut): SummaryFact[] {
  const inKnown = (d: Date) => d.getTime() > a.knownBy.getTime() && d.getTime() <= b.knownBy.getTime();
  const inPlan = (d: Date) => d.getTime() >= a.at.getTime() && d.getTime() <= b.at.getTime();
  return facts.filter((f) => inPlan(f.opensAt) || inPlan(f.dueAt) || f.reports.some((r) => inKnown(r.submittedAt)) || f.reviews.some((r) => inKnown(r.at)));
}

/** A deterministic generator, so a failing history can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Assignments over three weekly periods, with reports, resubmissions, reviews and indicator values. */
function history(seed: number): SummaryFact[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const facts: SummaryFact[] = [];
  let id = 1;
  for (let week = 0; week < 3; week++) {
    const opensAt = at(addDays('2020-11-02', week * 7), '09:00');
    const dueAt = at(addDays('2020-11-06', week * 7), '18:00');
    for (const unitCode of ['a', 'b', 'c', 'd']) {
      for (const taskNumber of ['1', '2', '12']) {
        const reports: SummaryReport[] = [];
        const reviews: SummaryReview[] = [];
        const versions = pick([0, 1, 1, 2, 3]);
        let time = opensAt.getTime();
        for (let v = 1; v <= versions; v++) {
          time += Math.floor(rnd() * 5 * 86_400_000);
          reports.push({
            id: nextReport++,
            version: v,
            submittedAt: new Date(time),
            percent: Math.floor(rnd() * 101),
            indicatorValues: taskNumber === '12' && rnd() < 0.7 ? { 'entry-rate': Math.round(rnd() * 1000) / 10 } : {},
          });
          if (rnd() < 0.4) reviews.push({ decision: rnd() < 0.5 ? 'accept' : 'return', at: new Date(time + Math.floor(rnd() * 2 * 86_400_000)) });
        }
        facts.push({ id: id++, roundKey: 'round-1', period: '', taskNumber, unitCode, opensAt, dueAt, reports, reviews });
      }
    }
  }
  return facts;
}

describe('carrying a summary forward', () => {
  const days = Array.from({ length: 24 }, (_, i) => addDays('2020-11-01', i));

  it.each([1, 2, 3, 4, 5])('gives the full rows every day, final cuts (history %i)', (seed) => {
    const facts = history(seed);
    let prev = { cut: final(days[0]!), rows: summarizeFull(facts, final(days[0]!)) };
    for (const d of days.slice(1)) {
      const cut = final(d);
      const rows = applyChanges(prev.rows, prev.cut, changedBetween(facts, prev.cut, cut), cut);
      expect(rows, d).toEqual(summarizeFull(facts, cut));
      prev = { cut, rows };
    }
  });

  it.each([6, 7, 8])('gives the full rows when each day is computed at 18:00, before it ends (history %i)', (seed) => {
    const facts = history(seed);
    const cutAt = (d: string) => dayCut(d, tz, at(d, '18:00'));
    let prev = { cut: cutAt(days[0]!), rows: summarizeFull(facts, cutAt(days[0]!)) };
    for (const d of days.slice(1)) {
      const cut = cutAt(d);
      const rows = applyChanges(prev.rows, prev.cut, changedBetween(facts, prev.cut, cut), cut);
      expect(rows, d).toEqual(summarizeFull(facts, cut));
      // Finalizing the provisional day gives its full rows too.
      const done = final(addDays(d, -1));
      expect(applyChanges(prev.rows, prev.cut, changedBetween(facts, prev.cut, done), done)).toEqual(summarizeFull(facts, done));
      prev = { cut, rows };
    }
  });

  it('survives the stored form: means and values through JSON', () => {
    const facts = history(9);
    let prev = { cut: final(days[0]!), rows: summarizeFull(facts, final(days[0]!)) };
    for (const d of days.slice(1)) {
      const cut = final(d);
      const stored = JSON.parse(JSON.stringify(prev.rows)) as SummaryRow[];
      const rows = applyChanges(stored, prev.cut, changedBetween(facts, prev.cut, cut), cut);
      expect(rows, d).toEqual(summarizeFull(facts, cut));
      prev = { cut, rows };
    }
  });

  it('may be given more assignments than changed (every one) without a difference', () => {
    const facts = history(10);
    const a = final('2020-11-05');
    const b = final('2020-11-09');
    expect(applyChanges(summarizeFull(facts, a), a, facts, b)).toEqual(summarizeFull(facts, b));
  });

  it('spans several days at once (a missing day in between)', () => {
    const facts = history(11);
    const a = final('2020-11-03');
    const b = final('2020-11-17');
    expect(applyChanges(summarizeFull(facts, a), a, changedBetween(facts, a, b), b)).toEqual(summarizeFull(facts, b));
  });

  it('refuses to go back in time', () => {
    const a = final('2020-11-05');
    const b = final('2020-11-04');
    expect(canAdvance(a, b)).toBe(false);
    expect(() => applyChanges([], a, [], b)).toThrow(RangeError);
  });

  it('a series of days equals a full summary of each day', () => {
    const facts = history(12);
    const cuts = days.map((d, i) => (i === days.length - 1 ? dayCut(d, tz, at(d, '18:00')) : final(d)));
    const series = summarizeSeries(facts, cuts);
    cuts.forEach((cut, i) => expect(series[i], days[i]).toEqual(summarizeFull(facts, cut)));
  });
});

describe('task numbers', () => {
  it('sort as people count them', () => {
    expect(['12', '6.1', '2', '10', '6', '1'].sort(compareTaskNumbers)).toEqual(['1', '2', '6', '6.1', '10', '12']);
  });
});
