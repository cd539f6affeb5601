// The outbox against Lark's failures and limits: 500 and 429 storms, Lark's rate limits,
// permanent errors. Every message arrives once; none is lost.
import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/app/deliver-outbox.js';
import { startHarness, type Harness } from '../support/harness.js';
import { loadTowns } from '../support/towns.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function fanOut(count: number) {
  await loadTowns(h!.storage, count);
  await h!.duban.tick(h!.clock.now());
}

const delivered = () => {
  const counts = new Map<string, number>();
  for (const m of h!.fake.messages) if (m.chat_id.startsWith('oc_town-')) counts.set(m.chat_id, (counts.get(m.chat_id) ?? 0) + 1);
  return counts;
};

describe('the outbox under Lark failures', () => {
  it('rides out a storm of 500s: everything delivered, once', async () => {
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00' });
    await fanOut(20);
    h!.fake.failNext({ path: '/im/v1/messages', status: 500, times: 15 });
    await h!.duban.flush(20_000);
    const counts = delivered();
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await h!.storage.outbox.pendingCount()).toBe(0);
  });

  it('waits as long as Lark’s x-ogw-ratelimit-reset says after a 429', async () => {
    // Lark's clock is the real one here, so the calls it records show when each retry came.
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00', fake: { now: () => Date.now() } });
    await fanOut(3);
    h!.fake.failNext({ path: '/im/v1/messages', status: 429, times: 3, headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '3' } });
    await h!.duban.flush(20_000);
    expect(delivered().size).toBe(3);
    const sends = h!.fake.calls.filter((c) => c.path === '/open-apis/im/v1/messages' && c.method === 'POST');
    const refused = sends.filter((c) => c.status === 429);
    const accepted = sends.filter((c) => c.status === 200);
    expect([refused.length, accepted.length]).toEqual([3, 3]);
    expect(Math.min(...accepted.map((c) => c.at)) - Math.max(...refused.map((c) => c.at))).toBeGreaterThanOrEqual(2900);
    const rows = await h!.storage.database.client.execute(`SELECT attempts FROM outbox`);
    expect(rows.rows.map((r) => r.attempts)).toEqual([2, 2, 2]);
  });

  it('keeps within Lark’s limits on a fan-out (5/s per chat, 50/s per app): no 429 at all', async () => {
    // Lark measures its limits in real time, so the fake does here too.
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00', fake: { rateLimits: true, now: () => Date.now() } });
    await fanOut(80);
    await h!.duban.flush(20_000);
    expect(delivered().size).toBe(80);
    expect(h!.fake.calls.filter((c) => c.injected === 'rate_limit').map((c) => [c.path, c.at, JSON.stringify(c.response).slice(0, 120)])).toEqual([]);
    // What Lark saw: never more than 50 sends in any one second.
    const times = h!.fake.calls.filter((c) => c.path === '/open-apis/im/v1/messages' && c.method === 'POST').map((c) => c.at).sort((a, b) => a - b);
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(50);
  });

  it('records a permanent error (bot not in the chat) once, and keeps sending the rest', async () => {
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00' });
    h!.fake.setBotInChat('oc_town-1', false);
    await fanOut(3);
    await h!.duban.flush(5000);
    expect([...delivered().keys()].sort()).toEqual(['oc_town-0', 'oc_town-2']);
    const failed = await h!.storage.database.client.execute(`SELECT recipient_id, status, attempts, last_error FROM outbox WHERE status = 'failed'`);
    expect(failed.rows.map((r) => [r.recipient_id, r.attempts])).toEqual([['oc_town-1', 1]]);
    expect(String(failed.rows[0]!.last_error)).toMatch(/^230002/);
  });
});

describe('the rate limiter', () => {
  it('lets 5 a second through to one chat and 50 a second in all', async () => {
    let now = 0;
    const limiter = createRateLimiter({ perTarget: 5, perApp: 50 }, () => now, async (ms) => void (now += ms));
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.acquire('chat:a');
      times.push(now);
    }
    expect(times.filter((t) => t < 1000)).toHaveLength(5);
    expect(times.filter((t) => t < 2000)).toHaveLength(10);
    now = 10_000;
    const start = now;
    for (let i = 0; i < 120; i++) await limiter.acquire(`chat:${i}`);
    expect(now - start).toBeGreaterThanOrEqual(2000);
    expect(now - start).toBeLessThan(2100);
  });
});

describe('order and size', () => {
  it('delivers one chat’s messages in the order they were queued, even with several in flight', async () => {
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00' });
    const messages = Array.from({ length: 12 }, (_, i) => ({ key: `order:${i}`, kind: 'text', to: { type: 'chat' as const, id: 'oc_order' }, msgType: 'text' as const, content: JSON.stringify({ text: `第${i}条` }) }));
    const others = Array.from({ length: 12 }, (_, i) => ({ key: `other:${i}`, kind: 'text', to: { type: 'chat' as const, id: `oc_other${i}` }, msgType: 'text' as const, content: JSON.stringify({ text: 'x' }) }));
    await h!.storage.outbox.enqueue([...messages.slice(0, 6), ...others, ...messages.slice(6)], h!.clock.now());
    await h!.duban.flush(10_000);
    expect(h!.fake.messagesIn('oc_order').map((m) => (m.content as { text: string }).text)).toEqual(messages.map((_, i) => `第${i}条`));
  });
});
