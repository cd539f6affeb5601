// Node entry: migrate, seed an empty database, serve HTTP; with Lark credentials, receive
// events by webhook or long connection and keep the outbox moving.
import { pathToFileURL } from 'node:url';
import { planCalendarWarning } from '../app/calendar-coverage.js';
import type { Config } from '../config.js';
import { startCron } from '../cron/start-cron.js';
import { serveNode } from '../http/serve-node.js';
import { createDubanApp } from './http.js';
import { loadEnv, openDuban } from './open-duban.js';
import { startLongConnection } from './ws.js';

export async function startNode(config: Config): Promise<void> {
  // Without credentials the sandbox runs (unless DUBAN_SANDBOX=off); with them, never.
  if (!config.LARK_APP_ID && config.DUBAN_SANDBOX === 'on') {
    const { startSandbox } = await import('./sandbox.js');
    return startSandbox(config);
  }
  const opened = await openDuban(config);
  const { duban, log, connected } = opened;
  if (connected) {
    await duban.resolveContacts();
    if (config.LARK_MODE === 'ws') await startLongConnection(opened);
  }
  const app = createDubanApp(opened, { webhook: config.LARK_MODE === 'webhook' });
  for (const { slug } of await opened.storage.plans.listPlans()) {
    const plan = await opened.storage.plans.readPlan(slug);
    const warning = plan && planCalendarWarning(plan, opened.calendar, opened.clock.now());
    if (warning) log.warn(warning.en, { plan: slug });
  }
  const timers = connected
    ? [setInterval(() => void duban.deliver(), 2000), setInterval(() => void duban.retryStored().catch(() => undefined), 60_000)]
    : [];
  // Without Lark there is nobody to remind: ticking would only pile up messages to send later.
  const scheduler =
    connected && config.DUBAN_CRON === 'on'
      ? startCron(
          async () => {
            await duban.tick();
            await duban.deliver();
          },
          (e) => log.error('tick failed', { error: (e as Error).message }),
        )
      : undefined;
  const server = serveNode(app.fetch, {
    port: config.PORT,
    hostname: config.HOST,
    log: (level, msg, extra) => log[level](msg, extra),
    onListen: (info) => {
    log.info('duban listening', { url: `http://${config.HOST}:${info.port}`, database: config.DATABASE_URL, mode: connected ? `lark/${config.LARK_MODE}` : 'setup' });
    if (!connected) {
      log.info('no Lark credentials: set LARK_APP_ID and LARK_APP_SECRET (and LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN) to connect; see README "Connect to Lark"');
    } else if (config.LARK_MODE === 'webhook' && !config.LARK_ENCRYPT_KEY) {
      log.warn('LARK_ENCRYPT_KEY is not set: events cannot be authenticated by signature; set an Encrypt Key in the Lark console');
    }
    },
  });
  const stop = () => {
    for (const t of timers) clearInterval(t);
    scheduler?.stop();
    server.close();
    opened.close();
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
