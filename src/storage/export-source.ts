// The reads of an export in libSQL: report versions and assignment facts in pages (keyset
// pagination by id, each page one read batch), stored daily summaries a few dates at a time,
// and one round period's latest reports for the draft. Nothing here holds a whole plan's reports.
import type { InStatement, Row } from '@libsql/client';
import type { ExportRoundPeriod, ExportSource } from '../app/export-plan.js';
import type { ExportReport, ExportSummaryRow } from '../core/export-rows.js';
import type { ProgressState } from '../core/texts.js';
import type { Database } from './database.js';
import { factColumns, parseValues, toFacts } from './facts.js';

import { planIdOf } from './facts.js';

export interface ExportSourceOptions {
  /** Rows per query: large enough to amortize a query, small enough to keep memory flat. */
  pageSize?: number;
  /** Days of stored summaries per query. */
  daysPerPage?: number;
}


const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

const reportSelect = `SELECT rp.id, rp.assignment_id, rp.version, rp.progress, rp.percent, rp.narrative, rp.problems, rp.next_steps,
    rp.indicator_values, rp.submitted_by, rp.submitted_by_name, rp.submitted_at,
    a.period, a.due_at, r.key AS round_key, r.name AS round_name, t.number AS task_number, t.short AS task_short,
    u.code AS unit_code, u.name AS unit_name, rv.decision AS review_decision, rv.comment AS review_comment, rv.at AS review_at,
    rp.version = (SELECT max(m.version) FROM reports m WHERE m.assignment_id = rp.assignment_id) AS is_latest`;
// The names of the version, and the latest review of that very version.
const reportJoins = `JOIN rounds r ON r.id = a.round_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
  LEFT JOIN reviews rv ON rv.id = (SELECT x.id FROM reviews x WHERE x.assignment_id = rp.assignment_id AND x.report_id = rp.id
                                   ORDER BY x.at DESC, x.id DESC LIMIT 1)`;

function toReport(row: Row): ExportReport {
  return {
    id: Number(row.id),
    assignmentId: Number(row.assignment_id),
    roundKey: text(row.round_key),
    roundName: text(row.round_name),
    period: text(row.period),
    taskNumber: text(row.task_number),
    taskShort: text(row.task_short),
    unitCode: text(row.unit_code),
    unitName: text(row.unit_name),
    dueAt: new Date(Number(row.due_at)),
    version: Number(row.version),
    progress: text(row.progress) as ProgressState,
    percent: Number(row.percent),
    narrative: text(row.narrative),
    problems: text(row.problems),
    nextSteps: text(row.next_steps),
    indicatorValues: parseValues(row.indicator_values),
    submittedBy: text(row.submitted_by),
    submittedByName: row.submitted_by_name === null ? undefined : text(row.submitted_by_name),
    submittedAt: new Date(Number(row.submitted_at)),
    latest: Number(row.is_latest) === 1,
    review:
      row.review_decision === null || row.review_decision === undefined
        ? undefined
        : { decision: row.review_decision === 'accept' ? 'accept' : 'return', comment: text(row.review_comment), at: new Date(Number(row.review_at)) },
  };
}

