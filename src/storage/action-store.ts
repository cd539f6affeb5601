// Scheduled actions claimed in libSQL: a unique key per action, so two processes ticking at
// the same minute perform each action once.
import type { ActionStore } from '../app/ports/index.js';
import type { Database } from './database.js';
import { planIdOf } from './facts.js';

export function createActionStore({ client }: Database): ActionStore {
  return {
    async claim(actions, by, at) {
      if (actions.length === 0) return [];
      const results = await client.batch(
        actions.map((a) => ({
          sql: `INSERT INTO tick_actions (key, plan_id, kind, due_at, claimed_at, claimed_by) VALUES (?, ${planIdOf}, ?, ?, ?, ?)
                ON CONFLICT(key) DO NOTHING`,
          args: [a.key, a.planSlug, a.kind, a.dueAt.getTime(), at.getTime(), by],
        })),
        'write',
      );
      return actions.filter((_, i) => results[i]!.rowsAffected === 1).map((a) => a.key);
    },
    async claimedKeys(slug, kind) {
      const rows = await client.execute({ sql: `SELECT key FROM tick_actions WHERE plan_id = ${planIdOf} AND kind = ?`, args: [slug, kind] });
      return new Set(rows.rows.map((r) => String(r.key)));
    },
  };
}
