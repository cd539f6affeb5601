// The Hono app: one value with `fetch`, shared by the Node server, Workers and tests.
import { Hono } from 'hono';
import type { Clock } from '../core/time.js';
import type { PlanStore } from '../app/ports/index.js';
import { mountApiRoutes, type ApiDeps } from './api-routes.js';
import { mountLarkRoutes, type LarkRouteDeps } from './lark-routes.js';

export interface AppDeps {
  plans: Pick<PlanStore, 'listPlans'>;
  clock: Clock;
  /** Answers when the database does; `/healthz` reports failure otherwise. */
  ping(): Promise<void>;
  /** lark: credentials given; sandbox: the fake Lark in-process (`/sandbox`); setup: neither. */
  mode: 'lark' | 'sandbox' | 'setup';
  version: string;
  /** Lark's events and card callbacks; absent without Lark credentials. */
  lark?: LarkRouteDeps | undefined;
  /** The bearer-token HTTP API (status, exports); without it /api/* is not found. */
  api?: ApiDeps | undefined;
  /** Where unhandled errors go; JSON lines on the console when absent. */
  log?: ((level: 'error', msg: string, extra?: Record<string, unknown>) => void) | undefined;
}

const consoleLog = (level: 'error', msg: string, extra: Record<string, unknown> = {}) => console.error(JSON.stringify({ level, msg, ...extra }));

/**
 * True when the error only says the client went away (closed the socket mid-body): nothing is
 * wrong with the server, so it is not logged as an error — anyone could flood the log with it.
 */
export function isClientAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (e.name === 'AbortError' || code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
    if (e.message === 'aborted' || /prematurely closed/i.test(e.message)) return true;
  }
  return false;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    try {
      await deps.ping();
    } catch (e) {
      return c.json({ ok: false, database: 'unreachable', error: (e as Error).message }, 503);
    }
    const plans = await deps.plans.listPlans();
    return c.json({
      ok: true,
      version: deps.version,
      mode: deps.mode,
      time: deps.clock.now().toISOString(),
      plans: plans.map((p) => p.slug),
      ...(deps.mode === 'setup' ? { setup: 'set LARK_APP_ID and LARK_APP_SECRET (see README, "Connect to Lark") to talk to Lark' } : {}),
    });
  });

  if (deps.lark) mountLarkRoutes(app, deps.lark, deps.clock);
  if (deps.api) mountApiRoutes(app, deps.api);

  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  const log = deps.log ?? consoleLog;
  app.onError((err, c) => {
    // Nobody is listening for this answer; it exists only to end the request.
    if (isClientAbort(err, c.req.raw.signal)) return c.json({ ok: false, error: 'request aborted' }, 400);
    log('error', 'unhandled error', { error: err.message, path: c.req.path });
    return c.json({ ok: false, error: 'internal error' }, 500);
  });
  return app;
}
