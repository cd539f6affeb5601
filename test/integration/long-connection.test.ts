// LARK_MODE=ws: the same events and card callbacks through the SDK's WSClient, feeding the
// same handlers as the webhook.
import { afterEach, describe, expect, it } from 'vitest';
import { startLongConnection, type LongConnection } from '../../src/entry/ws.js';
import { chats, people, startHarness, type Harness } from '../support/harness.js';
import { seedSlug } from '../support/runtime.js';

let h: Harness;
let conn: LongConnection | undefined;
afterEach(async () => {
  conn?.close();
  await h?.close();
});

describe('the long connection', () => {
  it('binds a chat and takes a card submission like the webhook does', async () => {
    h = await startHarness({ at: '2020-10-22T09:00:00+08:00' });
    conn = await startLongConnection(h.opened);
    await h.fake.ws.waitForConnection();

    const bind = h.fake.inbound.message({ chatId: chats.tengchong, sender: people.admin, text: [{ at: h.fake.bot }, ' 绑定 腾冲市 ', { at: people.zhang }] });
    expect((await h.fake.ws.push(bind, { fragments: 2 })).code).toBe(200);
    await h.duban.flush();
    expect((h.fake.messagesIn(chats.tengchong)[0]!.content as { text: string }).text).toBe('本群已绑定为腾冲市，联络员：张三');

    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const card = h.fake.messagesIn(chats.tengchong).find((m) => JSON.stringify(m.content).includes('（第1轮）'))!;
    const click = h.fake.inbound.cardAction({
      operator: people.zhang,
      openMessageId: card.message_id,
      openChatId: chats.tengchong,
      value: { a: 'report.submit', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', v: 1 },
      formValue: { task: '1', progress: 'done', percent: '100', narrative: '招生入学制度已完善。', problems: '', next_steps: '' },
    });
    const ack = await h.fake.ws.push(click);
    expect(ack).toMatchObject({ code: 200, result: { toast: { type: 'success', content: '已提交：任务一（第1版）' }, card: { type: 'raw' } } });
    const rows = await h.storage.database.client.execute('SELECT narrative FROM reports');
    expect(rows.rows.map((r) => r.narrative)).toEqual(['招生入学制度已完善。']);

    // Delivered twice over the connection, stored once.
    await h.fake.ws.push(click);
    expect(Number((await h.storage.database.client.execute('SELECT count(*) AS n FROM reports')).rows[0]!.n)).toBe(1);
  });
});
