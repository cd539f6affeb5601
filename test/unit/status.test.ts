import { describe, expect, it } from 'vitest';
import { countStanding, emptyCounts, standingAt, statusAt, type StatusCounts, type StatusInput } from '../../src/core/status.js';

const opensAt = new Date('2020-10-22T09:00:00+08:00');
const dueAt = new Date('2020-11-05T18:00:00+08:00');
const t = (iso: string) => new Date(iso);

const base: StatusInput = { opensAt, dueAt, reports: [], reviews: [] };
const submittedOnTime = { ...base, reports: [{ submittedAt: t('2020-11-02T10:00:00+08:00') }] };
const submittedLate = { ...base, reports: [{ submittedAt: t('2020-11-06T10:00:00+08:00') }] };

describe('status of an expected report at time T', () => {
  it.each<[string, StatusInput, string, string]>([
    ['not yet open', base, '2020-10-21T09:00:00+08:00', 'not_open'],
    ['open, nothing reported', base, '2020-10-23T09:00:00+08:00', 'pending'],
    ['at the deadline itself', base, '2020-11-05T18:00:00+08:00', 'pending'],
    ['a second after the deadline', base, '2020-11-05T18:00:01+08:00', 'overdue'],
    ['reported before the deadline', submittedOnTime, '2020-11-03T09:00:00+08:00', 'submitted'],
    ['a report not yet made at T does not count', submittedOnTime, '2020-11-01T09:00:00+08:00', 'pending'],
    ['reported after the deadline', submittedLate, '2020-11-07T09:00:00+08:00', 'late'],
    ['late report seen before it was made', submittedLate, '2020-11-06T09:00:00+08:00', 'overdue'],
    [
      'returned for revision',
      { ...submittedOnTime, reviews: [{ decision: 'return', at: t('2020-11-03T09:00:00+08:00') }] },
      '2020-11-04T09:00:00+08:00',
      'returned',
    ],
    [
      'resubmitted after a return',
      {
        ...base,
        reports: [{ submittedAt: t('2020-11-02T10:00:00+08:00') }, { submittedAt: t('2020-11-06T10:00:00+08:00') }],
        reviews: [{ decision: 'return', at: t('2020-11-03T09:00:00+08:00') }],
      },
      '2020-11-07T09:00:00+08:00',
      'submitted',
    ],
    [
      'accepted',
      { ...submittedOnTime, reviews: [{ decision: 'accept', at: t('2020-11-04T09:00:00+08:00') }] },
      '2020-11-04T09:00:00+08:00',
      'accepted',
    ],
    [
      'acceptance not yet given at T',
      { ...submittedOnTime, reviews: [{ decision: 'accept', at: t('2020-11-04T09:00:00+08:00') }] },
      '2020-11-03T09:00:00+08:00',
      'submitted',
    ],
  ])('%s', (_name, input, at, expected) => {
    expect(statusAt(input, t(at))).toBe(expected);
  });

  it('counts only what has opened as expected', () => {
    const base = { opensAt: t('2020-10-22T09:00:00+08:00'), dueAt: t('2020-11-05T18:00:00+08:00'), reviews: [] };
    const facts: StatusInput[] = [
      { ...base, opensAt: t('2020-12-01T09:00:00+08:00'), reports: [] },
      { ...base, dueAt: t('2020-11-20T18:00:00+08:00'), reports: [] },
      { ...base, reports: [] },
      { ...base, reports: [{ submittedAt: t('2020-11-06T09:00:00+08:00') }] },
      { ...base, reports: [{ submittedAt: t('2020-11-02T09:00:00+08:00') }], reviews: [{ decision: 'accept', at: t('2020-11-03T09:00:00+08:00') }] },
      { ...base, reports: [{ submittedAt: t('2020-11-02T09:00:00+08:00') }] },
    ];
    const counts = facts.reduce((c, f) => countStanding(c, standingAt(f, t('2020-11-06T12:00:00+08:00'))), emptyCounts());
    expect(counts).toEqual({ expected: 5, submitted: 3, onTime: 2, late: 1, overdue: 1, pending: 1, accepted: 1, returned: 0 });
  });
});

// One definition of 已报 / 按时 / 迟报 / 逾期 / 已采纳 / 已退回: the status JSON, the answer cards,
// the daily summary and the exports all count through standingAt and countStanding.
describe('what each count means, on the tricky cases', () => {
  const base = { opensAt: t('2020-10-22T09:00:00+08:00'), dueAt: t('2020-11-05T18:00:00+08:00') };
  const before = t('2020-11-04T10:00:00+08:00');
  const after = t('2020-11-06T10:00:00+08:00');
  const one = (over: Partial<StatusCounts>): StatusCounts => ({ ...emptyCounts(), expected: 1, ...over });
  it.each<[string, StatusInput, Date, StatusCounts]>([
    ['not yet due, not reported: 待报', { ...base, reports: [], reviews: [] }, before, one({ pending: 1 })],
    ['past due, not reported: 逾期', { ...base, reports: [], reviews: [] }, after, one({ overdue: 1 })],
    ['reported in time: 已报 按时', { ...base, reports: [{ submittedAt: before }], reviews: [] }, after, one({ submitted: 1, onTime: 1 })],
    ['reported late: 已报 迟报', { ...base, reports: [{ submittedAt: after }], reviews: [] }, after, one({ submitted: 1, late: 1 })],
    [
      'late, then accepted: still 迟报, and 已采纳',
      { ...base, reports: [{ submittedAt: t('2020-11-06T09:00:00+08:00') }], reviews: [{ decision: 'accept', at: t('2020-11-06T09:30:00+08:00') }] },
      after,
      one({ submitted: 1, late: 1, accepted: 1 }),
    ],
    [
      'in time, then returned: 已报 按时, and 已退回',
      { ...base, reports: [{ submittedAt: before }], reviews: [{ decision: 'return', at: t('2020-11-04T11:00:00+08:00') }] },
      after,
      one({ submitted: 1, onTime: 1, returned: 1 }),
    ],
    [
      'returned, resubmitted after the deadline: 按时 by the first version, not 退回 any more',
      { ...base, reports: [{ submittedAt: before }, { submittedAt: t('2020-11-06T09:00:00+08:00') }], reviews: [{ decision: 'return', at: t('2020-11-04T11:00:00+08:00') }] },
      after,
      one({ submitted: 1, onTime: 1 }),
    ],
    [
      'a report made after T does not count at T',
      { ...base, reports: [{ submittedAt: t('2020-11-07T09:00:00+08:00') }], reviews: [] },
      after,
      one({ overdue: 1 }),
    ],
  ])('%s', (_name, input, at, expected) => {
    expect(countStanding(emptyCounts(), standingAt(input, at))).toEqual(expected);
  });
});
