import { describe, expect, it } from 'vitest';
import { countStatus, emptyCounts, statusAt, type StatusInput } from '../../src/core/status.js';

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
    const counts = ['not_open', 'pending', 'overdue', 'late', 'accepted', 'submitted'].reduce(
      (c, s) => countStatus(c, s as Parameters<typeof countStatus>[1]),
      emptyCounts(),
    );
    expect(counts).toEqual({ expected: 5, submitted: 3, overdue: 1, late: 1, accepted: 1, returned: 0, pending: 1 });
  });
});
