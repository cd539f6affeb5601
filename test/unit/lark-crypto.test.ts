// Lark crypto (lark-protocol.md §2) and the inbound event builders, checked against known
// vectors and against the SDK's own AESCipher / EventDispatcher / generateChallenge, which
// proves the builders produce what the SDK (and so Lark) considers a valid request.
import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { LARK_SIGNATURE_WINDOW_MS, LarkDecryptError, decryptLark, encryptLark, larkSignature, parseLarkTimestamp, safeEqual, staleLarkTimestamp, verifyLarkSignature } from '../../src/lark/crypto.js';
import {
  FAKE_APP,
  buildBotAddedEvent,
  buildCardActionEvent,
  buildMessageReceiveEvent,
  buildUrlVerification,
  toLarkRequest,
  type LarkHttpRequest,
} from '../../src/fake-lark/index.js';

const silent: lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
const KEY = 'duban-encrypt-key';
const BOT = { open_id: FAKE_APP.botOpenId, name: FAKE_APP.botName };
const ZHANG = { open_id: 'ou_zhang0000000000000000000000001', union_id: 'on_zhang000000000000000000000001', name: '张三' };
const LI = { open_id: 'ou_li000000000000000000000000000002', name: '李四' };

/** What the SDK's adaptors hand to invoke(): the parsed body, headers on the prototype (§2.3). */
function sdkInput(req: LarkHttpRequest): Record<string, unknown> {
  return Object.assign(Object.create({ headers: req.headers }) as object, JSON.parse(req.body) as Record<string, unknown>);
}

