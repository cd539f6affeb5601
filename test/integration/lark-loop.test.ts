// The Lark loop end to end: signed, encrypted events over HTTP into the Hono app, the real
// SDK talking to the fake Lark server, rows in a real libSQL database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/card-schema.js';
import { defaultScheduleSpec } from '../../src/core/plan-spec.js';
import { CardExpiredError, toLarkRequest, type JsonValue } from '../../src/fake-lark/index.js';
import { encryptLark, larkSignature } from '../../src/lark/crypto.js';
import { chats, people, startHarness, type Harness } from '../support/harness.js';
import { seedSlug } from '../support/runtime.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const count = async (table: string) => Number((await h.storage.database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

/** What a person in a chat sees from the bot: text, or a card's header title. */
function seen(chatId: string, only?: 'text'): string[] {
  return h.fake.messagesIn(chatId).filter((m) => !only || m.msg_type === only).map((m) => {
    const c = m.content as { text?: string; header?: { title?: { content?: string } } };
    return m.msg_type === 'text' ? String(c.text) : `[card] ${c.header?.title?.content ?? ''}`;
  });
}

async function say(chatId: string, sender: (typeof people)[keyof typeof people], text: Parameters<Harness['fake']['inbound']['message']>[0]['text'], extra: { rootId?: string } = {}) {
  const res = await h.post(h.fake.inbound.message({ chatId, sender, text, ...extra }));
  expect(res.status).toBe(200);
  await h.duban.flush();
  return res;
}

async function bindTengchong() {
  await say(chats.tengchong, people.admin, [{ at: h.fake.bot }, ' 绑定 腾冲 ', { at: people.zhang }, ' ', { at: people.li }]);
}

async function openRound1() {
  const result = await h.duban.tick(h.clock.now());
  await h.duban.flush();
  return result;
}

