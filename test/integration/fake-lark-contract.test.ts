// Contract of the fake Lark server, driven by the real @larksuiteoapi/node-sdk Client: the
// request/response shapes and codes of lark-protocol.md §5, §7, §8, and what the SDK does with
// them (throws on non-2xx, resolves on 2xx with code ≠ 0, caches tokens, never retries).
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CardExpiredError, createFakeLark, type FakeLark } from '../../src/fake-lark/index.js';
import { createLarkGateway, createSdkClient } from '../../src/lark/gateway.js';

const silent: lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

const GROUP = 'oc_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const ZHANG = { open_id: 'ou_zhang0000000000000000000000001', name: '张三', email: 'zhang@example.gov.cn', mobile: '+8613800000001' };
const LI = { open_id: 'ou_li000000000000000000000000000002', name: '李四', email: 'li@example.gov.cn', mobile: '13800000002' };
const WANG = { open_id: 'ou_wang0000000000000000000000003', name: '王五', resigned: true, email: 'wang@example.gov.cn' };

const card = (title: string) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
  body: { elements: [{ tag: 'markdown', content: `**${title}** <at id=${ZHANG.open_id}></at>` }] },
});

// The fake's clock is frozen and moved by hand, so rate windows and the uuid hour are exact.
let clock = Date.parse('2026-03-02T01:00:00Z');
let fake: FakeLark;

beforeAll(async () => {
  fake = await createFakeLark({
    now: () => clock,
    users: [ZHANG, LI, WANG],
    chats: [{ chat_id: GROUP, name: '督办工作群', members: [ZHANG.open_id, LI.open_id, WANG.open_id] }],
  });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/**
 * A Client as the product builds it, with its own token cache: the SDK's default cache is
 * one process-wide map keyed by appId, so tokens would leak between tests (and between fakes).
 */
function client(extra: Partial<ConstructorParameters<typeof lark.Client>[0]> = {}): lark.Client {
  return new lark.Client({
    appId: fake.app.appId,
    appSecret: fake.app.appSecret,
    domain: fake.url,
    cache: new lark.DefaultCache(),
    logger: silent,
    ...extra,
  });
}

interface HttpFailure {
  status: number;
  data: { code: number; msg: string };
  headers: Record<string, string>;
}

/** Awaits a rejection and checks it is an AxiosError carrying Lark's body. */
async function httpFailure(promise: Promise<unknown>): Promise<HttpFailure> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected the SDK call to reject');
    },
    (e: unknown) => e,
  );
  const e = error as { name?: string; isAxiosError?: boolean; response?: HttpFailure };
  expect(e.name).toBe('AxiosError');
  expect(e.isAxiosError).toBe(true);
  if (!e.response) throw new Error('AxiosError without a response');
  return { status: e.response.status, data: e.response.data, headers: e.response.headers };
}

const sendText = (c: lark.Client, chatId: string, text: string, uuid?: string) =>
  c.im.v1.message.create({
    params: { receive_id_type: 'chat_id' },
    data: { receive_id: chatId, msg_type: 'text', content: JSON.stringify({ text }), ...(uuid ? { uuid } : {}) },
  });

const sendCard = (c: lark.Client, chatId: string, title: string) =>
  c.im.v1.message.create({
    params: { receive_id_type: 'chat_id' },
    data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card(title)) },
  });

