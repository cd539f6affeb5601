// Benchmark: how fast the outbox fans messages out against Lark's rate limits, compared with the
// fastest those limits allow. The whole sending path is real: the product's outbox in a temp
// `file:` libSQL database, `drainOutbox` (as `bot.flush` calls it) with the product's rate
// limiter, the gateway over the real @larksuiteoapi/node-sdk client, HTTP to the fake Lark server
// enforcing Lark's limits (`rateLimits: true`: 5 messages/s per chat, 50/s and 1000/min per API
// per app) on the real clock.
//
// Usage: npm run bench:fanout [-- chats=200 messages=20]
//
//   1. fan-out: a round opens for `chats` towns, each bound to its own chat; the tick queues one
//      report card per chat; the outbox is drained.
//   2. one chat: `messages` text messages queued to a single chat; the outbox is drained.
//
// The minimum: the limiter admits at most L messages in any window of W ms (L = 50 per app or 5
// per chat, W = 1150 ms: Lark's one second plus a margin for requests that leave in one second and
// arrive in the next). The k-th message (from 0) cannot be admitted before ⌊k / L⌋ · W after the
// first, so n messages need at least ⌊(n − 1) / L⌋ · W from the first admission to the last, plus
// one round trip for the last answer. With Lark's own W = 1000 ms the same formula gives Lark's
// floor.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryReport } from '../src/app/deliver-outbox.js';
import type { Logger, OutboundMessage } from '../src/app/ports/index.js';
import { runTick } from '../src/app/run-tick.js';
import { parseConfig } from '../src/config.js';
import { larkUuid } from '../src/lark/gateway.js';
import { createFakeLark, type FakeLarkCall } from '../src/fake-lark/index.js';
import { openAgainstFake } from './open-against-fake.js';
import { loadTowns } from '../test/support/towns.js';

const args = Object.fromEntries(process.argv.slice(2).filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]));
const chatCount = Number(args.chats ?? 200);
const perChatCount = Number(args.messages ?? 20);

/** The product limiter's window and limits (deliver-outbox.ts `createRateLimiter` defaults). */
const limiterWindowMs = 1150;
const perApp = 50;
const perChat = 5;
const floorMs = (n: number, limit: number, windowMs: number) => Math.floor((n - 1) / limit) * windowMs;

