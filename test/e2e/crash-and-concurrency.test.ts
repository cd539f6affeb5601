// A tick killed with SIGKILL in the middle of a fan-out, then run again; two ticks at once.
// Every message reaches its chat exactly once.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeLark, type FakeLark } from '../../src/fake-lark/index.js';
import { openTestStore, tempDir } from '../support/runtime.js';
import { root } from '../support/spawn.js';
import { loadTowns } from '../support/towns.js';

const towns = 60;

function tick(env: Record<string, string>, at: string) {
  const child = spawn(process.execPath, ['bin/duban.js', 'tick', '--at', at, '--json'], { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  return { child, done };
}

async function setup(fake: FakeLark) {
  const url = `file:${join(tempDir(), 'duban.db')}`;
  const { storage } = await openTestStore(url);
  await loadTowns(storage, towns);
  storage.close();
  return { DATABASE_URL: url, LARK_APP_ID: fake.app.appId, LARK_APP_SECRET: fake.app.appSecret, LARK_DOMAIN: fake.url };
}

const perChat = (fake: FakeLark) => {
  const counts = new Map<string, number>();
  for (const m of fake.messages) if (m.chat_id.startsWith('oc_town-')) counts.set(m.chat_id, (counts.get(m.chat_id) ?? 0) + 1);
  return counts;
};

describe('exactly once, whatever happens to the process', () => {
  it('SIGKILL in the middle of a fan-out, then a restart: every chat gets its card once', async () => {
    const fake = await createFakeLark();
    try {
      const env = await setup(fake);
      const first = tick(env, '2020-10-22T09:00:00+08:00');
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (fake.messages.length >= 15) {
            first.child.kill('SIGKILL');
            clearInterval(poll);
            resolve();
          }
        }, 1);
      });
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const before = fake.messages.length;
      expect(before).toBeLessThan(towns);

      // A minute later (the dead process's claims have lapsed) the next tick finishes the job.
      const second = JSON.parse((await tick(env, '2020-10-22T09:01:00+08:00').done).stdout);
      expect(second.pending).toBe(0);
      const counts = perChat(fake);
      expect(counts.size).toBe(towns);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('two processes ticking at once: each action performed once, each message sent once', async () => {
    const fake = await createFakeLark();
    try {
      const env = await setup(fake);
      const [a, b] = await Promise.all([tick(env, '2020-10-22T09:00:00+08:00').done, tick(env, '2020-10-22T09:00:00+08:00').done]);
      const ra = JSON.parse(a.stdout);
      const rb = JSON.parse(b.stdout);
      expect(ra.sent.length + rb.sent.length).toBe(towns);
      expect([...ra.opened, ...rb.opened].filter((o: { round: string }) => o.round === 'r1')).toHaveLength(1);
      const counts = perChat(fake);
      expect(counts.size).toBe(towns);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(fake.callsTo('/im/v1/messages', 'POST')).toHaveLength(towns);
    } finally {
      await fake.close();
    }
  });
});
