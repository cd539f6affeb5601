// The one reader of assignment facts: its columns and the mapping from rows to the fact shape
// (src/core/status.ts) that status, cards, summaries and exports all use.
import type { Row } from '@libsql/client';
import type { AssignmentFact, FactReport, FactReview } from '../core/status.js';

export const planIdOf = '(SELECT id FROM plans WHERE slug = ?)';

/** Assignment columns; reports and reviews are read beside them with the two selects below. */
export const factColumns = `SELECT a.id, r.key AS round_key, a.period, t.number, u.code, a.opens_at, a.due_at FROM assignments a
  JOIN rounds r ON r.id = a.round_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id`;
export const reportColumns = `SELECT rp.id, rp.assignment_id, rp.version, rp.submitted_at, rp.percent, rp.indicator_values FROM reports rp`;
export const reviewColumns = `SELECT rv.assignment_id, rv.decision, rv.at FROM reviews rv`;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Assignment, report and review rows (the columns above) as facts, in assignment order. */
export function toFacts(assignments: readonly Row[], reports: readonly Row[], reviews: readonly Row[]): AssignmentFact[] {
  const facts = new Map<number, AssignmentFact & { reports: FactReport[]; reviews: FactReview[] }>();
  for (const r of assignments) {
    facts.set(Number(r.id), {
      id: Number(r.id),
      roundKey: String(r.round_key),
      period: String(r.period),
      taskNumber: String(r.number),
      unitCode: String(r.code),
      opensAt: new Date(Number(r.opens_at)),
      dueAt: new Date(Number(r.due_at)),
      reports: [],
      reviews: [],
    });
  }
  for (const r of reports) {
    facts.get(Number(r.assignment_id))?.reports.push({
      id: Number(r.id),
      version: Number(r.version),
      submittedAt: new Date(Number(r.submitted_at)),
      percent: Number(r.percent),
      indicatorValues: parseValues(r.indicator_values),
    });
  }
  for (const r of reviews) {
    facts.get(Number(r.assignment_id))?.reviews.push({ decision: r.decision === 'accept' ? 'accept' : 'return', at: new Date(Number(r.at)) });
  }
  return [...facts.values()];
}

export function parseValues(raw: unknown): Record<string, number> {
  if (typeof raw !== 'string' || raw === '') return {};
  const parsed: unknown = JSON.parse(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number') out[k] = v;
  return out;
}
