import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startServer, waitFor } from '../support/spawn.js';
import { seedSlug, tempDir } from '../support/runtime.js';

describe('npm start', () => {
  it('without Lark credentials starts the sandbox: one line, the URL to open, and /sandbox answers', async () => {
    const port = await freePort();
    const server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${join(tempDir(), 'untouched.db')}` });
    try {
      const url = await waitFor(async () => /^(http:\/\/\S+\/sandbox)\n/.exec(server.output())?.[1], 60_000);
      expect(url).toBe(`http://127.0.0.1:${port}/sandbox`);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('督办 · 沙盒');
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ ok: true, mode: 'sandbox', plans: [seedSlug] });
      // A few workdays before round 1's deadline (2020-11-05 18:00), before the day's 09:00 reminders.
      expect(health.time).toMatch(/^2020-11-02T00:4/);
      // Every unit's chat is bound and has heard from the bot.
      const state = (await (await fetch(`${url}/api/state`)).json()) as { chats: { name: string; count: number }[] };
      expect(state.chats.find((c) => c.name === '腾冲市工作群')?.count).toBeGreaterThan(1);
      expect(state.chats.every((c) => c.count > 0)).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      expect(server.output()).toBe(`${url}\n`);
    } finally {
      await server.stop();
    }
  }, 90_000);

  it('with DUBAN_SANDBOX=off keeps the setup mode: migrates, loads the seed on an empty database and serves /healthz', async () => {
    const port = await freePort();
    const server = startServer({ DATABASE_URL: `file:${join(tempDir(), 'duban.db')}`, PORT: String(port), HOST: '127.0.0.1', DUBAN_CLOCK_START: '2020-10-22T09:00:00+08:00', DUBAN_SANDBOX: 'off' });
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
      expect((await fetch(`http://127.0.0.1:${port}/sandbox`)).status).toBe(404);
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

describe('npm start with Lark credentials', () => {
  it('answers Lark’s events at /lark/events and replies through the real SDK', async () => {
    const { createFakeLark } = await import('../../src/fake-lark/index.js');
    const fake = await createFakeLark({ encryptKey: 'e2e-key', verificationToken: 'e2e-token' });
    const port = await freePort();
    const server = startServer({
      DATABASE_URL: `file:${join(tempDir(), 'duban.db')}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LARK_APP_ID: fake.app.appId,
      LARK_APP_SECRET: fake.app.appSecret,
      LARK_DOMAIN: fake.url,
      LARK_ENCRYPT_KEY: 'e2e-key',
      LARK_VERIFICATION_TOKEN: 'e2e-token',
      DUBAN_ADMINS: 'ou_admin',
      DUBAN_CRON: 'off',
    });
    try {
      const health = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
      });
      expect(health).toMatchObject({ ok: true, mode: 'lark' });
      const challenge = fake.request(fake.inbound.urlVerification({ challenge: 'c-123' }));
      const answered = await fetch(`http://127.0.0.1:${port}/lark/events`, { method: 'POST', body: challenge.body, headers: challenge.headers });
      expect(await answered.json()).toEqual({ challenge: 'c-123' });

      const bind = fake.request(fake.inbound.message({ chatId: 'oc_e2e', sender: { open_id: 'ou_admin', name: '管理员' }, text: [{ at: fake.bot }, ' 绑定 腾冲市 ', { at: { open_id: 'ou_zhang', name: '张三' } }] }));
      const res = await fetch(`http://127.0.0.1:${port}/lark/events`, { method: 'POST', body: bind.body, headers: bind.headers });
      expect(res.status).toBe(200);
      const reply = await waitFor(async () => fake.messagesIn('oc_e2e').find((m) => m.msg_type === 'text'));
      expect((reply.content as { text: string }).text).toBe('本群已绑定为腾冲市，联络员：张三');
    } finally {
      await server.stop();
      await fake.close();
    }
  });
});
