// Assignment facts by plan, narrowed by index to a round period, a unit, or a set of periods.
import type { AssignmentStore, FactScope } from '../app/ports/index.js';
import type { Database } from './database.js';
import { factColumns, planIdOf, reportColumns, reviewColumns, toFacts } from './facts.js';

export function createAssignmentStore({ client }: Database): AssignmentStore {
  return {
    async facts(slug, scope: FactScope = {}) {
      const conditions: string[] = [];
      const extra: (string | number)[] = [];
      if (scope.roundKey !== undefined) {
        conditions.push(`a.round_id = (SELECT id FROM rounds WHERE plan_id = ${planIdOf} AND key = ?)`);
        extra.push(slug, scope.roundKey);
      }
      if (scope.period !== undefined) {
        conditions.push('a.period = ?');
        extra.push(scope.period);
      }
      if (scope.unitCode !== undefined) {
        conditions.push('a.unit_id = (SELECT id FROM units WHERE code = ?)');
        extra.push(scope.unitCode);
      }
      if (scope.periods !== undefined) {
        if (scope.periods.length === 0) return [];
        conditions.push(
          `(${scope.periods.map(() => `(a.round_id = (SELECT id FROM rounds WHERE plan_id = ${planIdOf} AND key = ?) AND a.period = ?)`).join(' OR ')})`,
        );
        extra.push(...scope.periods.flatMap((p) => [slug, p.roundKey, p.period]));
      }
      const where = `a.plan_id = ${planIdOf} AND a.retired_at IS NULL${conditions.map((c) => ` AND ${c}`).join('')}`;
      const args = [slug, ...extra];
      // Two walks of reports_version (assignment_id, version) per assignment from either end,
      // each stopping at the first version submitted by T: not a scan of its history.
      const endsAt = scope.endsAt?.getTime();
      const end = (order: string) => `(SELECT e.version FROM reports e WHERE e.assignment_id = a.id AND e.submitted_at <= ? ORDER BY e.version ${order} LIMIT 1)`;
      const ends = endsAt === undefined ? '' : ` AND rp.version IN (${end('ASC')}, ${end('DESC')})`;
      const reportArgs = endsAt === undefined ? args : [...args, endsAt, endsAt];
      const [rows, reports, reviews] = await client.batch(
        [
          { sql: `${factColumns} WHERE ${where} ORDER BY a.id`, args },
          { sql: `${reportColumns} JOIN assignments a ON a.id = rp.assignment_id WHERE ${where}${ends}`, args: reportArgs },
          { sql: `${reviewColumns} JOIN assignments a ON a.id = rv.assignment_id WHERE ${where}`, args },
        ],
        'read',
      );
      return toFacts(rows!.rows, reports!.rows, reviews!.rows);
    },
  };
}
