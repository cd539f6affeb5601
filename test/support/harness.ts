// The whole bot against the fake Lark server: a real libSQL database with the seed plan,
// the real SDK client talking HTTP to the fake, the Hono app answering real requests.
import * as lark from '@larksuiteoapi/node-sdk';
import { createApp } from '../../src/http/app.js';
import { parseConfig } from '../../src/config.js';
import { createBot, type Bot } from '../../src/entry/bot.js';
import { openRuntime, type Runtime } from '../../src/entry/runtime.js';
import { createSdkClient } from '../../src/lark/gateway.js';
import { createFakeLark, type FakeLark, type FakeLarkOptions } from '../../src/lark/fake-lark-server.js';
import type { LarkInboundPayload, LarkRequestOptions } from '../../src/lark/fake-events.js';

export interface Harness {
  fake: FakeLark;
  rt: Runtime;
  bot: Bot;
  app: ReturnType<typeof createApp>;
  clock: { now(): Date; set(iso: string): void; advance(ms: number): void };
  /** POSTs what Lark would send (encrypted and signed when the harness has an Encrypt Key). */
  /** What the bot logged (warnings and errors), instead of printing it. */
  logs: { level: string; msg: string; extra?: Record<string, unknown> | undefined }[];
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

export async function startHarness(
  options: { encryptKey?: string | null; verificationToken?: string; at?: string; fake?: FakeLarkOptions } = {},
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
    DATABASE_URL: ':memory:',
    LARK_APP_ID: fake.app.appId,
    LARK_APP_SECRET: fake.app.appSecret,
    LARK_DOMAIN: fake.url,
    LARK_VERIFICATION_TOKEN: fake.app.verificationToken,
    LARK_ENCRYPT_KEY: encryptKey,
    DUBAN_ADMINS: people.admin.open_id,
    DUBAN_CRON: 'off',
  });
  const opened = await openRuntime(config);
  const rt: Runtime = { ...opened, clock };
  const logs: Harness['logs'] = [];
  const bot = await createBot(rt, createSdkClient({ appId: fake.app.appId, appSecret: fake.app.appSecret, domain: fake.url }), (level, msg, extra) => void logs.push({ level, msg, extra }));
  const app = createApp({
    store: rt.store,
    clock,
    ping: async () => void (await rt.database.client.execute('SELECT 1')),
    mode: 'lark',
    version: 'test',
    lark: bot.routes,
  });
  return {
    fake,
    rt,
    bot,
    app,
    clock,
    logs,
    post: async (payload, requestOptions, path = '/lark/events') => {
      const req = fake.request(payload, requestOptions);
      return app.request(path, { method: 'POST', body: req.body, headers: req.headers });
    },
    close: async () => {
      rt.close();
      await fake.close();
    },
  };
}

export { lark };