const t0 = performance.now();
const fake = await createFakeLark({ rateLimits: true, now: () => Date.now() });
const dir = mkdtempSync(join(tmpdir(), 'duban-bench-fanout-'));
const config = parseConfig({
  DATABASE_URL: `file:${join(dir, 'bench.db')}`,
  LARK_APP_ID: fake.app.appId,
  LARK_APP_SECRET: fake.app.appSecret,
  LARK_DOMAIN: fake.url,
  LARK_VERIFICATION_TOKEN: fake.app.verificationToken,
  DUBAN_CRON: 'off',
});
const opensAt = '2020-10-22T09:00:00+08:00';
let decisionTime = Date.parse(opensAt);
const logs: string[] = [];
const keep = (level: string) => (msg: string, extra?: Record<string, unknown>) => void logs.push(`${level} ${msg} ${JSON.stringify(extra ?? {})}`);
const log: Logger = { debug: () => undefined, info: () => undefined, warn: keep('warn'), error: keep('error') };
const clock = { now: () => new Date(decisionTime) };
const opened = await openAgainstFake(fake, config, clock, log);
const { duban, storage } = opened;
await loadTowns(storage, chatCount, opensAt);
console.log(`setup ${((performance.now() - t0) / 1000).toFixed(1)} s: ${chatCount} towns bound to chats; Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

const isSend = (c: FakeLarkCall) => c.method === 'POST' && /\/im\/v1\/messages$/.test(c.path);
const code = (c: FakeLarkCall) => (c.response as { code?: number } | undefined)?.code;

/** Most calls within any `windowMs` (by the fake's arrival times), overall and for one key. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function drain(label: string, n: number, limit: number, order: string[]) {
  // Let every window (the limiter's and Lark's) empty before starting.
  await new Promise((r) => setTimeout(r, 1500));
  const callsBefore = fake.calls.length;
  const start = performance.now();
  const report: DeliveryReport & { pending: number } = await duban.drain(clock.now(), 120_000);
  const wallMs = performance.now() - start;
  const sends = fake.calls.slice(callsBefore).filter(isSend);
  const accepted = sends.filter((c) => c.status === 200 && code(c) === 0);
  const limited = sends.filter((c) => c.status === 429 || code(c) === 99991400);
  const frequency = sends.filter((c) => code(c) === 230020);
  const times = accepted.map((c) => c.at);
  const spanMs = Math.max(...times) - Math.min(...times);
  const byChat = new Map<string, number[]>();
  for (const c of accepted) {
    const chat = String((c.body as { receive_id?: string }).receive_id);
    byChat.set(chat, [...(byChat.get(chat) ?? []), c.at]);
  }
  const perChatMax = Math.max(...[...byChat.values()].map((ts) => maxInWindow(ts, 1000)));
  const received = accepted.map((c) => String((c.body as { uuid?: string }).uuid));
  const inOrder = received.join() === order.join();
  const position = new Map(order.map((u, i) => [u, i]));
  const arrival = received.map((u) => position.get(u) ?? -1);
  // Each window's burst: how long its L messages took to get through (8 in flight).
  const sorted = [...times].sort((a, b) => a - b);
  const bursts = Array.from({ length: Math.ceil(sorted.length / limit) }, (_, b) => sorted[Math.min(sorted.length, (b + 1) * limit) - 1]! - sorted[b * limit]!);
  const floor = floorMs(n, limit, limiterWindowMs);
  const larkFloor = floorMs(n, limit, 1000);
  console.log(`\n${label}: ${n} messages`);
  console.log(`  drained in ${(wallMs / 1000).toFixed(2)} s (drainOutbox wall time); first to last accepted send at the fake ${(spanMs / 1000).toFixed(2)} s`);
  console.log(`  minimum: ⌊(${n} − 1) / ${limit}⌋ × ${limiterWindowMs} ms = ${(floor / 1000).toFixed(2)} s with the limiter's window (Lark's 1 s window: ${(larkFloor / 1000).toFixed(2)} s)`);
  console.log(`  span / minimum ${(spanMs / floor).toFixed(2)}; ${((n / wallMs) * 1000).toFixed(1)} messages/s overall`);
  console.log(`  sent ${report.sent.length}, failed ${report.failed.length}, pending ${report.pending}; HTTP 429 / 99991400: ${limited.length}; 230020: ${frequency.length}; other send errors: ${sends.length - accepted.length - limited.length - frequency.length}`);
  console.log(`  most accepted in any 1 s at the fake: ${maxInWindow(times, 1000)} app-wide, ${perChatMax} in one chat; ${inOrder ? 'in queue order' : 'NOT in queue order'}`);
  console.log(`  each window's burst of ≤ ${limit} took ${bursts.map((b) => `${b} ms`).join(', ')}`);
  if (!inOrder && n <= 40) console.log(`  arrival order (queue positions): ${arrival.join(' ')}`);
  return { n, wallMs, spanMs, floor, larkFloor, limited: limited.length, frequency: frequency.length, sent: report.sent.length, inOrder };
}

// 1. Fan-out: the round opens, one report card per chat.
const tick = await runTick(duban.deps, clock.now(), 'bench');
const cards = await storage.database.client.execute(`SELECT idempotency_key AS k FROM outbox WHERE status = 'pending' ORDER BY id`);
if (tick.cardsQueued !== chatCount) throw new Error(`expected ${chatCount} cards, the tick queued ${tick.cardsQueued}`);
const fan = await drain(`fan-out to ${chatCount} chats (report cards)`, chatCount, perApp, cards.rows.map((r) => larkUuid(String(r.k))));

// 2. One chat, many messages.
decisionTime += 60_000;
const oneChat = 'oc_town-0';
const messages: OutboundMessage[] = Array.from({ length: perChatCount }, (_, i) => ({
  key: `bench:one-chat:${i}`,
  kind: 'bench',
  to: { type: 'chat', id: oneChat },
  msgType: 'text',
  content: JSON.stringify({ text: `第 ${i + 1} 条` }),
}));
await storage.outbox.enqueue(messages, clock.now());
const one = await drain(`one chat`, perChatCount, perChat, messages.map((m) => larkUuid(m.key)));

console.log(`\nsummary (limits: ${perApp}/s per app, ${perChat}/s per chat; limiter window ${limiterWindowMs} ms):`);
for (const [label, r] of [[`${chatCount} chats × 1`, fan], [`1 chat × ${perChatCount}`, one]] as const) {
  console.log(`  ${label.padEnd(16)} drained ${(r.wallMs / 1000).toFixed(2)} s, span ${(r.spanMs / 1000).toFixed(2)} s, minimum ${(r.floor / 1000).toFixed(2)} s (Lark ${(r.larkFloor / 1000).toFixed(2)} s); 429: ${r.limited}, 230020: ${r.frequency}; sent ${r.sent}/${r.n}`);
}
if (logs.length > 0) console.log(`bot log (${logs.length}):\n  ${logs.slice(0, 5).join('\n  ')}`);
opened.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });
