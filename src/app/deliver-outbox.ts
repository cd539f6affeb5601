// Sends what the outbox holds, oldest first, within Lark's limits (5 messages/s per chat,
// 50/s per app). Retries with backoff live here and only here; a permanent error is recorded.
import { reportCardKinds } from './ports/cards.js';
import type { CardStore, DigestStore, LarkGateway, OutboundMessage, OutboxStore } from './ports/index.js';

export interface DeliveryReport {
  sent: { key: string; kind: string; messageId: string }[];
  failed: { key: string; kind: string; to: string; error: string; permanent: boolean }[];
}

export interface DeliverDeps {
  outbox: OutboxStore;
  gateway: LarkGateway;
  cards: CardStore;
  digests: DigestStore;
  limiter?: RateLimiter | undefined;
  /** Who claims the messages (a process); leases keep two senders off one message. */
  sender?: string | undefined;
}

const maxAttempts = 8;
const leaseMs = 20_000;
const inFlight = 8;

/** Exponential backoff with a cap: 2 s, 4 s, 8 s … 5 min; Lark's reset header wins when it is longer. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  return Math.max(Math.min(2000 * 2 ** attempt, 300_000), retryAfterMs ?? 0);
}

export interface RateLimiter {
  /** Resolves when one more message may go to `target` without passing the limits. */
  acquire(target: string): Promise<void>;
}

/**
 * Sliding windows per chat and per app (per second, and Lark's 1,000 a minute). Real time, not the decision clock: the limits are
 * Lark's, measured on its side as messages arrive — so the window is a little longer than a
 * second, for requests that leave in one second and arrive in the next.
 */
export function createRateLimiter(
  limits: { perTarget: number; perApp: number; windowMs?: number; perAppPerMinute?: number } = { perTarget: 5, perApp: 50, windowMs: 1150, perAppPerMinute: 1000 },
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): RateLimiter {
  const app: number[] = [];
  const minute: number[] = [];
  const perMinute = limits.perAppPerMinute ?? Infinity;
  const targets = new Map<string, number[]>();
  const windowMs = limits.windowMs ?? 1000;
  const prune = (list: number[], t: number) => {
    while (list.length > 0 && list[0]! <= t - windowMs) list.shift();
  };
  return {
    async acquire(target) {
      for (;;) {
        const t = now();
        const mine = targets.get(target) ?? [];
        targets.set(target, mine);
        prune(app, t);
        prune(mine, t);
        while (minute.length > 0 && minute[0]! <= t - 61_000) minute.shift();
        if (app.length < limits.perApp && mine.length < limits.perTarget && minute.length < perMinute) {
          app.push(t);
          mine.push(t);
          if (Number.isFinite(perMinute)) minute.push(t);
          return;
        }
        const waitApp = app.length >= limits.perApp ? app[0]! + windowMs - t : 0;
        const waitMine = mine.length >= limits.perTarget ? mine[0]! + windowMs - t : 0;
        const waitMinute = minute.length >= perMinute ? minute[0]! + 61_000 - t : 0;
        await sleep(Math.max(1, waitApp, waitMine, waitMinute));
      }
    },
  };
}

const defaultLimiter = createRateLimiter();

function targetOf(m: OutboundMessage): string {
  return `${m.to.type}:${m.to.id}`;
}

/** One pass over what is due now. Messages whose retry time has not come stay for the next pass. */
export async function deliverOutbox(deps: DeliverDeps, now: Date, limit = 500): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [] };
  const limiter = deps.limiter ?? defaultLimiter;
  const messages = await deps.outbox.claimDue(now, limit, deps.sender ?? 'duban', leaseMs);
  // One chat's messages go in order (a card before the reminder that points to it), so a
  // worker takes a whole chat's queue; different chats go out side by side.
  const queues = new Map<string, typeof messages>();
  for (const m of messages) {
    const q = queues.get(targetOf(m));
    if (q) q.push(m);
    else queues.set(targetOf(m), [m]);
  }
  const pending = [...queues.values()];
  const send = async (message: (typeof messages)[number]) => {
    await limiter.acquire(targetOf(message));
    const result = await deps.gateway.send(message);
    if (result.ok) {
      await deps.outbox.markSent(message.key, result.messageId, now);
      if (reportCardKinds.has(message.kind)) await deps.cards.sent(message.key, result.messageId);
      if (message.kind === 'lead.digest') await deps.digests.sent(message.key, result.messageId);
      report.sent.push({ key: message.key, kind: message.kind, messageId: result.messageId });
      return;
    }
    const permanent = !result.retryable || message.attempts + 1 >= maxAttempts;
    const error = `${result.code ?? ''} ${result.message}`.trim();
    await deps.outbox.markFailed(message.key, error, permanent ? null : new Date(now.getTime() + backoffMs(message.attempts, result.retryAfterMs)));
    report.failed.push({ key: message.key, kind: message.kind, to: message.to.id, error, permanent });
  };
  const worker = async () => {
    for (let queue = pending.shift(); queue; queue = pending.shift()) {
      for (const message of queue) await send(message);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, pending.length) }, worker));
  return report;
}

/**
 * Delivers until nothing is due or the time budget is spent, sleeping between passes so
 * backoffs can elapse. `start` is the decision time (a replayed tick's T); it advances with
 * the real time spent here.
 */
export async function drainOutbox(
  deps: DeliverDeps,
  start: Date,
  budgetMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  elapsed: () => number = (() => {
    const t0 = performance.now();
    return () => performance.now() - t0;
  })(),
): Promise<DeliveryReport & { pending: number }> {
  const total: DeliveryReport = { sent: [], failed: [] };
  for (;;) {
    const now = new Date(start.getTime() + elapsed());
    const pass = await deliverOutbox(deps, now);
    total.sent.push(...pass.sent);
    total.failed.push(...pass.failed);
    const pending = await deps.outbox.pendingCount();
    if (pending === 0 || elapsed() >= budgetMs) return { ...total, pending };
    if (pass.sent.length === 0) await sleep(Math.min(1000, Math.max(0, budgetMs - elapsed())));
  }
}
