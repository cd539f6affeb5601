// The database as every store gets it: the pragmas on the one connection, and report saves
// and events that share one commit without one bad save failing the others; the narrow fact
// read that keeps a click and a status answer independent of history.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../src/app/ports/index.js';
import { standingAt } from '../../src/core/status.js';
import type { DatabaseStorage } from '../../src/storage/index.js';
import { loadSeed, openTestStore, tempDir } from '../support/runtime.js';

let storage: DatabaseStorage | undefined;
afterEach(() => storage?.close());

const input = (assignmentId: number, narrative: string): ReportInput => ({
  assignmentId,
  progress: 'in_progress',
  percent: 50,
  narrative,
  problems: '',
  nextSteps: '',
  indicatorValues: {},
  submittedBy: 'ou_zhang',
  submittedAt: new Date('2020-11-02T10:00:00+08:00'),
  source: 'cli',
  contentHash: narrative,
});

describe('the libSQL database', () => {
  it('has WAL, synchronous FULL and foreign keys on the connection every call uses, however many run at once', async () => {
    ({ storage } = await openTestStore(`file:${join(tempDir(), 'duban.db')}`));
    const { client } = storage.database;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => client.batch(['PRAGMA journal_mode', 'PRAGMA synchronous', 'PRAGMA foreign_keys'], 'read')),
    );
    for (const [journal, sync, fk] of answers) {
      expect([journal!.rows[0]![0], Number(sync!.rows[0]![0]), Number(fk!.rows[0]![0])]).toEqual(['wal', 2, 1]);
    }
  });

  it('saves in the same turn share a commit; a save that fails alone fails, the others are stored', async () => {
    ({ storage } = await openTestStore());
    await loadSeed(storage);
    const [a, b] = (await storage.database.client.execute('SELECT id FROM assignments ORDER BY id LIMIT 2')).rows.map((r) => Number(r.id));
    const saves = [
      storage.reports.save(input(a!, 'v1'), new Date()),
      storage.reports.save(input(a!, 'v2'), new Date()),
      storage.reports.save(input(999_999, 'no such assignment'), new Date()),
      storage.reports.save(input(b!, 'other'), new Date()),
    ];
    const results = await Promise.allSettled(saves);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await storage.database.client.execute('SELECT assignment_id, version, narrative FROM reports ORDER BY id');
    expect(rows.rows.map((r) => [Number(r.assignment_id), Number(r.version), r.narrative])).toEqual([
      [a, 1, 'v1'],
      [a, 2, 'v2'],
      [b, 1, 'other'],
    ]);
  });

  it('events recorded in the same turn share a commit, and a second arrival in that turn is told apart', async () => {
    ({ storage } = await openTestStore());
    const at = new Date('2020-11-02T10:00:00+08:00');
    const event = (eventId: string, messageId?: string) => ({ eventId, eventType: 'message', messageId, payload: '{}' });
    const recorded = await Promise.all([
      storage.events.record(event('e1', 'm1'), at),
      storage.events.record(event('e2'), at),
      storage.events.record(event('e1', 'm1'), at),
      storage.events.record(event('e3', 'm1'), at),
    ]);
    expect(recorded).toEqual([
      { fresh: true },
      { fresh: true },
      { fresh: false, processed: false, receivedAt: at, eventId: 'e1' },
      { fresh: false, processed: false, receivedAt: at, eventId: 'e1' },
    ]);
    const rows = await storage.database.client.execute('SELECT event_id FROM inbound_events ORDER BY id');
    expect(rows.rows.map((r) => r.event_id)).toEqual(['e1', 'e2']);
  });

  it('the first and last versions by T give every standing that all versions give', async () => {
    ({ storage } = await openTestStore());
    await loadSeed(storage);
    const [slug] = (await storage.plans.listPlans()).map((p) => p.slug);
    const [fact] = await storage.assignments.facts(slug!, { roundKey: 'round-1' });
    const due = fact!.dueAt.getTime();
    const hour = 3600_000;
    // Before the deadline, then a correction after it, then one more.
    for (const [n, at] of [due - 2 * hour, due + hour, due + 5 * hour].entries()) {
      await storage.reports.save({ ...input(fact!.id, `v${n + 1}`), submittedAt: new Date(at) }, new Date(at));
    }
    for (const t of [due - 3 * hour, due - hour, due + 2 * hour, due + 6 * hour]) {
      const at = new Date(t);
      const all = (await storage.assignments.facts(slug!, { roundKey: 'round-1' })).find((f) => f.id === fact!.id)!;
      const ends = (await storage.assignments.facts(slug!, { roundKey: 'round-1', endsAt: at })).find((f) => f.id === fact!.id)!;
      expect(standingAt(ends, at)).toEqual(standingAt(all, at));
      expect(ends.reports.length).toBeLessThanOrEqual(2);
    }
  });
});

