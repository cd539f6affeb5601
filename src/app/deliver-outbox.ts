// Sends what the outbox holds, oldest first. Retries (with backoff) live here and only here.
import type { LarkGateway, LoopStore, OutboxStore } from './ports.js';

export interface DeliveryReport {
  sent: { key: string; kind: string; messageId: string }[];
  failed: { key: string; kind: string; error: string; permanent: boolean }[];
}

export interface DeliverDeps {
  outbox: OutboxStore;
  gateway: LarkGateway;
  loop: LoopStore;
}

const maxAttempts = 8;

/** Exponential backoff with a cap: 2 s, 4 s, 8 s … 5 min; Lark's reset header wins when it is longer. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  return Math.max(Math.min(2000 * 2 ** attempt, 300_000), retryAfterMs ?? 0);
}

/** One pass over what is due now. Messages whose retry time has not come stay for the next pass. */
export async function deliverOutbox(deps: DeliverDeps, now: Date, limit = 200): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [] };
  for (const message of await deps.outbox.due(now, limit)) {
    const result = await deps.gateway.send(message);
    if (result.ok) {
      await deps.outbox.markSent(message.key, result.messageId, now);
      if (message.kind === 'report.card') await deps.loop.cardSent(message.key, result.messageId);
      report.sent.push({ key: message.key, kind: message.kind, messageId: result.messageId });
      continue;
    }
    const permanent = !result.retryable || message.attempts + 1 >= maxAttempts;
    const error = `${result.code ?? ''} ${result.message}`.trim();
    await deps.outbox.markFailed(message.key, error, permanent ? null : new Date(now.getTime() + backoffMs(message.attempts, result.retryAfterMs)));
    report.failed.push({ key: message.key, kind: message.kind, error, permanent });
  }
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