function reportCard(chatId: string) {
  const card = h.fake.messagesIn(chatId).find((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('【报送】'));
  expect(card).toBeDefined();
  return card!;
}

const form = (over: Record<string, string> = {}) => ({
  task: '3',
  progress: 'in_progress',
  percent: '60',
  narrative: '已推行分时段预约诊疗，二级以上医院预约率达65%。',
  problems: '基层信息化薄弱',
  next_steps: '11月底前完成县医院系统升级',
  ...over,
});

async function submit(operator: (typeof people)[keyof typeof people], formValue: Record<string, string>, messageId?: string) {
  const card = messageId ?? reportCard(chats.tengchong).message_id;
  const action = { a: 'report.submit', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', v: 1 };
  const res = await h.post(h.fake.inbound.cardAction({ operator, openMessageId: card, openChatId: chats.tengchong, value: action, formValue, name: 'submit' }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { toast?: { type: string; content: string }; card?: { type: string; data: unknown } };
  await h.duban.flush();
  return body;
}

describe('POST /lark/events: what gets in', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('answers url_verification, plain and encrypted, only with the right token', async () => {
    for (const encrypt of [false, true]) {
      const ok = await h.post(h.fake.inbound.urlVerification({ challenge: 'abc123' }), { encrypt });
      expect([ok.status, await ok.json()]).toEqual([200, { challenge: 'abc123' }]);
      const bad = await h.post(h.fake.inbound.urlVerification({ challenge: 'abc123', token: 'wrong' }), { encrypt });
      expect(bad.status).toBe(401);
    }
    expect(await count('inbound_events')).toBe(0);
  });

  it('rejects a forged signature, a wrong key, a wrong token and malformed bodies with 4xx, storing nothing', async () => {
    const event = h.fake.inbound.message({ chatId: chats.tengchong, sender: people.zhang, text: [{ at: h.fake.bot }, ' 帮助'] });
    const forged = h.fake.request(event);
    forged.headers['X-Lark-Signature'] = '0'.repeat(64);
    const cases: [string, RequestInit, number][] = [
      ['forged signature', forged, 401],
      ['another Encrypt Key', toLarkRequest(event, { encryptKey: 'not-our-key' }), 401],
      ['no signature headers', { method: 'POST', body: h.fake.request(event).body, headers: { 'content-type': 'application/json' } }, 401],
      ['wrong verification token', h.fake.request({ ...event, header: { ...event.header, token: 'nope' } }), 401],
      ['not JSON', { method: 'POST', body: '{"encrypt":', headers: { 'content-type': 'application/json' } }, 400],
      ['wrong content type', { method: 'POST', body: h.fake.request(event).body, headers: { 'content-type': 'text/plain' } }, 415],
      ['oversized', { method: 'POST', body: JSON.stringify({ encrypt: 'A'.repeat(300_000) }), headers: { 'content-type': 'application/json' } }, 413],
    ];
    for (const [name, init, status] of cases) {
      const res = await h.app.request('/lark/events', init);
      expect([name, res.status]).toEqual([name, status]);
      expect(await res.json()).toHaveProperty('error');
    }
    expect(await count('inbound_events')).toBe(0);
    expect(h.fake.messages).toHaveLength(0);
  });

  it('never answers random bodies with a 5xx', async () => {
    const bodies = [
      '', 'null', '[]', '"x"', '{}', '{"schema":"2.0"}', '{"schema":"2.0","header":{}}', '{"type":"url_verification"}',
      '{"encrypt":123}', '{"encrypt":"@@@"}', '{"encrypt":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}',
      ...Array.from({ length: 40 }, (_, i) => JSON.stringify({ schema: '2.0', header: { event_id: `e${i}`, event_type: ['im.message.receive_v1', 'card.action.trigger', 'x'][i % 3], token: h.fake.app.verificationToken }, event: i % 2 ? { message: { chat_id: 1 } } : 'x'.repeat(i) })),
    ];
    const key = h.fake.app.encryptKey!;
    for (const body of bodies) {
      // Each body as sent, and the same body encrypted and signed as Lark would.
      const encrypted = JSON.stringify({ encrypt: encryptLark(body, key) });
      // Signed at the app's time: a stale timestamp is refused before the body is looked at.
      const ts = String(Math.floor(h.clock.now().getTime() / 1000));
      const signed = { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n', 'x-lark-signature': larkSignature(ts, 'n', key, encrypted) };
      for (const init of [
        { method: 'POST', body, headers: { 'content-type': 'application/json' } },
        { method: 'POST', body: encrypted, headers: signed },
      ]) {
        const res = await h.app.request('/lark/events', init);
        // A well-formed event of a type we do not handle is acknowledged; nothing is ever a 5xx.
        expect(res.status, body.slice(0, 60)).toBeLessThan(500);
        if (res.status === 200) expect(JSON.parse(body).header.event_type).toBe('x');
      }
    }
    // Only the 13 signed envelopes of an unknown type got in (once each), and they did nothing.
    const stored = await h.storage.database.client.execute(`SELECT event_type, count(*) AS n FROM inbound_events GROUP BY 1`);
    expect(stored.rows.map((r) => [r.event_type, r.n])).toEqual([['unsupported', 13]]);
    expect(h.fake.messages).toHaveLength(0);
  });

  it('stores an event once however often Lark delivers it, and a message once under a new event_id', async () => {
    const event = h.fake.inbound.message({ chatId: chats.tengchong, sender: people.zhang, text: [{ at: h.fake.bot }, ' 帮助'] });
    for (let i = 0; i < 3; i++) expect((await h.post(event)).status).toBe(200);
    const redelivered = { ...event, header: { ...event.header, event_id: 'another-event-id' } };
    expect((await h.post(redelivered)).status).toBe(200);
    await h.duban.flush();
    expect(await count('inbound_events')).toBe(1);
    expect(h.fake.messagesIn(chats.tengchong)).toHaveLength(1);
  });

  it('retries an event that was stored but not processed (a crash after the 200)', async () => {
    const event = h.fake.inbound.botAdded({ chatId: chats.shidian, operator: people.admin });
    await h.storage.events.record({ eventId: event.header.event_id, eventType: 'bot.added', payload: JSON.stringify(event) }, h.clock.now());
    h.clock.advance(120_000);
    expect(await h.duban.retryStored()).toBe(1);
    await h.duban.flush();
    expect(seen(chats.shidian)).toEqual(['[card] 督办机器人 · 使用说明']);
    expect(await h.duban.retryStored()).toBe(0);
  });
});

describe('binding chats to units', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('welcomes the bot into a group with how to bind', async () => {
    await h.post(h.fake.inbound.botAdded({ chatId: chats.tengchong, operator: people.admin }));
    await h.duban.flush();
    const [card] = h.fake.messagesIn(chats.tengchong);
    expect(card!.msg_type).toBe('interactive');
    expect(JSON.stringify(card!.content)).toContain('绑定 腾冲市');
    expect(checkCard(card!.content)).toEqual([]);
  });

  it('an admin binds a chat to a unit by alias; the mentioned people become its contacts', async () => {
    await bindTengchong();
    expect(seen(chats.tengchong, 'text')).toEqual(['本群已绑定为腾冲市，联络员：张三、李四']);
    // Bound while round 1 is open: its card follows at once, and the monthly report still due this month.
    expect(seen(chats.tengchong).slice(1)).toEqual([
      '[card] 【报送】公共服务质量改进提升行动 · 工作开展情况（第1轮）',
      '[card] 【报送】公共服务质量改进提升行动 · 工作开展情况（任务四 · 2020年10月）',
    ]);
    const unit = (await h.storage.directory.units()).find((u) => u.code === 'tengchong')!;
    expect(unit.chats).toEqual([chats.tengchong]);
    expect(unit.contacts.map((c) => [c.openId, c.name])).toEqual([[people.zhang.open_id, '张三'], [people.li.open_id, '李四']]);
    const audit = await h.storage.database.client.execute(`SELECT action, subject FROM audit_log WHERE action LIKE 'chat.%'`);
    expect(audit.rows.map((r) => [r.action, r.subject])).toEqual([['chat.bind', chats.tengchong]]);
  });

  it('refuses a non-admin politely and binds nothing', async () => {
    await say(chats.tengchong, people.stranger, [{ at: h.fake.bot }, ' 绑定 腾冲市 ', { at: people.stranger }]);
    expect(seen(chats.tengchong)).toEqual(['仅办公室管理员可以绑定群组。如需绑定，请联系办公室。']);
    expect((await h.storage.directory.units()).find((u) => u.code === 'tengchong')!.chats).toEqual([]);
  });

  it('echoes typed text inert: a typed <at user_id="all"> never becomes a real @all in a reply', async () => {
    await say(chats.tengchong, people.admin, [{ at: h.fake.bot }, ' 绑定 <at user_id="all">全体</at>']);
    const [reply] = h.fake.messagesIn(chats.tengchong);
    expect(reply?.msg_type).toBe('text');
    expect(JSON.stringify(reply!.content)).not.toContain('<at');
    expect(reply!.mentions ?? []).toEqual([]);
  });

  it('asks instead of guessing an unknown or collective name', async () => {
    await say(chats.tengchong, people.admin, [{ at: h.fake.bot }, ' 绑定 腾冲县']);
    await say(chats.tengchong, people.admin, [{ at: h.fake.bot }, ' 绑定 各园区管委会']);
    const [unknown, group] = seen(chats.tengchong);
    expect(unknown).toMatch(/^未找到单位“腾冲县”。您要找的是否为：腾冲市/);
    expect(group).toBe('“各园区管委会”可能是：保山工贸园区管委会、腾冲边境经济合作区管委会。请写明单位全称后重新绑定。');
    expect((await h.storage.directory.units()).every((u) => u.chats.length === 0)).toBe(true);
  });

  it('binds the office and a lead department the same way; rebinding and unbinding are audited', async () => {
    await say(chats.office, people.admin, [{ at: h.fake.bot }, ' 绑定 办公室']);
    await say(chats.shidian, people.admin, [{ at: h.fake.bot }, ' 绑定 市卫健委 ', { at: people.wang }]);
    await say(chats.shidian, people.admin, [{ at: h.fake.bot }, ' 绑定 施甸县 ', { at: people.wang }]);
    await say(chats.shidian, people.admin, [{ at: h.fake.bot }, ' 解绑']);
    const units = await h.storage.directory.units();
    expect(units.find((u) => u.code === 'office')!.chats).toEqual([chats.office]);
    expect(units.find((u) => u.code === 'health')!.chats).toEqual([]);
    expect(units.find((u) => u.code === 'shidian')!.chats).toEqual([]);
    expect(seen(chats.shidian).at(-1)).toBe('本群已解除与施甸县的绑定。');
    const audit = await h.storage.database.client.execute(`SELECT action FROM audit_log WHERE action LIKE 'chat.%' ORDER BY id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['chat.bind', 'chat.bind', 'chat.rebind', 'chat.unbind']);
  });
});

describe('report cards and submissions', () => {
  beforeEach(async () => {
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00' });
    await bindTengchong();
  });

  it('a round opening sends each bound unit ONE card for the round, with its tasks and the form', async () => {
    await h.close();
    h = await startHarness({ at: '2020-10-21T17:00:00+08:00' });
    await bindTengchong();
    expect(seen(chats.tengchong, 'text')).toHaveLength(1);
    h.clock.set('2020-10-22T09:00:00+08:00');
    const tick = await openRound1();
    expect(tick.unbound).toEqual(expect.arrayContaining(['隆阳区', '施甸县']));
    const cards = h.fake.messagesIn(chats.tengchong).filter((m) => m.msg_type === 'interactive');
    // The monthly rounds' earlier periods opened during this first tick without a burst of cards;
    // the monthly report of October came with the binding the day before.
    expect(seen(chats.tengchong).filter((x) => x.includes('第1轮'))).toHaveLength(1);
    const round1 = cards.filter((c) => (c.content as { header: { title: { content: string } } }).header.title.content.includes('第1轮'));
    expect(round1).toHaveLength(1);
    const card = round1[0]!;
    expect(checkCard(card.content)).toEqual([]);
    const json = JSON.stringify(card.content);
    expect(json).toContain('【报送】公共服务质量改进提升行动 · 工作开展情况（第1轮）');
    expect(json).toContain('腾冲市 · 截止 11月5日（周四）18:00');
    for (const label of ['任务一 公共教育', '任务十二 政务服务']) expect(json).toContain(label);
    expect(card.uuid).toBeTruthy();
    // The same tick again sends nothing new.
    await openRound1();
    expect(h.fake.messagesIn(chats.tengchong).filter((m) => m.msg_type === 'interactive')).toHaveLength(cards.length);
  });

  it('a contact submits through the card: a version is stored, the toast and the updated card answer', async () => {
    await openRound1();
    h.clock.set('2020-11-02T10:00:00+08:00');
    const body = await submit(people.zhang, form());
    expect(body.toast).toEqual({ type: 'success', content: '已提交：任务三（第1版）' });
    expect(body.card?.type).toBe('raw');
    expect(JSON.stringify(body.card!.data)).toContain('✅ 任务三 医疗服务（11月2日 张三）');
    expect(checkCard(body.card!.data)).toEqual([]);
    const rows = await h.storage.database.client.execute(`SELECT version, percent, narrative, submitted_by, source FROM reports`);
    expect(rows.rows.map((r) => ({ ...r }))).toEqual([
      { version: 1, percent: 60, narrative: form().narrative, submitted_by: people.zhang.open_id, source: 'card' },
    ]);
  });

  it('a callback stored but cut by a crash is answered on Lark’s retry as the first attempt would have been, at its first arrival time', async () => {
    await openRound1();
    h.clock.set('2020-11-02T10:00:00+08:00');
    const card = reportCard(chats.tengchong).message_id;
    const action = { a: 'report.submit', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', v: 1 };
    const event = h.fake.inbound.cardAction({ operator: people.zhang, openMessageId: card, openChatId: chats.tengchong, value: action, formValue: form(), name: 'submit' });
    // The first arrival was stored, then the process died before processing it.
    await h.storage.events.record({ eventId: event.header.event_id, eventType: 'card.action', payload: JSON.stringify(event) }, h.clock.now());
    h.clock.advance(80_000);
    const res = await h.post(event);
    const body = (await res.json()) as { toast?: { type: string; content: string }; card?: { data: unknown } };
    expect(body.toast).toEqual({ type: 'success', content: '已提交：任务三（第1版）' });
    expect(JSON.stringify(body.card?.data)).toContain('✅ 任务三 医疗服务（11月2日 张三）');
    const rows = await h.storage.database.client.execute(`SELECT version, submitted_at FROM reports`);
    expect(rows.rows.map((r) => [Number(r.version), Number(r.submitted_at)])).toEqual([[1, Date.parse('2020-11-02T10:00:00+08:00')]]);
    // Processed now: a further retry changes nothing.
    const again = await h.post(event);
    expect(await again.json()).toEqual({});
    expect((await h.storage.database.client.execute(`SELECT count(*) AS n FROM reports`)).rows[0]!.n).toBe(1);
  });

  it('the same card in the unit’s other chat is brought up to date through the outbox', async () => {
    await bindTengchong();
    await say(chats.shidian, people.admin, [{ at: h.fake.bot }, ' 绑定 腾冲 ']);
    await openRound1();
    const other = reportCard(chats.shidian).message_id;
    h.clock.set('2020-11-02T10:00:00+08:00');
    await submit(people.zhang, form());
    const update = await h.storage.database.client.execute(`SELECT kind, recipient_type, recipient_id, status FROM outbox WHERE kind = 'report.card.update'`);
    expect(update.rows.map((r) => ({ ...r }))).toEqual([{ kind: 'report.card.update', recipient_type: 'message_id', recipient_id: other, status: 'sent' }]);
    expect(JSON.stringify(h.fake.messagesIn(chats.shidian).find((m) => m.message_id === other)!.content)).toContain('✅ 任务三 医疗服务（11月2日 张三）');
  });

  it('resubmitting makes a new version; a double click within a minute does not', async () => {
    await openRound1();
    await submit(people.zhang, form());
    h.clock.advance(5_000);
    const again = await submit(people.zhang, form());
    expect(again.toast?.content).toBe('已提交过相同内容：任务三（第1版），无需重复提交');
    h.clock.advance(60_000);
    const changed = await submit(people.li, form({ percent: '80' }));
    expect(changed.toast?.content).toBe('已提交：任务三（第2版）');
    const versions = await h.storage.database.client.execute(`SELECT version, percent FROM reports ORDER BY version`);
    expect(versions.rows.map((r) => [r.version, r.percent])).toEqual([[1, 60], [2, 80]]);
  });

  it('refuses invalid input with a toast naming the field, and stores nothing', async () => {
    await openRound1();
    const cases: [Record<string, string>, string][] = [
      [form({ narrative: '  ' }), '请填写工作开展情况'],
      [form({ percent: '120' }), '完成进度须为0–100的整数'],
      [form({ percent: '六十' }), '完成进度须为0–100的整数'],
      [form({ task: '99' }), '所选任务不在本轮报送范围内，请重新选择'],
      [form({ task: '12', 'ind_entry-rate': 'ninety' } as Record<string, string>), '政务服务进驻率须为数字'],
    ];
    for (const [value, toast] of cases) {
      const body = await submit(people.zhang, value);
      expect(body.toast).toEqual({ type: 'error', content: toast });
      expect(body.card).toBeUndefined();
    }
    expect(await count('reports')).toBe(0);
  });

  it('refuses an operator who is not the unit’s contact, and a stale or unknown action', async () => {
    await openRound1();
    const refused = await submit(people.stranger, form());
    expect(refused.toast).toEqual({ type: 'warning', content: '您不是腾冲市的联络员，无法代为报送。如需调整，请联系办公室。' });
    const card = reportCard(chats.tengchong).message_id;
    const values: JsonValue[] = [{ a: 'report.submit', plan: 'gone', round: 'round-1', period: '', unit: 'tengchong', v: 1 }, { a: 'bogus' }, 'just a string'];
    for (const value of values) {
      const res = await h.post(h.fake.inbound.cardAction({ operator: people.zhang, openMessageId: card, openChatId: chats.tengchong, value, formValue: form() }));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { toast: { type: string } }).toast.type).toMatch(/warning|info/);
    }
    expect(await count('reports')).toBe(0);
  });

  it('accepts a submission after the deadline and marks it late', async () => {
    await openRound1();
    h.clock.set('2020-11-06T09:30:00+08:00');
    // The card of 10-22 is past its 14 days; the morning's overdue ping is the current card.
    await openRound1();
    const current = h.fake.messagesIn(chats.tengchong).at(-1)!;
    expect(JSON.stringify(current.content)).toContain('【逾期提醒】');
    const body = await submit(people.zhang, form(), current.message_id);
    expect(body.toast?.type).toBe('success');
    expect(body.toast?.content).toContain('逾期');
    const status = await h.duban.status(seedSlug, h.clock.now());
    expect(status.units.find((u) => u.code === 'tengchong')).toMatchObject({ submitted: 1, late: 1 });
  });

  it('cards stay alive: the reminder is a new card, the old one points to it, a click on either works, 填报 re-issues, a rerun sends nothing twice', async () => {
    await openRound1();
    const first = reportCard(chats.tengchong);
    // 11-02 is a reminder day of round 1: the reminder is the unit's new report card.
    h.clock.set('2020-11-02T10:00:00+08:00');
    await openRound1();
    const reminder = h.fake.messagesIn(chats.tengchong).filter((m) => JSON.stringify(m.sent_content).includes('"a":"report.submit","plan":"' + seedSlug + '","round":"round-1"')).at(-1)!;
    expect(reminder.message_id).not.toBe(first.message_id);
    // An older period is overdue too: the message is a ping, on round 1's card (the period still due).
    expect(JSON.stringify(reminder.content)).toMatch(/【逾期提醒】腾冲市[\s\S]*【第1轮】腾冲市尚有 12 项未报送/);
    // The old card was updated in its window to say where the current one is, and has no form.
    const old = h.fake.message(first.message_id)!;
    expect(JSON.stringify(old.content)).toContain('此卡片已更新，请在最新的报送卡片（11月2日（周一）10:00 发出）中填写');
    expect(JSON.stringify(old.content)).not.toContain('report_form');
    // A rerun of the tick sends and updates nothing again.
    const count = h.fake.messages.length;
    const patches = h.fake.callsTo(/\/im\/v1\/messages\/[^/]+$/, 'PATCH').length;
    await openRound1();
    expect(h.fake.messages.length).toBe(count);
    expect(h.fake.callsTo(/\/im\/v1\/messages\/[^/]+$/, 'PATCH').length).toBe(patches);
    // A submission from the old card (day 11, still in its window) is kept; the current card shows it.
    const onOld = await submit(people.zhang, form(), first.message_id);
    expect(onOld.toast).toMatchObject({ type: 'success' });
    expect(onOld.toast?.content).toContain('最新的报送卡片');
    expect(JSON.stringify(h.fake.message(reminder.message_id)!.content)).toContain('第1版');
    // 填报 re-issues the current card in the chat; the reminder card now points to it.
    await say(chats.tengchong, people.zhang, [{ at: h.fake.bot }, ' 填报']);
    const round1 = () => h.fake.messagesIn(chats.tengchong).filter((m) => JSON.stringify(m.sent_content).includes('"a":"report.submit","plan":"' + seedSlug + '","round":"round-1"'));
    const fresh = round1().at(-1)!;
    expect(fresh.message_id).not.toBe(reminder.message_id);
    expect(JSON.stringify(fresh.content)).toContain('已报 1/12 项');
    expect(JSON.stringify(h.fake.message(reminder.message_id)!.content)).toContain('此卡片已更新');
    // 11-05 17:00: the first card is past 14 days, Feishu's client sends nothing; the current one works.
    h.clock.set('2020-11-05T17:00:00+08:00');
    expect(() => h.fake.inbound.cardAction({ operator: people.zhang, openMessageId: first.message_id, openChatId: chats.tengchong, value: { a: 'report.submit' } })).toThrow(CardExpiredError);
    expect((await submit(people.zhang, form({ task: '2' }), fresh.message_id)).toast).toMatchObject({ type: 'success' });
  });

  it('switching the task redraws the form for it, prefilled from the last report (沿用上次)', async () => {
    await openRound1();
    await submit(people.zhang, form({ task: '12', 'ind_entry-rate': '86' } as Record<string, string>));
    const card = reportCard(chats.tengchong).message_id;
    const res = await h.post(h.fake.inbound.cardAction({ operator: people.zhang, openMessageId: card, openChatId: chats.tengchong, value: { a: 'report.pick', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', v: 1 }, option: '12', tag: 'select_static' }));
    const body = (await res.json()) as { card: { data: unknown } };
    const json = JSON.stringify(body.card.data);
    expect(json).toContain('政务服务进驻率（%，目标 ≥90）');
    expect(json).toContain('"default_value":"86"');
    expect(json).toContain(JSON.stringify(form().narrative).slice(1, -1));
  });

  it('a text reply in the card’s thread is stored as a narrative update and acknowledged there', async () => {
    await openRound1();
    await submit(people.zhang, form());
    const card = reportCard(chats.tengchong);
    await say(chats.tengchong, people.li, '任务三 补充：县医院预约系统已上线试运行。', { rootId: card.message_id });
    const latest = await h.storage.database.client.execute(`SELECT version, narrative, source, percent FROM reports ORDER BY id DESC LIMIT 1`);
    expect({ ...latest.rows[0] }).toEqual({ version: 2, narrative: `${form().narrative}\n任务三 补充：县医院预约系统已上线试运行。`, source: 'thread', percent: 60 });
    const ack = h.fake.messages.at(-1)!;
    expect([ack.msg_type, (ack.content as { text: string }).text, ack.reply_in_thread]).toEqual(['text', '已记录为腾冲市任务三的进展补充（第2版）', true]);
  });

  it('a short thread reply ("收到") is asked about first: [否] drops it, [是] stores it once', async () => {
    await openRound1();
    await submit(people.zhang, form());
    const card = reportCard(chats.tengchong);
    const count = async () => Number((await h.storage.database.client.execute('SELECT count(*) AS n FROM reports')).rows[0]!.n);
    const before = await count();
    await say(chats.tengchong, people.li, '收到', { rootId: card.message_id });
    expect(await count()).toBe(before);
    const ask = h.fake.messages.at(-1)!;
    expect([ask.msg_type, ask.reply_in_thread]).toEqual(['interactive', true]);
    expect(JSON.stringify(ask.content)).toContain('是否将“收到”作为任务一 公共教育的报送内容？');
    const value = (keep: boolean) => ({ a: 'thread.confirm', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', task: '1', message: 'om_short', text: '收到', keep, v: 1 });
    const press = async (keep: boolean) => {
      const res = await h.post(h.fake.inbound.cardAction({ operator: people.li, openMessageId: ask.message_id, openChatId: chats.tengchong, value: value(keep) }));
      await h.duban.flush();
      return (await res.json()) as { toast?: { type: string; content: string } };
    };
    expect((await press(false)).toast).toEqual({ type: 'info', content: '未作为报送内容。' });
    expect(await count()).toBe(before);
    expect((await press(true)).toast?.content).toBe('已记录为腾冲市任务一的进展补充（第1版）');
    expect((await press(true)).toast?.content).toBe('已记录为腾冲市任务一的进展补充（第1版）');
    expect(await count()).toBe(before + 1);
    // A stranger's press is refused, and nothing is stored.
    const res = await h.post(h.fake.inbound.cardAction({ operator: people.stranger, openMessageId: ask.message_id, openChatId: chats.tengchong, value: value(true) }));
    expect(((await res.json()) as { toast?: { type: string } }).toast?.type).toBe('warning');
    expect(await count()).toBe(before + 1);
  });

  it('100 parallel submissions from 100 different units: all stored, none lost', async () => {
    const units = Array.from({ length: 100 }, (_, i) => ({ code: `town-${i}`, name: `测试镇${i}`, kind: 'county' as const, aliases: [], toConfirm: false, contacts: [{ openId: `ou_town${i}`, name: `联络员${i}`, role: 'contact' as const }], chats: [`oc_town${i}`] }));
    const { loadPlan } = await import('../../src/app/load-plan.js');
    const loaded = await loadPlan(
      h.storage,
      {
        directory: { units: [...units, { code: 'town-office', name: '镇办', kind: 'office', aliases: [], toConfirm: false, contacts: [], chats: [] }] },
        spec: {
          slug: 'towns', title: '百镇督办', issuer: '镇办', issuedOn: '2020-10-01', timezone: 'Asia/Shanghai', office: '镇办', leadingGroup: [], schedule: defaultScheduleSpec,
          tasks: [{ number: 1, title: '一项工作', body: '', lead: [], cooperating: [], responsible: ['各县(市、区)人民政府'], indicators: [], subtasks: [] }],
          rounds: [{ key: 'r1', name: '第1轮', reporter: 'responsible', recipient: 'office', opensAt: '2020-10-22T09:00:00+08:00', dueAt: '2020-11-05T18:00:00+08:00', recurrence: null, reminders: { daysBefore: [1], at: '09:00' }, rollover: false }],
        },
      },
      h.clock,
    );
    expect(loaded.ok).toBe(true);
    await openRound1();
    const answers = await Promise.all(
      units.map((u, i) => {
        const card = h.fake.messagesIn(`oc_town${i}`).find((m) => m.msg_type === 'interactive')!;
        return h.post(h.fake.inbound.cardAction({
          operator: { open_id: `ou_town${i}`, name: `联络员${i}` },
          openMessageId: card.message_id,
          openChatId: `oc_town${i}`,
          value: { a: 'report.submit', plan: 'towns', round: 'r1', period: '', unit: u.code, v: 1 },
          formValue: form({ task: '1', narrative: `${u.name}已完成部署` }),
        }));
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    const toasts = await Promise.all(answers.map(async (r) => ((await r.json()) as { toast: { content: string } }).toast.content));
    expect(new Set(toasts)).toEqual(new Set(['已提交：任务一（第1版）']));
    const stored = await h.storage.database.client.execute(`SELECT u.code, r.narrative FROM reports r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id`);
    expect(stored.rows).toHaveLength(100);
    expect(new Set(stored.rows.map((r) => r.code))).toEqual(new Set(units.map((u) => u.code)));
  });

  it('100 parallel submissions to one unit: each version numbered once', async () => {
    await openRound1();
    const card = reportCard(chats.tengchong).message_id;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        h.post(h.fake.inbound.cardAction({
          operator: i % 2 ? people.zhang : people.li,
          openMessageId: card,
          openChatId: chats.tengchong,
          value: { a: 'report.submit', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', v: 1 },
          formValue: form({ task: String((i % 12) + 1), narrative: `第${i}次报送` }),
        })),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(await count('reports')).toBe(100);
    const dupes = await h.storage.database.client.execute(`SELECT assignment_id, version, count(*) AS n FROM reports GROUP BY 1, 2 HAVING n > 1`);
    expect(dupes.rows).toEqual([]);
  });

  it('a Lark failure on send is retried and delivered once; a permanent one is recorded', async () => {
    h.fake.failNext({ path: '/im/v1/messages', status: 500, times: 1 });
    await say(chats.shidian, people.admin, [{ at: h.fake.bot }, ' 绑定 施甸县 ', { at: people.wang }]);
    await h.duban.flush(8000);
    expect(seen(chats.shidian, 'text')).toEqual(['本群已绑定为施甸县，联络员：王五']);

    // Delivered, but the answer is lost: the retry carries the same uuid, so Lark shows it once.
    h.fake.failNext({ path: '/im/v1/messages', status: 502, after: true });
    await say(chats.shidian, people.admin, [{ at: h.fake.bot }, ' 帮助']);
    await h.duban.flush(8000);
    expect(seen(chats.shidian).filter((x) => !x.includes('【报送】'))).toEqual(['本群已绑定为施甸县，联络员：王五', '[card] 督办机器人 · 可以这样问']);

    // The bot was removed from the chat: a permanent error, recorded, not retried.
    h.fake.setBotInChat(chats.shidian, false);
    await say(chats.shidian, people.admin, [{ at: h.fake.bot }, ' 帮助']);
    await h.duban.flush(3000);
    const failed = await h.storage.database.client.execute(`SELECT kind, status, attempts, last_error FROM outbox WHERE status = 'failed'`);
    expect(failed.rows.map((r) => [r.kind, r.attempts])).toEqual([['help', 1]]);
    expect(String(failed.rows[0]!.last_error)).toContain('230002');
  });
});

describe('the rest of the loop', () => {
  beforeEach(async () => {
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00', fake: { users: [...Object.values(people).map((p) => ({ ...p })), { open_id: 'ou_mobile00000000000000000000000000', name: '赵六', mobile: '+8613800000006' }, { open_id: 'ou_email000000000000000000000000000', name: '钱七', email: 'qian@example.gov.cn' }] } });
  });

  it('card callbacks arrive at /lark/cards too (the same handler)', async () => {
    await bindTengchong();
    const card = reportCard(chats.tengchong).message_id;
    const res = await h.post(
      h.fake.inbound.cardAction({ operator: people.zhang, openMessageId: card, openChatId: chats.tengchong, value: { a: 'report.submit', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', v: 1 }, formValue: form() }),
      undefined,
      '/lark/cards',
    );
    expect(((await res.json()) as { toast: { content: string } }).toast.content).toBe('已提交：任务三（第1版）');
  });

  it('directory contacts given by mobile or email are resolved to open_ids and may report', async () => {
    await h.storage.directory.upsertUnits(
      [{ code: 'longling', name: '龙陵县', kind: 'county', aliases: ['龙陵'], toConfirm: false, contacts: [{ mobile: '+8613800000006', role: 'contact' }, { email: 'qian@example.gov.cn', role: 'backup' }, { mobile: '+8613999999999', role: 'contact' }], chats: ['oc_longling000000000000000000000000'] }],
      h.clock.now(),
    );
    expect(await h.duban.resolveContacts()).toBe(2);
    const unit = (await h.storage.directory.units()).find((u) => u.code === 'longling')!;
    expect(unit.contacts.map((c) => [c.openId ?? null, c.role])).toEqual([
      ['ou_mobile00000000000000000000000000', 'contact'],
      ['ou_email000000000000000000000000000', 'backup'],
      [null, 'contact'],
    ]);
    expect(h.logs.map((l) => l.msg)).toContain('directory contacts not found in Lark by mobile or email');
    expect(await h.duban.resolveContacts()).toBe(0);
  });
});
