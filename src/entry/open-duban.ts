// What every entry does first: configuration, the clock, the database migrated (and on an
// empty one the bundled seed plan), the working calendar, the Lark gateway and the logger —
// the drivers — handed to createDuban. Entries differ only in what they do with the result.
import type * as lark from '@larksuiteoapi/node-sdk';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createDuban, type Duban } from '../app/duban.js';
import type { RateLimiter } from '../app/deliver-outbox.js';
import { loadPlan } from '../app/load-plan.js';
import type { LarkGateway, Logger } from '../app/ports/index.js';
import { loadChinaCalendar, type ChinaCalendar } from '../calendar/china.js';
import { createProcessClock } from '../clock.js';
import { parseConfig, type Config } from '../config.js';
import { formatPath } from '../core/plan.js';
import type { SchedulerSettings } from '../core/scheduler.js';
import type { Clock } from '../core/time.js';
import { createExportFiles } from '../export/export-writers.js';
import { createNoticeReader } from '../documents/notice-text.js';
import { createLarkGateway, createSdkClient } from '../lark/gateway.js';
import { fromEnvelope, type InboundSecurity } from '../lark/inbound.js';
import { openStorage, type DatabaseStorage } from '../storage/index.js';
import { PlanFileError, readPlanFile, seedPlanFile } from '../storage/plan-files.js';
import { createLogger } from './log.js';

export interface OpenedDuban {
  config: Config;
  duban: Duban;
  storage: DatabaseStorage;
  calendar: ChinaCalendar;
  clock: Clock;
  log: Logger;
  /** How inbound requests are checked (signature, token) and the bot told apart in mentions. */
  security: InboundSecurity;
  /** Whether a real (or fake) Lark is connected: credentials were given. */
  connected: boolean;
  close(): void;
}

export interface OpenOptions {
  seed?: boolean | undefined;
  clock?: Clock | undefined;
  log?: Logger | undefined;
  /** A Lark client other than the one the credentials make (tests point it at the fake). */
  client?: lark.Client | undefined;
  limiter?: RateLimiter | undefined;
  settings?: SchedulerSettings | undefined;
  instance?: string | undefined;
}

export function loadEnv(): Config {
  try {
    process.loadEnvFile();
  } catch {
    // No .env file: the environment alone configures the program.
  }
  return parseConfig(process.env);
}

/** Without credentials nothing can reach Lark: sends fail and stay in the outbox for a process that can. */
const disconnected: LarkGateway = {
  send: async () => ({ ok: false, retryable: true, message: 'no Lark credentials (LARK_APP_ID, LARK_APP_SECRET)' }),
  updateCard: async () => ({ ok: false, retryable: true, message: 'no Lark credentials' }),
  uploadFile: async () => ({ ok: false, message: 'no Lark credentials' }),
  downloadMessageFile: async () => ({ ok: false, message: 'no Lark credentials' }),
  lookupOpenIds: async () => [],
  botOpenId: async () => undefined,
};

export async function openDuban(config: Config, options: OpenOptions = {}): Promise<OpenedDuban> {
  const clock = options.clock ?? createProcessClock(config.DUBAN_CLOCK_START);
  const log = options.log ?? createLogger();
  const storage = await openStorage(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  // A broken db/calendar.yaml stops the start with file:path: reason, like a broken plan.
  const calendar = loadChinaCalendar();
  if (options.seed !== false && (await storage.plans.listPlans()).length === 0) await loadSeed(storage, clock, calendar);
  const connected = Boolean(config.LARK_APP_ID && config.LARK_APP_SECRET);
  const client =
    options.client ?? (connected ? createSdkClient({ appId: config.LARK_APP_ID!, appSecret: config.LARK_APP_SECRET!, domain: config.LARK_DOMAIN }) : undefined);
  const gateway = client ? createLarkGateway(client) : disconnected;
  const security: InboundSecurity = {
    verificationToken: config.LARK_VERIFICATION_TOKEN,
    encryptKey: config.LARK_ENCRYPT_KEY,
    botOpenId: client ? await gateway.botOpenId() : undefined,
  };
  const duban = createDuban({
    admins: config.DUBAN_ADMINS,
    clock,
    storage,
    lark: gateway,
    files: createExportFiles(),
    notices: createNoticeReader(),
    calendar,
    log,
    decode: (payload) => {
      const result = fromEnvelope(JSON.parse(payload), payload, { botOpenId: security.botOpenId });
      return result.kind === 'event' ? result.event : { error: result.kind === 'rejected' ? result.reason : 'not an event' };
    },
    instance: options.instance ?? `node:${process.pid}`,
    limiter: options.limiter,
    settings: options.settings,
  });
  return { config, duban, storage, calendar, clock, log, security, connected: Boolean(client), close: () => storage.close() };
}

async function loadSeed(storage: DatabaseStorage, clock: Clock, calendar: ChinaCalendar): Promise<void> {
  const files = readPlanFile(seedPlanFile);
  const result = await loadPlan(storage, { spec: files.spec, directory: files.directory, sourceText: readSource(files.file, files.spec.source) }, clock, calendar);
  if (!result.ok) throw new PlanFileError(result.issues.map((i) => `${seedPlanFile}:${formatPath(i.path)}: ${i.message}`));
}

/** The source text of a plan file (the notice it was transcribed from), relative to the file. */
export function readSource(planFile: string, source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    return readFileSync(resolve(dirname(planFile), source), 'utf8');
  } catch {
    return undefined;
  }
}
