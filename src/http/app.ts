// The Hono app: one value with `fetch`, shared by the Node server, Workers and tests.
import { Hono } from 'hono';
import type { Clock } from '../core/time.js';
import type { PlanStore } from '../app/ports.js';
import { mountApiRoutes, type ApiDeps } from './api-routes.js';
import { mountLarkRoutes, type LarkRouteDeps } from './lark-routes.js';

export interface AppDeps {
  store: PlanStore;
  clock: Clock;
  /** Answers when the database does; `/healthz` reports failure otherwise. */
  ping(): Promise<void>;
  mode: 'lark' | 'setup';
  version: string;
  /** Lark's events and card callbacks; absent without Lark credentials. */
  lark?: LarkRouteDeps | undefined;
  /** The bearer-token HTTP API (status, exports); without it /api/* is not found. */
  api?: ApiDeps | undefined;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    try {
      await deps.ping();
    } catch (e) {
      return c.json({ ok: false, database: 'unreachable', error: (e as Error).message }, 503);
    }
    const plans = await deps.store.listPlans();
    return c.json({
      ok: true,
      version: deps.version,
      mode: deps.mode,
      time: deps.clock.now().toISOString(),
      plans: plans.map((p) => p.slug),
      ...(deps.mode === 'setup' ? { setup: 'set LARK_APP_ID and LARK_APP_SECRET (see README, "Connect to Lark") to talk to Lark' } : {}),
    });
  });

  if (deps.lark) mountLarkRoutes(app, deps.lark);
  if (deps.api) mountApiRoutes(app, deps.api);

  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  app.onError((err, c) => {
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', error: err.message, path: c.req.path }));
    return c.json({ ok: false, error: 'internal error' }, 500);
  });
  return app;
}
