// The audit log in libSQL. Writes that change something else log in that write's own batch;
// this store is for what is only logged (催办) and for reading it back.
import type { AuditStore } from '../app/ports/index.js';
import type { Database } from './database.js';

export function createAuditStore({ client }: Database): AuditStore {
  return {
    async record(e) {
      await client.execute({
        sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`,
        args: [e.at.getTime(), e.actor, e.action, e.subject, JSON.stringify(e.detail ?? {})],
      });
    },
    async lastAt(action, subject) {
      const r = await client.execute({ sql: `SELECT max(at) AS at FROM audit_log WHERE action = ? AND subject = ?`, args: [action, subject] });
      const at = r.rows[0]?.at;
      return at === null || at === undefined ? undefined : new Date(Number(at));
    },
  };
}