describe('tenant_access_token', () => {
  it('is fetched once with app_id/app_secret, answered flat, and reused for later calls', async () => {
    const c = client();
    await sendText(c, GROUP, '一');
    await sendText(c, GROUP, '二');
    await c.contact.v3.user.get({ path: { user_id: ZHANG.open_id }, params: { user_id_type: 'open_id' } });

    const tokenCalls = fake.callsTo('/open-apis/auth/v3/tenant_access_token/internal');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.body).toEqual({ app_id: fake.app.appId, app_secret: fake.app.appSecret });
    expect(tokenCalls[0]?.response).toMatchObject({ code: 0, msg: 'ok', expire: 7200, tenant_access_token: expect.stringMatching(/^t-/) });
    const token = (tokenCalls[0]?.response as { tenant_access_token: string }).tenant_access_token;
    for (const call of fake.callsTo('/im/v1/messages')) expect(call.headers['authorization']).toBe(`Bearer ${token}`);
    expect(fake.callsTo('/im/v1/messages')[0]?.headers['user-agent']).toMatch(/^oapi-node-sdk\//);
  });

  it('without a `cache` option, every Client in the process shares one token per appId', async () => {
    const appId = 'cli_0f1e2d3c4b5a6978';
    const other = await createFakeLark({ appId });
    try {
      const make = () => new lark.Client({ appId, appSecret: other.app.appSecret, domain: other.url, logger: silent });
      await make().request({ method: 'GET', url: '/open-apis/bot/v3/info' });
      await make().request({ method: 'GET', url: '/open-apis/bot/v3/info' });
      expect(other.callsTo('/open-apis/auth/v3/tenant_access_token/internal')).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('returns the same token while more than 30 minutes remain, a new one after', async () => {
    const raw = (path: string) =>
      fetch(`${fake.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: fake.app.appId, app_secret: fake.app.appSecret }),
      }).then((r) => r.json() as Promise<{ tenant_access_token: string; expire: number }>);
    const first = await raw('/open-apis/auth/v3/tenant_access_token/internal');
    clock += 60 * 60 * 1000;
    const second = await raw('/open-apis/auth/v3/tenant_access_token/internal');
    expect(second.tenant_access_token).toBe(first.tenant_access_token);
    expect(second.expire).toBe(3600);
    clock += 45 * 60 * 1000;
    const third = await raw('/open-apis/auth/v3/tenant_access_token/internal');
    expect(third.tenant_access_token).not.toBe(first.tenant_access_token);
    expect(third.expire).toBe(7200);
    const app = await raw('/open-apis/auth/v3/app_access_token/internal');
    expect(app).toMatchObject({ code: 0, app_access_token: third.tenant_access_token });
  });

  it('a wrong app_secret is HTTP 400 code 10014: the SDK rethrows the AxiosError and sends nothing', async () => {
    const failure = await httpFailure(sendText(client({ appSecret: 'wrong' }), GROUP, '不会发出'));
    expect(failure.status).toBe(400);
    expect(failure.data.code).toBe(10014);
    expect(fake.callsTo('/open-apis/im/v1/messages')).toHaveLength(0);
    expect(fake.messages).toHaveLength(0);
  });

  it('an expired token is 99991663 and the SDK does not refresh or retry by itself', async () => {
    const c = client();
    await sendText(c, GROUP, '一');
    fake.expireTokens();
    const failure = await httpFailure(sendText(c, GROUP, '二'));
    expect(failure).toMatchObject({ status: 400, data: { code: 99991663 } });
    expect(fake.callsTo('/open-apis/auth/v3/tenant_access_token/internal')).toHaveLength(1);
    expect(fake.callsTo('/open-apis/im/v1/messages')).toHaveLength(2);
  });
});

describe('bearer token on every API call', () => {
  it('a token the fake never issued is 99991663', async () => {
    const failure = await httpFailure(
      client({ disableTokenCache: true }).request({ method: 'GET', url: '/open-apis/bot/v3/info' }, lark.withTenantToken('t-not-issued')),
    );
    expect(failure).toMatchObject({ status: 400, data: { code: 99991663 } });
  });

  it('withTenantToken is silently overridden by the cached token unless disableTokenCache is set', async () => {
    const res = await client().request({ method: 'GET', url: '/open-apis/bot/v3/info' }, lark.withTenantToken('t-not-issued'));
    expect(res).toMatchObject({ code: 0 });
    expect(fake.calls.at(-1)?.headers['authorization']).not.toBe('Bearer t-not-issued');
  });

  it('disableTokenCache means no Authorization header at all (99991661) unless passed per call', async () => {
    const c = client({ disableTokenCache: true });
    const failure = await httpFailure(c.request({ method: 'GET', url: '/open-apis/bot/v3/info' }));
    expect(failure).toMatchObject({ status: 400, data: { code: 99991661 } });
    expect(fake.calls.at(-1)?.headers['authorization']).toBeUndefined();
  });

  it('a token without the t-/u- prefix is 99991671', async () => {
    const failure = await httpFailure(
      client({ disableTokenCache: true }).request({ method: 'GET', url: '/open-apis/bot/v3/info' }, lark.withTenantToken('bogus')),
    );
    expect(failure.data.code).toBe(99991671);
  });
});

describe('bot info', () => {
  it('answers /bot/v3/info with `bot` at the top level', async () => {
    const res = await client().request({ method: 'GET', url: '/open-apis/bot/v3/info' });
    expect(res).toMatchObject({ code: 0, bot: { open_id: fake.bot.open_id, app_name: fake.bot.name, activate_status: 2 } });
  });
});

describe('send message', () => {
  it('text to a chat_id: code 0, Lark message data, recorded in the chat', async () => {
    const res = await sendText(client(), GROUP, '请各单位于周五前报送进度');
    expect(res.code).toBe(0);
    expect(res.data).toMatchObject({
      message_id: expect.stringMatching(/^om_/),
      chat_id: GROUP,
      msg_type: 'text',
      create_time: String(clock),
      deleted: false,
      updated: false,
      sender: { id: fake.app.appId, id_type: 'app_id', sender_type: 'app' },
      body: { content: JSON.stringify({ text: '请各单位于周五前报送进度' }) },
    });
    const [m] = fake.messagesIn(GROUP);
    expect(m).toMatchObject({ message_id: res.data?.message_id, msg_type: 'text', chat_type: 'group', content: { text: '请各单位于周五前报送进度' } });
    const call = fake.callsTo('/open-apis/im/v1/messages', 'POST')[0];
    expect(call?.query).toEqual({ receive_id_type: 'chat_id' });
    expect(call?.body).toMatchObject({ receive_id: GROUP, msg_type: 'text', content: '{"text":"请各单位于周五前报送进度"}' });
  });

  it('an interactive card to an open_id lands in the bot’s p2p chat, mentions extracted', async () => {
    const res = await client().im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: LI.open_id, msg_type: 'interactive', content: JSON.stringify(card('周报提醒')) },
    });
    expect(res.code).toBe(0);
    const m = fake.message(res.data?.message_id ?? '');
    expect(m).toMatchObject({ chat_type: 'p2p', chat_id: fake.p2pChatId(LI.open_id), receive_id_type: 'open_id', receive_id: LI.open_id });
    expect(m?.content).toEqual(card('周报提醒'));
    expect(m?.mentions).toEqual([ZHANG.open_id]);
  });

  it('email receivers resolve through the directory; unknown ones are 230013', async () => {
    const c = client();
    const ok = await c.im.v1.message.create({
      params: { receive_id_type: 'email' },
      data: { receive_id: ZHANG.email, msg_type: 'text', content: JSON.stringify({ text: 'hi' }) },
    });
    expect(fake.message(ok.data?.message_id ?? '')?.chat_id).toBe(fake.p2pChatId(ZHANG.open_id));
    const failure = await httpFailure(
      c.im.v1.message.create({
        params: { receive_id_type: 'email' },
        data: { receive_id: 'nobody@example.gov.cn', msg_type: 'text', content: JSON.stringify({ text: 'hi' }) },
      }),
    );
    expect(failure.data.code).toBe(230013);
  });

  it.each([
    ['content that is not a JSON string', { msg_type: 'text', content: '请报送' }, 230001],
    ['an unknown msg_type', { msg_type: 'markdown', content: '{"text":"x"}' }, 230001],
    ['a card over 30 KB', { msg_type: 'interactive', content: JSON.stringify({ ...card('大'), body: { elements: [{ tag: 'markdown', content: '字'.repeat(11_000) }] } }) }, 230025],
    ['a JSON 2.0 card with an unknown top-level property', { msg_type: 'interactive', content: JSON.stringify({ ...card('x'), elements: [] }) }, 230099],
    ['a JSON 2.0 card using the 1.0 action module', { msg_type: 'interactive', content: JSON.stringify({ schema: '2.0', body: { elements: [{ tag: 'action', actions: [] }] } }) }, 230099],
    ['a chart taller than 999 px (lark-protocol §6.7)', { msg_type: 'interactive', content: JSON.stringify({ schema: '2.0', body: { elements: [{ tag: 'chart', height: '1000px', chart_spec: { type: 'bar' } }] } }) }, 230099],
    ['a file message with an unknown file_key', { msg_type: 'file', content: '{"file_key":"file_v3_nope"}' }, 230001],
  ])('rejects %s with HTTP 400 and the code', async (_name, data, code) => {
    const failure = await httpFailure(client().im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: GROUP, ...data } }));
    expect(failure.status).toBe(400);
    expect(failure.data.code).toBe(code);
    expect(fake.messages).toHaveLength(0);
  });

  it('a missing receive_id_type is a validation error', async () => {
    const failure = await httpFailure(
      client().request({ method: 'POST', url: '/open-apis/im/v1/messages', data: { receive_id: GROUP, msg_type: 'text', content: '{"text":"x"}' } }),
    );
    expect(failure.data.code).toBe(99992402);
  });
});

describe('uuid idempotency', () => {
  it('the same uuid within an hour returns the same message_id and delivers once', async () => {
    const c = client();
    const first = await sendText(c, GROUP, '提醒', 'reminder-2026-03-02-unit-07');
    const again = await sendText(c, GROUP, '提醒', 'reminder-2026-03-02-unit-07');
    expect(again.data?.message_id).toBe(first.data?.message_id);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.uuid).toBe('reminder-2026-03-02-unit-07');

    const other = await sendText(c, GROUP, '提醒', 'reminder-2026-03-02-unit-08');
    expect(other.data?.message_id).not.toBe(first.data?.message_id);

    clock += 60 * 60 * 1000 + 1;
    const later = await sendText(c, GROUP, '提醒', 'reminder-2026-03-02-unit-07');
    expect(later.data?.message_id).not.toBe(first.data?.message_id);
    expect(fake.messages).toHaveLength(3);
  });

  it('a uuid longer than 50 characters is rejected', async () => {
    const failure = await httpFailure(sendText(client(), GROUP, 'x', 'u'.repeat(51)));
    expect(failure.data.code).toBe(99992402);
  });
});

describe('reply', () => {
  it('reply_in_thread opens a thread on the target; later replies stay in it', async () => {
    const c = client();
    const root = await sendCard(c, GROUP, '任务三进度');
    const rootId = root.data?.message_id ?? '';
    const r1 = await c.im.v1.message.reply({
      path: { message_id: rootId },
      data: { msg_type: 'text', content: JSON.stringify({ text: '已收到' }), reply_in_thread: true },
    });
    expect(r1.data).toMatchObject({ root_id: rootId, parent_id: rootId, thread_id: expect.stringMatching(/^omt_/), chat_id: GROUP });
    const r2 = await c.im.v1.message.reply({
      path: { message_id: r1.data?.message_id ?? '' },
      data: { msg_type: 'text', content: JSON.stringify({ text: '补充' }) },
    });
    expect(r2.data).toMatchObject({ root_id: rootId, parent_id: r1.data?.message_id, thread_id: r1.data?.thread_id });
    expect(fake.message(rootId)?.thread_id).toBe(r1.data?.thread_id);
    expect(fake.messagesIn(GROUP).map((m) => m.reply_in_thread)).toEqual([undefined, true, false]);
  });

  it('can answer a user’s message registered through inbound.message', async () => {
    const event = fake.inbound.message({ chatId: GROUP, sender: ZHANG, text: [{ at: fake.bot }, ' 进度'] });
    const res = await client().im.v1.message.reply({
      path: { message_id: event.event.message.message_id },
      data: { msg_type: 'text', content: JSON.stringify({ text: '全市进度 62%' }) },
    });
    expect(res.data).toMatchObject({ parent_id: event.event.message.message_id, root_id: event.event.message.message_id });
    expect(res.data?.thread_id).toBeUndefined();
  });

  it('an unknown target is 99992354', async () => {
    const failure = await httpFailure(
      client().im.v1.message.reply({ path: { message_id: 'om_unknown' }, data: { msg_type: 'text', content: '{"text":"x"}' } }),
    );
    expect(failure.data.code).toBe(99992354);
  });
});

describe('card updates', () => {
  it('PATCH replaces the card content and records the update', async () => {
    const c = client();
    const sent = await sendCard(c, GROUP, '待审核');
    const id = sent.data?.message_id ?? '';
    clock += 1000;
    const res = await c.im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card('已通过')) } });
    expect(res).toMatchObject({ code: 0, data: {} });
    const m = fake.message(id);
    expect(m?.content).toEqual(card('已通过'));
    expect(m?.sent_content).toEqual(card('待审核'));
    expect(m?.updates).toEqual([{ via: 'patch', content: card('已通过'), at: clock }]);
    expect(m?.update_time).toBe(String(clock));
  });

  it.each([
    ['an unknown message', async () => 'om_unknown', 99992354],
    ['a text message', async (c: lark.Client) => (await sendText(c, GROUP, 'x')).data?.message_id ?? '', 230001],
    ['a recalled card', async (c: lark.Client) => {
      const id = (await sendCard(c, GROUP, 'x')).data?.message_id ?? '';
      fake.recallMessage(id);
      return id;
    }, 230011],
    ['a card older than 14 days', async (c: lark.Client) => {
      const id = (await sendCard(c, GROUP, 'x')).data?.message_id ?? '';
      clock += 14 * 24 * 60 * 60 * 1000;
      return id;
    }, 230031],
  ])('PATCH of %s is refused', async (_name, target, code) => {
    const id = await target(client());
    // A fresh client: moving the clock 14 days also expires the first client's token.
    const failure = await httpFailure(client().im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card('新')) } }));
    expect(failure).toMatchObject({ status: 400, data: { code } });
  });

  it('the 14-day window of a JSON 2.0 card: on day 13 a click and a PATCH work; after 14 days PATCH is 230031 and the client sends no callback', async () => {
    const id = (await sendCard(client(), GROUP, '报送')).data?.message_id ?? '';
    const click = () => fake.inbound.cardAction({ operator: { open_id: ZHANG.open_id }, openMessageId: id, openChatId: GROUP, value: { a: 'x' } });
    clock += 13 * 24 * 60 * 60 * 1000;
    expect(click().event.context.open_message_id).toBe(id);
    expect(await client().im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card('第13天')) } })).toMatchObject({ code: 0 });
    // 14 days after sending, by the send time the fake recorded (updates do not extend it).
    clock += 24 * 60 * 60 * 1000;
    expect(click).toThrow(CardExpiredError);
    const failure = await httpFailure(client().im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card('第14天')) } }));
    expect(failure).toMatchObject({ status: 400, data: { code: 230031 } });
    expect(fake.message(id)?.content).toEqual(card('第13天'));
  });

  it('a non-shared JSON 1.0 card cannot be patched', async () => {
    const c = client();
    const sent = await c.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: GROUP, msg_type: 'interactive', content: JSON.stringify({ elements: [{ tag: 'markdown', content: 'x' }] }) },
    });
    const failure = await httpFailure(c.im.v1.message.patch({ path: { message_id: sent.data?.message_id ?? '' }, data: { content: JSON.stringify(card('x')) } }));
    expect(failure.data.code).toBe(230001);
  });

  it('delayed update with the callback token: two uses, then 300040', async () => {
    const c = client();
    const sent = await sendCard(c, GROUP, '报送表');
    const id = sent.data?.message_id ?? '';
    const click = fake.inbound.cardAction({ operator: ZHANG, openMessageId: id, openChatId: GROUP, value: { action: 'report.submit' } });
    const update = (title: string) =>
      c.request({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token: click.event.token, card: card(title) } });

    expect(await update('已提交')).toEqual({ code: 0, msg: 'ok' });
    expect(fake.message(id)?.content).toEqual(card('已提交'));
    await update('已提交（2）');
    const failure = await httpFailure(update('第三次'));
    expect(failure.data.code).toBe(300040);
    expect(fake.message(id)?.updates.map((u) => u.via)).toEqual(['card_update', 'card_update']);
  });

  it('delayed update: malformed token 300020, unknown or 30-min-old token 300030', async () => {
    const c = client();
    const id = (await sendCard(c, GROUP, 'x')).data?.message_id ?? '';
    const post = (token: string) => c.request({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token, card: card('y') } });
    expect((await httpFailure(post('abc'))).data.code).toBe(300020);
    expect((await httpFailure(post('c-never-issued'))).data.code).toBe(300030);
    const token = fake.issueCardToken(id);
    clock += 30 * 60 * 1000;
    expect((await httpFailure(post(token))).data.code).toBe(300030);
  });
});

describe('files', () => {
  it('uploads multipart bytes unchanged, returns file_key, and the key can be sent as a file message', async () => {
    const c = client();
    const bytes = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xe4, 0xb8]), Buffer.from('督办导出')]);
    const res = await c.im.file.create({ data: { file_type: 'xls', file_name: '督办进度.xlsx', file: bytes } });
    // The SDK unwraps `data`: the call resolves to { file_key } directly.
    expect(res).toEqual({ file_key: expect.stringMatching(/^file_v3_/) });
    const stored = fake.files.get(res?.file_key ?? '');
    expect(stored?.bytes.equals(bytes)).toBe(true);
    expect(stored).toMatchObject({ file_type: 'xls', file_name: '督办进度.xlsx' });
    expect(fake.calls.at(-1)?.body).toMatchObject({ file_type: 'xls', file_name: '督办进度.xlsx', file: { size: bytes.length } });

    const sent = await c.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: GROUP, msg_type: 'file', content: JSON.stringify({ file_key: res?.file_key }) },
    });
    expect(sent.code).toBe(0);
    const download = await fetch(`${fake.url}/open-apis/im/v1/files/${res?.file_key}`, {
      headers: { authorization: fake.calls.at(-1)?.headers['authorization'] ?? '' },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('an empty file is refused; the SDK throws', async () => {
    const failure = await httpFailure(client().im.file.create({ data: { file_type: 'stream', file_name: 'x.bin', file: Buffer.alloc(0) } }));
    expect(failure.status).toBe(400);
    expect(fake.files.size).toBe(0);
  });

  it('an audio upload cannot be sent as a file message (230055)', async () => {
    const c = client();
    const up = await c.im.file.create({ data: { file_type: 'opus', file_name: 'a.opus', file: Buffer.from([1, 2, 3]) } });
    const failure = await httpFailure(
      c.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: GROUP, msg_type: 'file', content: JSON.stringify({ file_key: up?.file_key }) } }),
    );
    expect(failure.data.code).toBe(230055);
  });
});

describe('files in users\' messages (获取消息中的资源文件)', () => {
  const bytes = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from('通知正文'), Buffer.from([0x00, 0xff])]);

  it('serves the bytes of the file a user sent, by message id and file_key, with type=file', async () => {
    const m = fake.inbound.file({ chatId: GROUP, sender: ZHANG, fileName: '关于印发方案的通知.docx', bytes }).event.message;
    expect(m.message_type).toBe('file');
    const { file_key, file_name } = JSON.parse(m.content) as { file_key: string; file_name: string };
    expect(file_name).toBe('关于印发方案的通知.docx');
    const answer = await client().im.v1.messageResource.get({ path: { message_id: m.message_id, file_key }, params: { type: 'file' } });
    const chunks: Buffer[] = [];
    for await (const chunk of answer.getReadableStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(String(answer.headers['content-disposition'])).toContain(encodeURIComponent('关于印发方案的通知.docx'));
  });

  it('refuses a missing type, a file_key of another message, a card message (234043) and a chat without the bot', async () => {
    const c = client();
    const m = fake.inbound.file({ chatId: GROUP, sender: ZHANG, fileName: 'a.txt', bytes }).event.message;
    const { file_key } = JSON.parse(m.content) as { file_key: string };
    const other = fake.inbound.file({ chatId: GROUP, sender: ZHANG, fileName: 'b.txt', bytes }).event.message;
    const get = (messageId: string, key: string, type = 'file') => c.request({ method: 'GET', url: `/open-apis/im/v1/messages/${messageId}/resources/${key}`, params: { type } });
    expect((await httpFailure(get(m.message_id, file_key, 'doc'))).data.code).toBe(234001);
    expect((await httpFailure(get(other.message_id, file_key))).data.code).toBe(234001);
    const cardId = (await sendCard(c, GROUP, 'x')).data?.message_id ?? '';
    expect((await httpFailure(get(cardId, file_key))).data.code).toBe(234043);
    fake.setBotInChat(GROUP, false);
    expect((await httpFailure(get(m.message_id, file_key))).data.code).toBe(230002);
  });

  it('the gateway downloads the bytes, reads Lark\'s code from the streamed error body, and retries once on an expired token', async () => {
    const gateway = createLarkGateway(createSdkClient({ appId: fake.app.appId, appSecret: fake.app.appSecret, domain: fake.url }));
    const m = fake.inbound.file({ chatId: GROUP, sender: ZHANG, fileName: 'a.docx', bytes }).event.message;
    const { file_key } = JSON.parse(m.content) as { file_key: string };
    const got = await gateway.downloadMessageFile({ messageId: m.message_id, fileKey: file_key });
    expect(got.ok && Buffer.from(got.bytes).equals(bytes)).toBe(true);
    fake.expireTokens();
    expect((await gateway.downloadMessageFile({ messageId: m.message_id, fileKey: file_key })).ok).toBe(true);
    const wrong = await gateway.downloadMessageFile({ messageId: m.message_id, fileKey: 'file_v3_nope' });
    expect(wrong).toEqual({ ok: false, message: expect.stringContaining('HTTP 400'), code: 234001 });
  });
});

describe('chat members and contacts', () => {
  it('lists members page by page, bots excluded, by the requested id type', async () => {
    const c = client();
    const page1 = await c.im.v1.chatMembers.get({ path: { chat_id: GROUP }, params: { member_id_type: 'open_id', page_size: 2 } });
    expect(page1.data).toMatchObject({
      items: [
        { member_id_type: 'open_id', member_id: ZHANG.open_id, name: '张三', tenant_key: fake.app.tenantKey },
        { member_id: LI.open_id, name: '李四' },
      ],
      has_more: true,
      member_total: 3,
    });
    const page2 = await c.im.v1.chatMembers.get({ path: { chat_id: GROUP }, params: { page_size: 2, page_token: page1.data?.page_token ?? '' } });
    expect(page2.data?.items?.map((i) => i.member_id)).toEqual([WANG.open_id]);
    expect(page2.data?.has_more).toBe(false);
    const byUserId = await c.im.v1.chatMembers.get({ path: { chat_id: GROUP }, params: { member_id_type: 'user_id' } });
    expect(byUserId.data?.items?.[0]?.member_id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('members of a chat the bot left: 232011', async () => {
    fake.setBotInChat(GROUP, false);
    const failure = await httpFailure(client().im.v1.chatMembers.get({ path: { chat_id: GROUP } }));
    expect(failure.data.code).toBe(232011);
  });

  it('looks a user up by open_id', async () => {
    const res = await client().contact.v3.user.get({ path: { user_id: ZHANG.open_id }, params: { user_id_type: 'open_id' } });
    expect(res.data?.user).toMatchObject({ open_id: ZHANG.open_id, name: '张三', email: ZHANG.email, status: { is_resigned: false } });
    const failure = await httpFailure(client().contact.v3.user.get({ path: { user_id: 'ou_nobody' }, params: { user_id_type: 'open_id' } }));
    expect(failure.data.code).toBe(99992351);
  });

  it('batch_get_id maps emails and mobiles to open_ids; unknown and resigned come back without user_id', async () => {
    const res = await client().contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: { emails: [ZHANG.email, 'nobody@example.gov.cn', WANG.email], mobiles: ['13800000001', '+8613800000002'] },
    });
    expect(res.data?.user_list).toEqual([
      { user_id: ZHANG.open_id, email: ZHANG.email, status: expect.objectContaining({ is_resigned: false }) },
      { email: 'nobody@example.gov.cn' },
      { email: WANG.email },
      { user_id: ZHANG.open_id, mobile: '13800000001', status: expect.any(Object) },
      { user_id: LI.open_id, mobile: '+8613800000002', status: expect.any(Object) },
    ]);
    const withResigned = await client().contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: { emails: [WANG.email], include_resigned: true },
    });
    expect(withResigned.data?.user_list?.[0]).toMatchObject({ user_id: WANG.open_id, status: { is_resigned: true } });
  });
});

describe('errors the product must handle', () => {
  it('an unknown path is a Lark-style 404, never a silent 200, and is recorded', async () => {
    const failure = await httpFailure(client().request({ method: 'GET', url: '/open-apis/im/v1/chats/oc_x/announcement' }));
    expect(failure.status).toBe(404);
    expect(failure.data).toMatchObject({ code: 404, msg: expect.stringContaining('GET /open-apis/im/v1/chats/oc_x/announcement') });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/open-apis/im/v1/chats/oc_x/announcement', status: 404 });
  });

  it('an injected 500 throws an AxiosError; exactly one request was made (no SDK retry); the next call succeeds', async () => {
    const c = client();
    fake.failNext({ path: '/im/v1/messages', status: 500 });
    const failure = await httpFailure(sendText(c, GROUP, '一'));
    expect(failure.status).toBe(500);
    expect(typeof failure.data.code).toBe('number');
    expect(fake.callsTo('/open-apis/im/v1/messages')).toHaveLength(1);
    expect(fake.calls.at(-1)?.injected).toBe('fault');
    expect(fake.messages).toHaveLength(0);
    expect((await sendText(c, GROUP, '一')).code).toBe(0);
  });

  it('a 500 after delivery + a retry with the same uuid yields one message', async () => {
    const c = client();
    fake.failNext({ path: '/im/v1/messages', status: 500, after: true });
    await httpFailure(sendText(c, GROUP, '提醒', 'outbox-42'));
    expect(fake.messages).toHaveLength(1);
    const retry = await sendText(c, GROUP, '提醒', 'outbox-42');
    expect(retry.data?.message_id).toBe(fake.messages[0]?.message_id);
    expect(fake.messages).toHaveLength(1);
  });

  it('an injected 429 carries 99991400 and the x-ogw-ratelimit headers', async () => {
    fake.failNext({ path: /\/reply$/, status: 429, times: 2 });
    const c = client();
    const root = (await sendText(c, GROUP, 'root')).data?.message_id ?? '';
    for (let i = 0; i < 2; i++) {
      const failure = await httpFailure(c.im.v1.message.reply({ path: { message_id: root }, data: { msg_type: 'text', content: '{"text":"r"}' } }));
      expect(failure).toMatchObject({ status: 429, data: { code: 99991400 } });
      expect(failure.headers['x-ogw-ratelimit-limit']).toBe('50');
      expect(failure.headers['x-ogw-ratelimit-reset']).toBe('1');
    }
    expect((await c.im.v1.message.reply({ path: { message_id: root }, data: { msg_type: 'text', content: '{"text":"r"}' } })).code).toBe(0);
  });

  it('HTTP 200 with code ≠ 0 resolves normally: always check `code`', async () => {
    fake.failNext({ path: '/im/v1/messages', status: 200, code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    const res = await sendText(client(), GROUP, 'x');
    expect(res).toMatchObject({ code: 230002 });
    expect(res.data).toBeUndefined();
  });

  it('a bot removed from the chat gets 230002 (HTTP 400, thrown) on send and reply', async () => {
    const c = client();
    const root = (await sendText(c, GROUP, 'root')).data?.message_id ?? '';
    fake.setBotInChat(GROUP, false);
    expect((await httpFailure(sendText(c, GROUP, 'x'))).data).toMatchObject({ code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    expect((await httpFailure(c.im.v1.message.reply({ path: { message_id: root }, data: { msg_type: 'text', content: '{"text":"r"}' } }))).data.code).toBe(230002);
    fake.setBotInChat(GROUP, true);
    expect((await sendText(c, GROUP, 'back')).code).toBe(0);
  });

  it('without autoCreateChats, a chat the fake does not know behaves like one the bot is not in', async () => {
    const strict = await createFakeLark({ autoCreateChats: false });
    try {
      const c = new lark.Client({ appId: strict.app.appId, appSecret: strict.app.appSecret, domain: strict.url, cache: new lark.DefaultCache(), logger: silent });
      expect((await httpFailure(sendText(c, 'oc_unknown', 'x'))).data.code).toBe(230002);
    } finally {
      await strict.close();
    }
  });
});

describe('rate limits (on when asked)', () => {
  it('the 6th message to one chat within a second is 230020 (HTTP 400); the next second is fine', async () => {
    fake.setRateLimits(true);
    const c = client();
    for (let i = 0; i < 5; i++) expect((await sendText(c, GROUP, `m${i}`)).code).toBe(0);
    const failure = await httpFailure(sendText(c, GROUP, 'm5'));
    expect(failure).toMatchObject({ status: 400, data: { code: 230020 } });
    expect(fake.calls.at(-1)?.injected).toBe('rate_limit');
    // Another chat is not affected.
    expect((await sendText(c, 'oc_other000000000000000000000000', 'x')).code).toBe(0);
    clock += 1000;
    expect((await sendText(c, GROUP, 'm6')).code).toBe(0);
    expect(fake.messagesIn(GROUP)).toHaveLength(6);
  });

  it('the per-app API tier answers HTTP 429 + 99991400 with reset seconds', async () => {
    fake.setRateLimits({ perAppPerSecond: 3 });
    const c = client();
    const lookup = () => c.contact.v3.user.get({ path: { user_id: ZHANG.open_id }, params: { user_id_type: 'open_id' } });
    for (let i = 0; i < 3; i++) await lookup();
    const failure = await httpFailure(lookup());
    expect(failure).toMatchObject({ status: 429, data: { code: 99991400 } });
    expect(failure.headers['x-ogw-ratelimit-limit']).toBe('3');
    expect(failure.headers['x-ogw-ratelimit-reset']).toBe('1');
    clock += 1000;
    expect((await lookup()).code).toBe(0);
  });

  it('is off by default', async () => {
    const c = client();
    for (let i = 0; i < 8; i++) expect((await sendText(c, GROUP, `m${i}`)).code).toBe(0);
  });
});

describe('reset', () => {
  it('forgets state but keeps issued tokens valid for cached clients', async () => {
    const c = client();
    await sendText(c, GROUP, 'x');
    fake.setBotInChat(GROUP, false);
    fake.reset();
    expect(fake.calls).toHaveLength(0);
    expect(fake.messages).toHaveLength(0);
    expect((await sendText(c, GROUP, 'y')).code).toBe(0);
    expect(fake.callsTo('/open-apis/auth/v3/tenant_access_token/internal')).toHaveLength(0);
  });
});

describe('long connection (WSClient)', () => {
  it('connects through /callback/ws/endpoint and delivers events and card callbacks, acking handler results', async () => {
    const received: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ logger: silent }).register({
      'im.message.receive_v1': async (data) => {
        received.push(data.message.content);
      },
    });
    // card.action.trigger is not in the SDK's typed handler map; register it untyped as the SDK's own channel does.
    dispatcher.register({
      'card.action.trigger': async (data: { action: { value: { action: string } } }) => ({ toast: { type: 'success', content: `ok ${data.action.value.action}` } }),
    } as Parameters<typeof dispatcher.register>[0]);
    const ws = new lark.WSClient({ appId: fake.app.appId, appSecret: fake.app.appSecret, domain: fake.url, logger: silent, autoReconnect: false });
    try {
      await ws.start({ eventDispatcher: dispatcher });
      await fake.ws.waitForConnection();
      expect(fake.callsTo('/callback/ws/endpoint')[0]?.body).toEqual({ AppID: fake.app.appId, AppSecret: fake.app.appSecret });

      const event = fake.inbound.message({ chatId: GROUP, sender: ZHANG, text: [{ at: fake.bot }, ' 谁没报'] });
      const ack = await fake.ws.push(event, { fragments: 3 });
      expect(ack.code).toBe(200);
      expect(received).toEqual([JSON.stringify({ text: '@_user_1 谁没报' })]);

      const click = fake.inbound.cardAction({ operator: ZHANG, openMessageId: 'om_x', openChatId: GROUP, value: { action: 'report.submit' } });
      const cardAck = await fake.ws.push(click);
      expect(cardAck).toMatchObject({ code: 200, result: { toast: { type: 'success', content: 'ok report.submit' } } });
    } finally {
      ws.close({ force: true });
    }
  });

  it('refuses wrong credentials with code 514 (the SDK gives up instead of retrying)', async () => {
    let ws: lark.WSClient | undefined;
    try {
      const error = await new Promise<Error>((resolve) => {
        ws = new lark.WSClient({ appId: fake.app.appId, appSecret: 'wrong', domain: fake.url, logger: silent, onError: resolve });
        // start() does not wait for the connection; failures arrive through onError.
        void ws.start({ eventDispatcher: new lark.EventDispatcher({ logger: silent }) });
      });
      expect(error.message).toMatch(/code=514/);
      expect(ws?.getConnectionStatus().state).toBe('failed');
      // It gave up after one endpoint call instead of looping.
      expect(fake.callsTo('/callback/ws/endpoint')).toHaveLength(1);
    } finally {
      ws?.close({ force: true });
    }
  });
});
