// The sandbox entry: duban without a Lark app. The fake Lark server runs in-process, the bot
// talks to it through the SDK and receives its signed, encrypted events over HTTP at its own
// /lark/events; a fresh in-memory database holds the seed plan, every unit's chat is bound to
// a made-up contact, and /sandbox shows the chats. Prints one line: the URL to open.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { loadChinaCalendar } from '../calendar/china.js';
import { startCron } from '../cron/start-cron.js';
import { createFakeLark } from '../fake-lark/index.js';
import { serveNode } from '../http/serve-node.js';
import { createSandboxClock } from '../sandbox/clock.js';
import { mountSandboxRoutes } from '../sandbox/routes.js';
import { createSandbox } from '../sandbox/sandbox.js';
import { sandboxStart } from '../sandbox/time-moves.js';
import { createWorld } from '../sandbox/world.js';
import { readPlanFile, resolvePlanFile, seedPlanFile } from '../storage/plan-files.js';
import { createDubanApp } from './http.js';
import { createLogger } from './log.js';
import { openDuban } from './open-duban.js';

// The fake issues tokens for good: the SDK caches them by real time, the fake by sandbox time.
const tokenTtlSeconds = 10 * 365 * 24 * 3600;

export async function startSandbox(config: Config): Promise<void> {
  const calendar = loadChinaCalendar();
  const seed = readPlanFile(seedPlanFile);
  const units = seed.directory?.units ?? [];
  const plan = resolvePlanFile(seed, units);
  const world = createWorld(plan, units);
  const start = config.DUBAN_CLOCK_START ? new Date(config.DUBAN_CLOCK_START) : (sandboxStart(plan.rounds, plan.timezone, calendar) ?? new Date());
  const clock = createSandboxClock(start);
  const secret = () => randomBytes(16).toString('hex');
  const fake = await createFakeLark({
    encryptKey: secret(),
    verificationToken: secret(),
    now: () => clock.now().getTime(),
    tokenTtlSeconds,
    users: [...world.people.values()].map((p) => ({ open_id: p.openId, name: p.name })),
    chats: world.chats.map((c) => ({ chat_id: c.chatId, name: c.name, members: c.members.map((m) => m.openId) })),
  });
  const opened = await openDuban(
    {
      ...config,
      LARK_APP_ID: fake.app.appId,
      LARK_APP_SECRET: fake.app.appSecret,
      LARK_DOMAIN: fake.url,
      LARK_ENCRYPT_KEY: fake.app.encryptKey,
      LARK_VERIFICATION_TOKEN: fake.app.verificationToken,
      LARK_MODE: 'webhook',
      // Each start is a new sandbox: the fake's chats live in memory, so does the database.
      DATABASE_URL: ':memory:',
      DATABASE_AUTH_TOKEN: undefined,
      DUBAN_ADMINS: [...config.DUBAN_ADMINS, ...world.admins],
    },
    { clock, log: createLogger(process.env.LOG_LEVEL ?? 'warn'), instance: 'sandbox' },
  );
  const { duban, log } = opened;
  const app = createDubanApp(opened, { webhook: true, sandbox: true });
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  let port = config.PORT;
  const sandbox = createSandbox({ fake, duban, clock, world, plans: [plan], calendar, log, webhook: () => `http://${host}:${port}/lark/events` });
  mountSandboxRoutes(app, sandbox, { timezone: plan.timezone, botName: fake.bot.name, nameOf: (id) => world.people.get(id)?.name });

  const server = serveNode(app.fetch, { port: config.PORT, hostname: config.HOST, log: (level, msg, extra) => log[level](msg, extra) });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  port = (server.address() as { port: number }).port;
  await sandbox.setUp();

  const timers = [setInterval(() => void duban.deliver(), 2000), setInterval(() => void duban.retryStored().catch(() => undefined), 60_000)];
  const cron = config.DUBAN_CRON === 'on' ? startCron(() => sandbox.tickNow(), (e) => log.error('tick failed', { error: (e as Error).message })) : undefined;
  process.stdout.write(`http://${host}:${port}/sandbox\n`);

  const stop = () => {
    for (const t of timers) clearInterval(t);
    cron?.stop();
    server.close();
    void fake.close();
    opened.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