export function createExportSource(database: Database, options: ExportSourceOptions = {}): ExportSource {
  const { client } = database;
  const pageSize = options.pageSize ?? 2000;
  const daysPerPage = options.daysPerPage ?? 31;

  return {
    async *reports(slug) {
      // CROSS JOIN keeps SQLite walking reports by id from the cursor (a range of the primary
      // key), instead of collecting the plan's assignments first and sorting their reports.
      let after = 0;
      for (;;) {
        const r = await client.execute({
          sql: `${reportSelect} FROM reports rp CROSS JOIN assignments a ON a.id = rp.assignment_id ${reportJoins}
                WHERE rp.id > ? AND a.plan_id = ${planIdOf} ORDER BY rp.id LIMIT ?`,
          args: [after, slug, pageSize],
        });
        if (r.rows.length === 0) return;
        const page = r.rows.map(toReport);
        after = page[page.length - 1]!.id;
        yield page;
        if (r.rows.length < pageSize) return;
      }
    },

    async *facts(slug) {
      let after = 0;
      for (;;) {
        // One read batch: the page's assignments, reports and reviews come from one snapshot.
        // The unary + keeps SQLite walking the primary key from the cursor: with the plan index it
        // would collect and sort every assignment of the plan for each page.
        const pageIds = `SELECT a.id FROM assignments a WHERE +a.plan_id = ${planIdOf} AND a.retired_at IS NULL AND a.id > ? ORDER BY a.id LIMIT ?`;
        const args = [slug, after, pageSize];
        const [assignments, reports, reviews] = await client.batch(
          [
            {
              sql: `${factColumns} WHERE a.id IN (${pageIds}) ORDER BY a.id`,
              args,
            },
            {
              sql: `SELECT rp.id, rp.assignment_id, rp.version, rp.submitted_at, rp.percent, rp.indicator_values FROM reports rp
                    WHERE rp.assignment_id IN (${pageIds})`,
              args,
            },
            { sql: `SELECT rv.assignment_id, rv.decision, rv.at FROM reviews rv WHERE rv.assignment_id IN (${pageIds})`, args },
          ] satisfies InStatement[],
          'read',
        );
        const rows = assignments!.rows;
        if (rows.length === 0) return;
        after = Number(rows[rows.length - 1]!.id);
        yield toFacts(rows, reports!.rows, reviews!.rows);
        if (rows.length < pageSize) return;
      }
    },

    async *summaryRows(slug) {
      const dates = await client.execute({ sql: `SELECT DISTINCT date FROM daily_summaries WHERE plan_id = ${planIdOf} ORDER BY date`, args: [slug] });
      const all = dates.rows.map((r) => text(r.date));
      for (let i = 0; i < all.length; i += daysPerPage) {
        const from = all[i]!;
        const to = all[Math.min(i + daysPerPage, all.length) - 1]!;
        // Directory order for the units, as the chat and the CLI list them.
        const r = await client.execute({
          sql: `SELECT d.date, d.scope, d.scope_key, d.expected, d.submitted, d.on_time, d.late, d.overdue, d.accepted, d.mean_percent
                FROM daily_summaries d LEFT JOIN units u ON d.scope = 'unit' AND u.code = d.scope_key
                WHERE d.plan_id = ${planIdOf} AND d.scope IN ('plan', 'unit') AND d.date BETWEEN ? AND ?
                ORDER BY d.date, d.scope <> 'plan', u.id, d.scope_key`,
          args: [slug, from, to],
        });
        yield r.rows.map(
          (row): ExportSummaryRow => ({
            date: text(row.date),
            scope: row.scope === 'plan' ? 'plan' : 'unit',
            key: text(row.scope_key),
            expected: Number(row.expected),
            submitted: Number(row.submitted),
            onTime: Number(row.on_time),
            late: Number(row.late),
            overdue: Number(row.overdue),
            accepted: Number(row.accepted),
            meanPercent: row.mean_percent === null ? null : Number(row.mean_percent),
          }),
        );
      }
    },

    async roundPeriods(slug, at) {
      const r = await client.execute({
        sql: `SELECT r.key, r.name, a.period, min(a.opens_at) AS opens_at, max(a.due_at) AS due_at
              FROM assignments a JOIN rounds r ON r.id = a.round_id
              WHERE a.plan_id = ${planIdOf} AND a.retired_at IS NULL AND a.opens_at <= ?
              GROUP BY r.id, a.period ORDER BY r.position, min(a.opens_at)`,
        args: [slug, at.getTime()],
      });
      return r.rows.map(
        (row): ExportRoundPeriod => ({
          roundKey: text(row.key),
          roundName: text(row.name),
          period: text(row.period),
          opensAt: new Date(Number(row.opens_at)),
          dueAt: new Date(Number(row.due_at)),
        }),
      );
    },

    async periodReports(slug, roundKey, period) {
      const inPeriod = `a.plan_id = ${planIdOf} AND a.round_id = (SELECT id FROM rounds WHERE plan_id = ${planIdOf} AND key = ?)
        AND a.period = ? AND a.retired_at IS NULL`;
      const args = [slug, slug, roundKey, period];
      const [assignments, latest] = await client.batch(
        [
          {
            sql: `SELECT a.id, t.number, u.code FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
                  WHERE ${inPeriod} ORDER BY a.id`,
            args,
          },
          {
            sql: `${reportSelect} FROM assignments a JOIN reports rp ON rp.assignment_id = a.id
                    AND rp.version = (SELECT max(version) FROM reports WHERE assignment_id = a.id) ${reportJoins}
                  WHERE ${inPeriod} ORDER BY rp.id`,
            args,
          },
        ],
        'read',
      );
      return {
        assignments: assignments!.rows.map((row) => ({ id: Number(row.id), taskNumber: text(row.number), unitCode: text(row.code) })),
        latest: latest!.rows.map(toReport),
      };
    },
  };
}