describe('decryptLark / encryptLark', () => {
  it('decrypts the official test vector', () => {
    expect(decryptLark('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe('hello world');
  });

  it.each([
    ['ASCII', '{"challenge":"abc"}'],
    ['Chinese straddling block boundaries', `a${'督办进度'.repeat(40)}`],
    ['4-byte characters', '报送 🎉 完成 𠀀'.repeat(9)],
    ['empty', ''],
    ['exactly one block', '0123456789abcdef'],
  ])('round-trips %s', (_name, plain) => {
    expect(decryptLark(encryptLark(plain, KEY), KEY)).toBe(plain);
  });

  it('is iv ‖ ciphertext in standard base64, with a random IV unless one is given', () => {
    const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const a = encryptLark('督办', KEY, iv);
    expect(encryptLark('督办', KEY, iv)).toBe(a);
    expect(Buffer.from(a, 'base64').subarray(0, 16)).toEqual(iv);
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(encryptLark('督办', KEY)).not.toBe(encryptLark('督办', KEY));
  });

  it('what encryptLark produces, the SDK’s AESCipher decrypts', () => {
    const plain = JSON.stringify({ text: '各县（市、区）人民政府：请于3月5日前报送' });
    expect(new lark.AESCipher(KEY).decrypt(encryptLark(plain, KEY))).toBe(plain);
  });

  it.each([
    ['a wrong key', () => decryptLark(encryptLark('{"a":1}', KEY), 'other key')],
    ['non-base64 text', () => decryptLark('not base64!', KEY)],
    ['fewer bytes than IV + one block', () => decryptLark(Buffer.alloc(16).toString('base64'), KEY)],
    ['a partial block', () => decryptLark(Buffer.alloc(40).toString('base64'), KEY)],
  ])('throws LarkDecryptError for %s', (_name, run) => {
    expect(run).toThrow(LarkDecryptError);
  });
});

describe('larkSignature', () => {
  // Expected values computed outside Node with `printf '%s' "$ts$nonce$key$body" | sha256sum`.
  it.each([
    ['an encrypted body', '{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}', '002a272a435d056759149cce18e88064ff320d38d91a09432445c344c4296949'],
    ['a non-compact UTF-8 body', '{ "challenge": "督办" }', 'fea138c0d295a9093ac2e1e8d7d678506d7ef9bd415c9995f2d2688e0538c30d'],
  ])('is sha256(timestamp + nonce + key + raw body) in lower-case hex, for %s', (_name, body, expected) => {
    expect(larkSignature('1700000000', 'nonce-1', 'test key', body)).toBe(expected);
    expect(larkSignature('1700000000', 'nonce-1', 'test key', Buffer.from(body, 'utf8'))).toBe(expected);
  });

  it('verifies the bytes received, so a re-serialised body does not match', () => {
    const raw = '{\n  "encrypt": "abc"\n}';
    const headers = { 'x-lark-request-timestamp': '1700000000', 'x-lark-request-nonce': 'n', 'x-lark-signature': larkSignature('1700000000', 'n', KEY, raw) };
    expect(verifyLarkSignature(headers, raw, KEY)).toBe(true);
    expect(verifyLarkSignature(headers, JSON.stringify(JSON.parse(raw)), KEY)).toBe(false);
    expect(verifyLarkSignature(headers, raw, 'other key')).toBe(false);
    expect(verifyLarkSignature({ ...headers, 'x-lark-signature': undefined }, raw, KEY)).toBe(false);
  });

  it('safeEqual compares whole strings whatever their lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});

describe('event builders', () => {
  it('im.message.receive_v1 in a group: the full envelope, @_user_N placeholders and mentions in order', () => {
    const event = buildMessageReceiveEvent({
      chatId: 'oc_group',
      sender: ZHANG,
      text: [{ at: BOT }, ' 绑定 腾冲市 ', { at: LI }],
      messageId: 'om_1',
      eventId: 'ev_1',
      createTime: 1772413200000,
    });
    expect(event).toEqual({
      schema: '2.0',
      header: {
        event_id: 'ev_1',
        event_type: 'im.message.receive_v1',
        create_time: '1772413200000',
        token: FAKE_APP.verificationToken,
        app_id: FAKE_APP.appId,
        tenant_key: FAKE_APP.tenantKey,
      },
      event: {
        sender: { sender_id: { union_id: ZHANG.union_id, open_id: ZHANG.open_id }, sender_type: 'user', tenant_key: FAKE_APP.tenantKey },
        message: {
          message_id: 'om_1',
          create_time: '1772413200000',
          update_time: '1772413200000',
          chat_id: 'oc_group',
          chat_type: 'group',
          message_type: 'text',
          content: '{"text":"@_user_1 绑定 腾冲市 @_user_2"}',
          mentions: [
            { key: '@_user_1', id: { open_id: BOT.open_id }, name: BOT.name, tenant_key: FAKE_APP.tenantKey },
            { key: '@_user_2', id: { open_id: LI.open_id }, name: '李四', tenant_key: FAKE_APP.tenantKey },
          ],
        },
      },
    });
  });

  it('p2p without mentions has no mentions key; random ids have Lark’s shapes', () => {
    const { header, event } = buildMessageReceiveEvent({ chatId: 'oc_p2p', chatType: 'p2p', sender: ZHANG.open_id, text: '进度' });
    expect(event.message.chat_type).toBe('p2p');
    expect('mentions' in event.message).toBe(false);
    expect(event.message.message_id).toMatch(/^om_[0-9a-f]{32}$/);
    expect(header.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(header.create_time).toMatch(/^\d{13}$/);
  });

  it('thread replies carry root_id, parent_id and thread_id; string text takes explicit mentions', () => {
    const { event } = buildMessageReceiveEvent({
      chatId: 'oc_group',
      sender: ZHANG,
      text: '@_user_1 @_all 补充材料',
      mentions: [BOT],
      rootId: 'om_root',
      parentId: 'om_parent',
      threadId: 'omt_1',
    });
    expect(event.message).toMatchObject({ root_id: 'om_root', parent_id: 'om_parent', thread_id: 'omt_1' });
    expect(event.message.mentions?.map((m) => m.key)).toEqual(['@_user_1']);
    expect(JSON.parse(event.message.content)).toEqual({ text: '@_user_1 @_all 补充材料' });
  });

  it('card.action.trigger: operator ids, action value/form_value/tag, context, token, µs create_time', () => {
    const event = buildCardActionEvent({
      operator: { open_id: ZHANG.open_id, union_id: ZHANG.union_id, user_id: 'e33ggbyz' },
      openMessageId: 'om_card',
      openChatId: 'oc_group',
      value: { action: 'report.submit', task: '3' },
      formValue: { progress: '60', situation: '已完成招标', attachments: ['a', 'b'] },
      name: 'submit',
      token: 'c-token',
      eventId: 'ev_2',
      createTime: 1772413200000,
    });
    expect(event).toEqual({
      schema: '2.0',
      header: {
        event_id: 'ev_2',
        event_type: 'card.action.trigger',
        create_time: '1772413200000000',
        token: FAKE_APP.verificationToken,
        app_id: FAKE_APP.appId,
        tenant_key: FAKE_APP.tenantKey,
      },
      event: {
        operator: { tenant_key: FAKE_APP.tenantKey, union_id: ZHANG.union_id, user_id: 'e33ggbyz', open_id: ZHANG.open_id },
        token: 'c-token',
        action: {
          value: { action: 'report.submit', task: '3' },
          tag: 'button',
          name: 'submit',
          form_value: { progress: '60', situation: '已完成招标', attachments: ['a', 'b'] },
        },
        host: 'im_message',
        context: { open_message_id: 'om_card', open_chat_id: 'oc_group' },
      },
    });
  });

  it('im.chat.member.bot.added_v1 and url_verification', () => {
    const added = buildBotAddedEvent({ chatId: 'oc_new', operator: ZHANG, name: '腾冲市督办群' });
    expect(added.header.event_type).toBe('im.chat.member.bot.added_v1');
    expect(added.event).toEqual({
      chat_id: 'oc_new',
      operator_id: { union_id: ZHANG.union_id, open_id: ZHANG.open_id },
      external: false,
      operator_tenant_key: FAKE_APP.tenantKey,
      name: '腾冲市督办群',
      i18n_names: { zh_cn: '腾冲市督办群', en_us: '腾冲市督办群' },
    });
    expect(buildUrlVerification({ challenge: 'ajls384kdjx98XX' })).toEqual({
      challenge: 'ajls384kdjx98XX',
      token: FAKE_APP.verificationToken,
      type: 'url_verification',
    });
    expect(buildUrlVerification({}, { verificationToken: 'other' }).token).toBe('other');
  });
});

describe('toLarkRequest', () => {
  it('without an Encrypt Key: the plain envelope, no signature headers', () => {
    const payload = buildMessageReceiveEvent({ chatId: 'oc_g', sender: ZHANG, text: 'x' });
    const req = toLarkRequest(payload);
    expect(req.method).toBe('POST');
    expect(JSON.parse(req.body)).toEqual(payload);
    expect(req.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
  });

  it('with an Encrypt Key: {"encrypt"} body, signed over those exact bytes; deterministic when told', () => {
    const payload = buildMessageReceiveEvent({ chatId: 'oc_g', sender: ZHANG, text: '进度', messageId: 'om_1', eventId: 'e', createTime: 1 });
    const iv = Buffer.alloc(16, 7);
    const req = toLarkRequest(payload, { encryptKey: KEY, iv, timestamp: '1772413200', nonce: 'n1' });
    expect(toLarkRequest(payload, { encryptKey: KEY, iv, timestamp: '1772413200', nonce: 'n1' })).toEqual(req);
    const body = JSON.parse(req.body) as { encrypt: string };
    expect(Object.keys(body)).toEqual(['encrypt']);
    expect(JSON.parse(decryptLark(body.encrypt, KEY))).toEqual(payload);
    expect(req.headers).toMatchObject({ 'x-lark-request-timestamp': '1772413200', 'x-lark-request-nonce': 'n1' });
    expect(req.headers['x-lark-signature']).toBe(larkSignature('1772413200', 'n1', KEY, req.body));
  });

  it('does not sign url_verification by default (Lark excludes it from signature checks)', () => {
    const req = toLarkRequest(buildUrlVerification({ challenge: 'c' }), { encryptKey: KEY });
    expect(req.headers['x-lark-signature']).toBeUndefined();
    expect(toLarkRequest(buildUrlVerification({ challenge: 'c' }), { encryptKey: KEY, sign: true }).headers['x-lark-signature']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the SDK accepts what the builders produce', () => {
  it('EventDispatcher decrypts, verifies the signature and dispatches a message event, flattened', async () => {
    let got: unknown;
    const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, logger: silent }).register({
      'im.message.receive_v1': async (data) => {
        got = data;
        return 'handled';
      },
    });
    const payload = buildMessageReceiveEvent({ chatId: 'oc_g', sender: ZHANG, text: [{ at: BOT }, ' 任务三'] });
    const result = await dispatcher.invoke(sdkInput(toLarkRequest(payload, { encryptKey: KEY })));
    expect(result).toBe('handled');
    expect(got).toMatchObject({ schema: '2.0', ...payload.header, ...payload.event });
  });

  it('EventDispatcher dispatches card.action.trigger; data.token is the update token', async () => {
    let got: { token?: string; action?: unknown; context?: unknown; operator?: unknown } | undefined;
    const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, logger: silent });
    dispatcher.register({
      'card.action.trigger': async (data: typeof got) => {
        got = data;
        return { toast: { type: 'success', content: '已提交' } };
      },
    } as Parameters<typeof dispatcher.register>[0]);
    const payload = buildCardActionEvent({ operator: ZHANG, openMessageId: 'om_c', openChatId: 'oc_g', value: { action: 'report.submit' }, formValue: { progress: '80' }, token: 'c-upd' });
    const result = await dispatcher.invoke(sdkInput(toLarkRequest(payload, { encryptKey: KEY })));
    expect(result).toEqual({ toast: { type: 'success', content: '已提交' } });
    expect(got?.token).toBe('c-upd');
    expect(got?.action).toEqual(payload.event.action);
    expect(got?.context).toEqual({ open_message_id: 'om_c', open_chat_id: 'oc_g' });
  });

  it('CardActionHandler accepts the same callback', async () => {
    const handler = new lark.CardActionHandler({ encryptKey: KEY, logger: silent }, async (data: { action: { value: { action: string } } }) => ({
      toast: { type: 'info', content: data.action.value.action },
    }));
    const payload = buildCardActionEvent({ operator: ZHANG, openMessageId: 'om_c', openChatId: 'oc_g', value: { action: 'review.return' } });
    expect(await handler.invoke(sdkInput(toLarkRequest(payload, { encryptKey: KEY })))).toEqual({ toast: { type: 'info', content: 'review.return' } });
  });

  it('EventDispatcher dispatches bot.added', async () => {
    let chatId: string | undefined;
    const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, logger: silent }).register({
      'im.chat.member.bot.added_v1': async (data) => {
        chatId = data.chat_id;
      },
    });
    await dispatcher.invoke(sdkInput(toLarkRequest(buildBotAddedEvent({ chatId: 'oc_new', operator: ZHANG }), { encryptKey: KEY })));
    expect(chatId).toBe('oc_new');
  });

  it('generateChallenge answers an encrypted url_verification', () => {
    const req = toLarkRequest(buildUrlVerification({ challenge: 'ajls384kdjx98XX' }), { encryptKey: KEY });
    expect(lark.generateChallenge(JSON.parse(req.body), { encryptKey: KEY })).toEqual({ isChallenge: true, challenge: { challenge: 'ajls384kdjx98XX' } });
  });

  it('the SDK’s own check re-serialises: a signed non-compact body fails it, our raw-bytes check passes', async () => {
    const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, logger: silent }).register({ 'im.message.receive_v1': async () => 'handled' });
    const req = toLarkRequest(buildMessageReceiveEvent({ chatId: 'oc_g', sender: ZHANG, text: 'x' }), { encryptKey: KEY, space: 2 });
    expect(await dispatcher.invoke(sdkInput(req))).toBeUndefined();
    expect(verifyLarkSignature(req.headers, req.body, KEY)).toBe(true);
    expect(await dispatcher.invoke(sdkInput(req), { needCheck: false })).toBe('handled');
  });

  it('a tampered signature fails the SDK’s check; a wrong Verification Token does not (the SDK never checks it)', async () => {
    const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, verificationToken: 'right', logger: silent }).register({ 'im.message.receive_v1': async () => 'handled' });
    const payload = buildMessageReceiveEvent({ chatId: 'oc_g', sender: ZHANG, text: 'x' }, { verificationToken: 'wrong' });
    const req = toLarkRequest(payload, { encryptKey: KEY });
    expect(await dispatcher.invoke(sdkInput(req))).toBe('handled');
    const tampered = { ...req, headers: { ...req.headers, 'x-lark-signature': '0'.repeat(64) } };
    expect(await dispatcher.invoke(sdkInput(tampered))).toBeUndefined();
  });
});

