// Leaders' questions in chat, end to end: the message over HTTP, the answer card Lark receives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/card-schema.js';
import { chats, people, startHarness, type Harness } from '../support/harness.js';
import { seedSlug } from '../support/runtime.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

beforeEach(async () => {
  h = await startHarness({ at: '2020-11-06T10:00:00+08:00' });
  await h.storage.directory.bindChat({ unitCode: 'office', chatId: chats.office, contacts: [], by: 'test', at: h.clock.now() });
  await h.storage.directory.bindChat({ unitCode: 'tengchong', chatId: chats.tengchong, contacts: [{ openId: people.zhang.open_id, name: '张三' }], by: 'test', at: h.clock.now() });
  await h.storage.directory.bindChat({ unitCode: 'health', chatId: chats.shidian, contacts: [{ openId: people.wang.open_id, name: '王五' }], by: 'test', at: h.clock.now() });
});

type Card = { header: { title: { content: string }; template: string }; body: { elements: unknown[] } };

async function ask(sender: (typeof people)[keyof typeof people], text: string, chatId: string = chats.office, chatType: 'group' | 'p2p' = 'group', messages = 1) {
  const before = h.fake.messages.length;
  const res = await h.post(h.fake.inbound.message({ chatId, chatType, sender, text: chatType === 'group' ? [{ at: h.fake.bot }, ` ${text}`] : text }));
  expect(res.status).toBe(200);
  await h.duban.flush();
  const answers = h.fake.messages.slice(before);
  expect(answers).toHaveLength(messages);
  const m = answers[0]!;
  return { message: m, card: m.content as Card, json: JSON.stringify(m.content), rest: answers.slice(1) };
}

