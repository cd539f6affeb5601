// Report versions in libSQL. A save stores the version (numbered inside the INSERT, so two
// saves never share one) and marks its event processed in one write; saves that arrive in the
// same turn of the event loop share that write (group commit), so a burst of clicks costs
// one fsync, not one each.
import type { InStatement, Row } from '@libsql/client';
import type { ReportInput, ReportStore, StoredReport } from '../app/ports/index.js';
import type { Database } from './database.js';

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

interface Waiting {
  input: ReportInput;
  at: Date;
  resolve(report: StoredReport): void;
  reject(error: unknown): void;
}

export function createReportStore({ client }: Database): ReportStore {
  let waiting: Waiting[] = [];

  async function commit(group: Waiting[]): Promise<void> {
    const statements = group.map((w) => saveStatements(w.input, w.at));
    try {
      const results = await client.batch(statements.flat(), 'write');
      let i = 0;
      for (const [n, w] of group.entries()) {
        w.resolve(toReport(results[i + 1]!.rows[0]!));
        i += statements[n]!.length;
      }
    } catch (e) {
      // The batch is atomic: nothing of it was stored. Alone, each save fails or succeeds on its own.
      if (group.length === 1) return group[0]!.reject(e);
      for (const w of group) await commit([w]);
    }
  }

  return {
    async latest(assignmentIds) {
      const out = new Map<number, StoredReport>();
      if (assignmentIds.length === 0) return out;
      const r = await client.execute({
        sql: `SELECT rp.* FROM reports rp JOIN (SELECT assignment_id, max(version) AS v FROM reports
                WHERE assignment_id IN (${assignmentIds.map(() => '?').join(',')}) GROUP BY assignment_id) m
              ON m.assignment_id = rp.assignment_id AND m.v = rp.version`,
        args: [...assignmentIds],
      });
      for (const row of r.rows) out.set(Number(row.assignment_id), toReport(row));
      return out;
    },
    save(input, at) {
      return new Promise<StoredReport>((resolve, reject) => {
        waiting.push({ input, at, resolve, reject });
        if (waiting.length > 1) return;
        // After the other callbacks of this turn: their saves join this commit.
        setImmediate(() => {
          const group = waiting;
          waiting = [];
          void commit(group);
        });
      });
    },
  };
}