describe('parseLarkTimestamp / staleLarkTimestamp', () => {
  const now = new Date('2020-10-22T01:00:00Z');
  it.each([
    ['Unix seconds', '1603328400', Date.parse('2020-10-22T01:00:00Z')],
    ['Unix ms', '1603328400000', Date.parse('2020-10-22T01:00:00Z')],
    ['ISO 8601', '2020-10-22T09:00:00+08:00', Date.parse('2020-10-22T01:00:00Z')],
    ['Go time.String()', '2020-10-22 09:00:00.123456 +0800 CST', Date.parse('2020-10-22T01:00:00.123Z')],
    ['0', '0', 0],
    ['words', 'yesterday', undefined],
  ])('reads %s', (_name, value, expected) => {
    expect(parseLarkTimestamp(value)).toBe(expected);
  });

  it('refuses 0, older than the window, and more than the skew ahead', () => {
    expect(staleLarkTimestamp('0', now)).toMatch(/old/);
    expect(staleLarkTimestamp(String(now.getTime() / 1000 - LARK_SIGNATURE_WINDOW_MS / 1000 - 60), now)).toMatch(/old/);
    expect(staleLarkTimestamp(String(now.getTime() / 1000 + 3600), now)).toMatch(/future/);
    expect(staleLarkTimestamp(String(now.getTime() / 1000 - 7 * 3600), now)).toBeUndefined();
  });
});
