// The synthetic plan the benchmarks load: N county units × 12 tasks led by one bureau,
// round 1 in January 2026, and optionally a weekly round for the rest of the year.
import { directorySpec, planSpec, type DirectorySpec, type PlanSpec } from '../src/core/plan-spec.js';

export interface SyntheticPlanOptions {
  units: number;
  /** A weekly round from 5 January until this date (YYYY-MM-DD); none when absent. */
  weeklyUntil?: string | undefined;
  /** Task 12 carries an indicator (进驻率 ≥ 90 %), for exports and summaries. */
  indicators?: boolean | undefined;
}

export function syntheticPlan(options: SyntheticPlanOptions): { directory: DirectorySpec; spec: PlanSpec } {
  const directory = directorySpec.parse({
    units: [
      { code: 'office', name: '办公室', kind: 'office' },
      { code: 'lead', name: '牵头局', kind: 'department' },
      ...Array.from({ length: options.units }, (_, i) => ({ code: `u${i}`, name: `单位${i}`, kind: 'county' })),
    ],
  });
  const spec = planSpec.parse({
    slug: 'bench',
    title: '基准方案',
    issuer: '办公室',
    issuedOn: '2026-01-01',
    office: '办公室',
    tasks: Array.from({ length: 12 }, (_, i) => ({
      number: i + 1,
      title: `任务${i + 1}`,
      lead: ['牵头局'],
      responsible: ['各县(市、区)人民政府'],
      indicators: options.indicators && i === 11 ? [{ key: 'entry-rate', name: '进驻率', unit: '%', target: 90, due: '2026-12-31' }] : [],
    })),
    rounds: [
      { key: 'r1', name: '第1轮', reporter: 'responsible', recipient: 'lead', opensAt: '2026-01-05T09:00:00+08:00', dueAt: '2026-01-20T18:00:00+08:00' },
      ...(options.weeklyUntil
        ? [{ key: 'weekly', name: '周报', reporter: 'responsible', recipient: 'lead', opensAt: '2026-01-05T09:00:00+08:00', dueAt: '2026-01-09T18:00:00+08:00', recurrence: 'weekly', until: options.weeklyUntil }]
        : []),
    ],
  });
  return { directory, spec };
}
