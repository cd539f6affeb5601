// Node entry: migrate, seed an empty database, serve HTTP; with Lark credentials, receive
// events by webhook or long connection and keep the outbox moving.
import { serve } from '@hono/node-server';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import { createApp } from '../http/app.js';
import { createSdkClient } from '../lark/gateway.js';
import { createBot, type Bot } from './bot.js';
import { loadEnv, openRuntime } from './runtime.js';
import { startLongConnection } from './ws.js';
import { startCron } from '../cron/start-cron.js';
import { runTick } from '../app/run-tick.js';
import { planCalendarWarning } from '../app/calendar-coverage.js';
import { createExportDownloads, createExportWriters } from '../export/export-writers.js';
import { createExportSource } from '../storage/export-source.js';

const log = (msg: string, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ level: 'info', msg, ...extra }));

export async function startNode(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  let bot: Bot | undefined;
  if (config.LARK_APP_ID && config.LARK_APP_SECRET) {
    const credentials = { appId: config.LARK_APP_ID, appSecret: config.LARK_APP_SECRET, domain: config.LARK_DOMAIN };
    bot = await createBot(runtime, createSdkClient(credentials));
    await bot.resolveContacts();
    if (config.LARK_MODE === 'ws') await startLongConnection(bot, credentials, log);
  }
  const app = createApp({
    store: runtime.store,
    clock: runtime.clock,
    ping: async () => void (await runtime.database.client.execute('SELECT 1')),
    mode: bot ? 'lark' : 'setup',
    version: '0.1.0',
    lark: bot && config.LARK_MODE === 'webhook' ? bot.routes : undefined,
    api: {
      token: config.DUBAN_API_TOKEN,
      plans: runtime.store,
      clock: runtime.clock,
      download: createExportDownloads({ plans: runtime.store, source: createExportSource(runtime.database), writers: createExportWriters() }),
    },
  });
  for (const { slug } of await runtime.store.listPlans()) {
    const plan = await runtime.store.readPlan(slug);
    const warning = plan && planCalendarWarning(plan, runtime.calendar, runtime.clock.now());
    if (warning) console.warn(JSON.stringify({ level: 'warn', msg: warning.en, plan: slug }));
  }
  const timers = bot
    ? [setInterval(() => void bot.deliver(), 2000), setInterval(() => void bot.retryStored().catch(() => undefined), 60_000)]
    : [];
  // Without Lark there is nobody to remind: ticking would only pile up messages to send later.
  const scheduler =
    bot && config.DUBAN_CRON === 'on'
      ? startCron(
          async () => {
            await runTick(runtime.tick, runtime.clock.now(), `node:${process.pid}`);
            await bot.deliver();
          },
          (e) => console.error(JSON.stringify({ level: 'error', msg: 'tick failed', error: (e as Error).message })),
        )
      : undefined;
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log('duban listening', { url: `http://${config.HOST}:${info.port}`, database: config.DATABASE_URL, mode: bot ? `lark/${config.LARK_MODE}` : 'setup' });
    if (!bot) {
      log('no Lark credentials: set LARK_APP_ID and LARK_APP_SECRET (and LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN) to connect; see README "Connect to Lark"');
    } else if (config.LARK_MODE === 'webhook' && !config.LARK_ENCRYPT_KEY) {
      log('LARK_ENCRYPT_KEY is not set: events cannot be authenticated by signature; set an Encrypt Key in the Lark console');
    }
  });
  const stop = () => {
    for (const t of timers) clearInterval(t);
    scheduler?.stop();
    server.close();
    runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await startNode(loadEnv());
  } catch (e) {
    console.error(`duban: ${(e as Error).message}`);
    process.exit(1);
  }
}
