// Report versions in libSQL. A save stores the version (numbered inside the INSERT, so two
// saves never share one) and marks its event processed in one write; saves of the same turn
// share that write (group-commit.ts).
import type { InStatement, Row } from '@libsql/client';
import type { ReportInput, ReportStore, StoredReport } from '../app/ports/index.js';
import type { Database } from './database.js';
import { groupCommit } from './group-commit.js';

export function toReport(row: Row): StoredReport {
  return {
    id: Number(row.id),
    assignmentId: Number(row.assignment_id),
    version: Number(row.version),
    progress: String(row.progress) as StoredReport['progress'],
    percent: Number(row.percent),
    narrative: String(row.narrative),
    problems: String(row.problems),
    nextSteps: String(row.next_steps),
    indicatorValues: JSON.parse(String(row.indicator_values)) as Record<string, number>,
    submittedBy: String(row.submitted_by),
    submittedByName: row.submitted_by_name === null ? undefined : String(row.submitted_by_name),
    submittedAt: new Date(Number(row.submitted_at)),
    source: String(row.source) as StoredReport['source'],
    sourceEventId: row.source_event_id === null ? undefined : String(row.source_event_id),
    contentHash: String(row.content_hash),
  };
}

function saveStatements(input: ReportInput, at: Date): InStatement[] {
  return [
    {
      sql: `INSERT INTO reports (assignment_id, version, progress, percent, narrative, problems, next_steps, indicator_values,
              submitted_by, submitted_by_name, submitted_at, source, source_event_id, content_hash)
            SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM reports WHERE assignment_id = ?`,
      args: [input.assignmentId, input.progress, input.percent, input.narrative, input.problems, input.nextSteps, JSON.stringify(input.indicatorValues),
        input.submittedBy, input.submittedByName ?? null, input.submittedAt.getTime(), input.source, input.sourceEventId ?? null, input.contentHash, input.assignmentId],
    },
    { sql: `SELECT * FROM reports WHERE id = last_insert_rowid()`, args: [] },
    ...(input.sourceEventId
      ? [{ sql: `UPDATE inbound_events SET status = 'processed', processed_at = ?, last_error = NULL WHERE event_id = ?`, args: [at.getTime(), input.sourceEventId] }]
      : []),
  ];
}

export function createReportStore({ client }: Database): ReportStore {
  const save = groupCommit(client, ({ input, at }: { input: ReportInput; at: Date }) => saveStatements(input, at), (results) => toReport(results[1]!.rows[0]!));

  return {
    async latest(assignmentIds) {
      const out = new Map<number, StoredReport>();
      if (assignmentIds.length === 0) return out;
      const r = await client.execute({
        // One seek in reports_version (assignment_id, version) per assignment, whatever its history.
        sql: `SELECT rp.* FROM assignments a JOIN reports rp ON rp.assignment_id = a.id
                AND rp.version = (SELECT max(version) FROM reports m WHERE m.assignment_id = a.id)
              WHERE a.id IN (${assignmentIds.map(() => '?').join(',')})`,
        args: [...assignmentIds],
      });
      for (const row of r.rows) out.set(Number(row.assignment_id), toReport(row));
      return out;
    },
    save: (input, at) => save({ input, at }),
  };
}
