import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startServer, waitFor } from '../support/spawn.js';
import { seedSlug, tempDir } from '../support/runtime.js';

describe('npm start', () => {
  it('migrates, loads the seed on an empty database and serves /healthz', async () => {
    const port = await freePort();
    const server = startServer({ DATABASE_URL: `file:${join(tempDir(), 'duban.db')}`, PORT: String(port), HOST: '127.0.0.1', DUBAN_CLOCK_START: '2020-10-22T09:00:00+08:00' });
    try {
      const health = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
      });
      expect(health).toMatchObject({ ok: true, mode: 'setup', plans: [seedSlug] });
      expect(String(health.setup)).toMatch(/LARK_APP_ID/);
      expect(Math.abs(Date.parse(String(health.time)) - Date.parse('2020-10-22T01:00:00Z'))).toBeLessThan(60_000);
      expect(server.output()).toMatch(/set LARK_APP_ID and LARK_APP_SECRET/);
      const missing = await fetch(`http://127.0.0.1:${port}/nope`);
      expect(missing.status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it('stops at once with one line naming a bad variable', async () => {
    const server = startServer({ DATABASE_URL: 'file::memory:', PORT: 'eighty' });
    const code = await new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(server.output().trim()).toBe('duban: configuration: PORT is invalid: expected a port number (got "eighty")');
  });
});
