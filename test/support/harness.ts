// The whole bot against the fake Lark server: a real libSQL database with the seed plan,
// the real SDK client talking HTTP to the fake, the Hono app answering real requests — wired
// by the same openDuban/createDuban every entry uses.
import * as lark from '@larksuiteoapi/node-sdk';
import type { Duban } from '../../src/app/duban.js';
import type { Logger } from '../../src/app/ports/index.js';
import { parseConfig } from '../../src/config.js';
import { createDubanApp } from '../../src/entry/http.js';
import { openDuban, type OpenedDuban } from '../../src/entry/open-duban.js';
import { createSdkClient } from '../../src/lark/gateway.js';
import { createFakeLark, type FakeLark, type FakeLarkOptions, type LarkInboundPayload, type LarkRequestOptions } from '../../src/fake-lark/index.js';
import type { DatabaseStorage } from '../../src/storage/index.js';

export interface Harness {
  fake: FakeLark;
  opened: OpenedDuban;
  duban: Duban;
  storage: DatabaseStorage;
  app: ReturnType<typeof createDubanApp>;
  clock: { now(): Date; set(iso: string): void; advance(ms: number): void };
  /** What the bot logged (warnings and errors), instead of printing it. */
  logs: { level: string; msg: string; extra?: Record<string, unknown> | undefined }[];
  /** POSTs what Lark would send (encrypted and signed when the harness has an Encrypt Key). */
  post(payload: LarkInboundPayload, options?: LarkRequestOptions, path?: string): Promise<Response>;
  close(): Promise<void>;
}

export const people = {
  admin: { open_id: 'ou_admin0000000000000000000000000', name: '吴云龙' },
  zhang: { open_id: 'ou_zhang0000000000000000000000000', name: '张三' },
  li: { open_id: 'ou_li000000000000000000000000000000', name: '李四' },
  wang: { open_id: 'ou_wang000000000000000000000000000', name: '王五' },
  stranger: { open_id: 'ou_stranger00000000000000000000000', name: '路人' },
} as const;

export const chats = {
  tengchong: 'oc_tengchong00000000000000000000000',
  shidian: 'oc_shidian0000000000000000000000000',
  office: 'oc_office00000000000000000000000000',
} as const;

/** A logger that keeps what it is told (warnings and errors only, as the tests look at those). */
export function collectLogs(logs: Harness['logs']): Logger {
  const keep = (level: string) => (msg: string, extra?: Record<string, unknown>) => void logs.push({ level, msg, extra });
  return { debug: () => undefined, info: () => undefined, warn: keep('warn'), error: keep('error') };
}

export async function startHarness(
  options: { encryptKey?: string | null; verificationToken?: string; at?: string; fake?: FakeLarkOptions; database?: string } = {},
): Promise<Harness> {
  let now = Date.parse(options.at ?? '2020-10-22T09:00:00+08:00');
  const clock = {
    now: () => new Date(now),
    set: (iso: string) => void (now = Date.parse(iso)),
    advance: (ms: number) => void (now += ms),
  };
  const encryptKey = options.encryptKey === null ? undefined : (options.encryptKey ?? 'test-encrypt-key');
  const fake = await createFakeLark({
    verificationToken: options.verificationToken ?? 'test-verification-token',
    encryptKey,
    users: Object.values(people).map((p) => ({ ...p })),
    now: () => now,
    ...options.fake,
  });
  const config = parseConfig({
    DATABASE_URL: options.database ?? ':memory:',
    LARK_APP_ID: fake.app.appId,
    LARK_APP_SECRET: fake.app.appSecret,
    LARK_DOMAIN: fake.url,
    LARK_VERIFICATION_TOKEN: fake.app.verificationToken,
    LARK_ENCRYPT_KEY: encryptKey,
    DUBAN_ADMINS: people.admin.open_id,
    DUBAN_CRON: 'off',
  });
  const logs: Harness['logs'] = [];
  const opened = await openDuban(config, {
    clock,
    log: collectLogs(logs),
    client: createSdkClient({ appId: fake.app.appId, appSecret: fake.app.appSecret, domain: fake.url }),
    instance: 'test',
  });
  const app = createDubanApp(opened, { webhook: true, version: 'test' });
  return {
    fake,
    opened,
    duban: opened.duban,
    storage: opened.storage,
    app,
    clock,
    logs,
    post: async (payload, requestOptions, path = '/lark/events') => {
      const req = fake.request(payload, requestOptions);
      return app.request(path, { method: 'POST', body: req.body, headers: req.headers });
    },
    close: async () => {
      opened.close();
      await fake.close();
    },
  };
}

export { lark };