describe('questions in chat', () => {
  it('进度: the overview card with charts, for a leader or the office', async () => {
    const { card, json, message } = await ask(people.admin, '进度');
    expect(message.parent_id).toBeTruthy();
    expect(checkCard(card)).toEqual([]);
    expect(card.header.template).toBe('red');
    expect(json).toContain('"tag":"chart"');
    expect(json).toMatch(/应报 \d+ · 已报 0 · 逾期 \d+/);
    expect(json).toContain('query.overdue');
  });

  it('任务三 / 第3项 / 3号任务 all answer with task 3: its lead unit and each county’s status', async () => {
    for (const q of ['任务三', '第3项', '3号任务', '任务3']) {
      const { card, json } = await ask(people.admin, q);
      expect(checkCard(card)).toEqual([]);
      expect(card.header.title.content).toContain('任务三');
      expect(json).toContain('市卫生健康委');
      expect(json).toContain('腾冲市');
    }
  });

  it('腾冲 answers with the unit card; 谁没报 lists units with a 催办 button each', async () => {
    const unit = await ask(people.admin, '腾冲');
    expect(unit.card.header.title.content).toContain('腾冲市');
    const overdue = await ask(people.admin, '谁没报');
    expect(checkCard(overdue.card)).toEqual([]);
    expect(overdue.json).toContain('remind.unit');
    expect(overdue.json).toContain('施甸县');
  });

  it('[导出] answers at once with a toast, then sends the file and its caption; the event is processed once the file is out', async () => {
    const before = h.fake.messages.length;
    const event = h.fake.inbound.cardAction({ operator: people.admin, openMessageId: 'om_answer', openChatId: chats.office, value: { a: 'query.export', plan: seedSlug, format: 'xlsx', v: 1 } });
    const res = await h.post(event);
    expect(((await res.json()) as { toast?: unknown }).toast).toEqual({ type: 'info', content: '正在生成，稍后发送到本群' });
    await h.duban.flush();
    const sent = h.fake.messages.slice(before);
    expect(sent.map((m) => m.msg_type)).toEqual(['file', 'text']);
    expect(JSON.stringify(sent[1]!.content)).toContain('数据截至');
    const stored = await h.storage.database.client.execute(`SELECT status FROM inbound_events WHERE event_type = 'card.action' ORDER BY id DESC LIMIT 1`);
    expect(stored.rows[0]!.status).toBe('processed');
  });

  it('a refusal on an answer card’s button is a toast to who pressed, never a card in the group', async () => {
    const before = h.fake.messages.length;
    const values: Record<string, string | number>[] = [{ a: 'query.overdue', plan: seedSlug, v: 1 }, { a: 'query.export', plan: seedSlug, format: 'xlsx', v: 1 }];
    for (const value of values) {
      const res = await h.post(h.fake.inbound.cardAction({ operator: people.stranger, openMessageId: 'om_answer', openChatId: chats.office, value }));
      const body = (await res.json()) as { toast?: { type: string; content: string } };
      expect(body.toast?.type).toBe('warning');
    }
    await h.duban.flush();
    expect(h.fake.messages.length).toBe(before);
  });

  it('催办 sends the unit an immediate reminder, at most once an hour, and only for leaders and the office', async () => {
    const click = (operator: (typeof people)[keyof typeof people]) =>
      h.post(h.fake.inbound.cardAction({ operator, openMessageId: 'om_answer', openChatId: chats.office, value: { a: 'remind.unit', plan: seedSlug, unit: 'tengchong', v: 1 } })).then(async (r) => {
        const body = (await r.json()) as { toast: { type: string; content: string } };
        await h.duban.flush();
        return body.toast;
      });
    expect(await click(people.admin)).toEqual({ type: 'success', content: '已向腾冲市发送催办提醒' });
    const ping = h.fake.messagesIn(chats.tengchong).at(-1)!;
    expect(ping.mentions).toEqual([people.zhang.open_id]);
    expect(JSON.stringify(ping.content)).toContain('【催办】腾冲市');
    h.clock.advance(30 * 60_000);
    expect(await click(people.admin)).toEqual({ type: 'info', content: '腾冲市已于10:00催办，1小时内不再重复催办' });
    expect(await click(people.zhang)).toEqual({ type: 'warning', content: '仅领导小组成员和办公室可以催办。' });
    h.clock.advance(31 * 60_000);
    expect((await click(people.admin)).type).toBe('success');
    // The first 催办 card was replaced by the second (updated to point to it): count what was sent.
    expect(h.fake.messagesIn(chats.tengchong).filter((m) => JSON.stringify(m.sent_content).includes('【催办】'))).toHaveLength(2);
  });

  it('who may see what: a county sees its own unit, a lead department its task, a stranger nothing', async () => {
    const scoped = await ask(people.zhang, '进度', chats.tengchong);
    expect(scoped.card.header.title.content).toContain('腾冲市');
    expect(scoped.json).toContain('总体情况仅向领导小组成员和办公室提供');
    const notMine = await ask(people.zhang, '施甸县', chats.tengchong);
    expect(notMine.json).toContain('您不是施甸县的联络员');
    const lead = await ask(people.wang, '任务三', chats.shidian);
    expect(lead.json).toContain('施甸县');
    const stranger = await ask(people.stranger, '进度', chats.tengchong);
    expect(stranger.json).toContain('暂不能查询');
    const exportRefused = await ask(people.zhang, '导出', chats.tengchong);
    expect(exportRefused.json).toContain('导出仅限领导小组成员、办公室和牵头单位');
  });

  it('帮助 is per role: a county contact is not shown the leaders’ commands', async () => {
    const county = await ask(people.zhang, '帮助', chats.tengchong);
    expect(county.json).toContain('请假 至11月10日');
    expect(county.json).not.toContain('谁没报');
    expect((await ask(people.admin, '帮助')).json).toContain('谁没报');
  });

  it('日报 answers with the day’s summary card; anything not understood with the help card', async () => {
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const summary = await ask(people.admin, '日报');
    expect(summary.card.header.title.content).toMatch(/^【日报】11月6日（周五）/);
    const help = await ask(people.admin, '今天天气怎么样');
    expect(help.card.header.title.content).toBe('督办机器人 · 可以这样问');
    expect(checkCard(help.card)).toEqual([]);
  });

  it('导出 sends the 台账 as an .xlsx file message in the asking chat; 导出csv a CSV', async () => {
    const { message, rest } = await ask(people.admin, '导出', chats.office, 'group', 2);
    expect(message.msg_type).toBe('file');
    // Then what it is: the plan, the scope and the time its data stops.
    expect(rest[0]!.content).toEqual({ text: '《保山市公共服务质量改进提升行动方案》台账（全部任务），数据截至 11月6日（周五）10:00。' });
    const fileKey = (message.content as { file_key: string }).file_key;
    const file = h.fake.files.get(fileKey)!;
    expect(file.file_name).toMatch(/^保山市公共服务质量改进提升行动方案-台账-20201106\.xlsx$/);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['汇总', '按任务', '按单位', '牵头部门汇总', '明细', '指标']);
    const csv = await ask(people.admin, '导出csv', chats.office, 'group', 2);
    const csvFile = h.fake.files.get((csv.message.content as { file_key: string }).file_key)!;
    expect([...csvFile.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('导出11月 keeps only what was reported in November', async () => {
    const facts = await h.storage.assignments.facts(seedSlug, { unitCode: 'tengchong' });
    const fact = (round: string, period: string, task: string) => facts.find((f) => f.roundKey === round && f.period === period && f.taskNumber === task)!;
    const save = (id: number, narrative: string, at: string) =>
      h.storage.reports.save({ assignmentId: id, progress: 'in_progress', percent: 50, narrative, problems: '', nextSteps: '', indicatorValues: {}, submittedBy: people.zhang.open_id, submittedByName: '张三', submittedAt: new Date(at), source: 'cli', contentHash: narrative }, new Date(at));
    await save(fact('task4-monthly', '2020-10', '4').id, '十月的数据库更新', '2020-10-30T10:00:00+08:00');
    await save(fact('round-1', '', '3').id, '十一月的预约诊疗', '2020-11-02T10:00:00+08:00');
    const { message } = await ask(people.admin, '导出11月', chats.office, 'group', 2);
    const file = h.fake.files.get((message.content as { file_key: string }).file_key)!;
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.getWorksheet('明细')!.eachRow((row) => texts.push(JSON.stringify(row.values)));
    expect(texts.some((t) => t.includes('十一月的预约诊疗'))).toBe(true);
    expect(texts.some((t) => t.includes('十月的数据库更新'))).toBe(false);
  });

  it('a leader registered with 绑定 领导 sees everything and may press 催办', async () => {
    const duan = { open_id: 'ou_duan0000000000000000000000000000', name: '段兆锦' } as const;
    const before = await ask(duan as never, '进度');
    expect(before.json).toContain('暂不能查询');
    const bind = await ask(people.admin, '绑定 领导 ', chats.office);
    expect((bind.message.content as { text: string }).text).toBe('请@领导小组成员，例如：@机器人 绑定 领导 @段兆锦 @吴云龙');
    const res = await h.post(h.fake.inbound.message({ chatId: chats.office, sender: people.admin, text: [{ at: h.fake.bot }, ' 绑定 领导 ', { at: duan }, ' ', { at: people.stranger }] }));
    expect(res.status).toBe(200);
    await h.duban.flush();
    expect((h.fake.messages.at(-1)!.content as { text: string }).text).toBe('已登记领导小组成员：段兆锦，可查询全部进度并催办。未在领导小组名单中找到：路人（请核对方案中的姓名）。');
    const after = await ask(duan as never, '进度');
    expect(after.card.header.title.content).toContain('进度');
    expect(after.json).not.toContain('总体情况仅向');
    const overdue = await ask(duan as never, '谁没报');
    expect(overdue.json).toContain('remind.unit');
  });

  it('1:1 without an @mention works too', async () => {
    const { card } = await ask(people.admin, '进度', 'oc_p2p_admin', 'p2p');
    expect(card.header.title.content).toContain('进度');
  });
});
