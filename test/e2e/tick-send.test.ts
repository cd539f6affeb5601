import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeLark } from '../../src/fake-lark/index.js';
import { duban } from '../support/spawn.js';
import { loadSeed, openTestStore, tempDir } from '../support/runtime.js';
import { spawn } from 'node:child_process';
import { root } from '../support/spawn.js';

// The fake Lark server runs in this process, so the CLI must run without blocking it.
function dubanAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/duban.js', ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('duban tick with Lark credentials', () => {
  it('sends the report cards of the rounds it opens, once, and says what it sent', async () => {
    const fake = await createFakeLark();
    try {
      const url = `file:${join(tempDir(), 'duban.db')}`;
      const { storage } = await openTestStore(url);
      await loadSeed(storage);
      await storage.directory.bindChat({ unitCode: 'tengchong', chatId: 'oc_tc', contacts: [{ openId: 'ou_zhang', name: '张三' }], by: 'test', at: new Date('2020-10-01T00:00:00Z') });
      storage.close();

      const env = { DATABASE_URL: url, LARK_APP_ID: fake.app.appId, LARK_APP_SECRET: fake.app.appSecret, LARK_DOMAIN: fake.url };
      const first = await dubanAsync(['tick', '--at', '2020-10-22T09:00:00+08:00', '--json'], env);
      expect(first.stderr).toBe('');
      const result = JSON.parse(first.stdout);
      // Round 1's card, and the day's ping for the monthly reports of August to October still missing.
      expect(result.sent.map((m: { kind: string }) => m.kind).sort()).toEqual(['overdue.ping', 'report.card']);
      expect(result.pending).toBe(0);
      expect(result.unbound).toContain('隆阳区');
      const [card, ping] = [...fake.messagesIn('oc_tc')].sort((a) => (JSON.stringify(a.content).includes('【报送】') ? -1 : 1));
      expect(JSON.stringify(card!.content)).toContain('腾冲市 · 截止 11月5日（周四）18:00');
      expect(ping!.mentions).toEqual(['ou_zhang']);

      const again = JSON.parse((await dubanAsync(['tick', '--at', '2020-10-22T09:00:00+08:00', '--json'], env)).stdout);
      expect(again.sent).toEqual([]);
      expect(fake.messagesIn('oc_tc')).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });

  it('without credentials it queues and says nothing was sent', () => {
    const r = duban(['tick', '--at', '2020-10-22T09:00:00+08:00'], { DATABASE_URL: `file:${join(tempDir(), 'duban.db')}` });
    expect(r.stdout).toMatch(/sent 0 message\(s\); 0 pending \(no LARK_APP_ID: nothing is sent from the CLI\)/);
  });
});
