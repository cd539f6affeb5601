// The two-tier chain end to end, through signed events over HTTP and the fake Lark server:
// counties report, the lead department's chat gets one digest, returns or accepts, the unit
// revises, round 2 drafts the lead's report from its units' texts, and the office sees both.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chats, people, startHarness, type Harness } from '../support/harness.js';
import { seedSlug } from '../support/runtime.js';

let h: Harness;
const healthChat = 'oc_health000000000000000000000000000';
const ecologyChat = 'oc_ecology00000000000000000000000000';
const policeChat = 'oc_police000000000000000000000000000';
const lead = { open_id: 'ou_lead00000000000000000000000000', name: '赵卫健' };

beforeEach(async () => {
  h = await startHarness({ fake: { users: [...Object.values(people), lead].map((p) => ({ ...p })) } });
  const bind = (unitCode: string, chatId: string, contacts: { openId: string; name: string }[]) => h.storage.directory.bindChat({ unitCode, chatId, contacts, by: 'test', at: h.clock.now() });
  await bind('tengchong', chats.tengchong, [{ openId: people.zhang.open_id, name: '张三' }]);
  await bind('shidian', chats.shidian, [{ openId: people.li.open_id, name: '李四' }]);
  await bind('office', chats.office, []);
  await bind('health', healthChat, [{ openId: lead.open_id, name: lead.name }]);
  await bind('ecology', ecologyChat, []);
  await bind('police', policeChat, []);
  await h.duban.tick(h.clock.now());
  await h.duban.flush();
});
afterEach(() => h.close());

type Body = { toast?: { type: string; content: string }; card?: { data: unknown } };

async function click(operator: { open_id: string; name: string }, value: Record<string, unknown>, messageId: string, chatId: string, formValue: Record<string, string> = {}): Promise<Body> {
  const res = await h.post(h.fake.inbound.cardAction({ operator, openMessageId: messageId, openChatId: chatId, value: { ...value, v: 1 }, formValue, name: 'x' }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as Body;
  await h.duban.flush();
  return body;
}

const cardIn = (chatId: string, title: string) => h.fake.messagesIn(chatId).filter((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes(title)).at(-1)!;
const reportCard = (chatId: string) => cardIn(chatId, '【报送】');

async function submit(unit: string, chatId: string, operator: { open_id: string; name: string }, task: string, narrative: string, extra: Record<string, string> = {}): Promise<Body> {
  return click(operator, { a: 'report.submit', plan: seedSlug, round: 'round-1', period: '', unit }, reportCard(chatId).message_id, chatId, {
    task, progress: 'in_progress', percent: '60', narrative, problems: '经费不足', next_steps: '年底前完成', ...extra,
  });
}

async function ask(sender: { open_id: string; name: string }, text: string, chatId: string) {
  const before = h.fake.messages.length;
  const res = await h.post(h.fake.inbound.message({ chatId, chatType: 'group', sender, text: [{ at: h.fake.bot }, ` ${text}`] }));
  expect(res.status).toBe(200);
  await h.duban.flush();
  const answers = h.fake.messages.slice(before);
  expect(answers).toHaveLength(1);
  return JSON.stringify(answers[0]!.content);
}

/** Asks for an export in a chat and returns the bytes of the file the bot sent there. */
async function exported(sender: { open_id: string; name: string }, words: string, chatId: string): Promise<Buffer> {
  const before = h.fake.messages.length;
  const res = await h.post(h.fake.inbound.message({ chatId, chatType: 'group', sender, text: [{ at: h.fake.bot }, ` ${words}`] }));
  expect(res.status).toBe(200);
  await h.duban.flush();
  const message = h.fake.messages.slice(before).find((m) => m.msg_type === 'file');
  expect(message).toBeDefined();
  return h.fake.files.get((message!.content as { file_key: string }).file_key)!.bytes;
}

async function workbookOf(bytes: Buffer) {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** 腾冲 and 施甸 on task 3 (led by 市卫健委), 腾冲 on task 1 (led by another department). */
async function reportThree() {
  await submit('tengchong', chats.tengchong, people.zhang, '3', '腾冲：已推行分时段预约诊疗');
  await submit('shidian', chats.shidian, people.li, '3', '施甸：二级医院预约率达60%');
  await submit('tengchong', chats.tengchong, people.zhang, '1', '腾冲：教育均衡发展推进中');
}

const reportIdOf = async (unit: string, task: string) =>
  Number((await h.storage.database.client.execute({
    sql: `SELECT max(rp.id) AS id FROM reports rp JOIN assignments a ON a.id = rp.assignment_id JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id WHERE u.code = ? AND t.number = ?`,
    args: [unit, task],
  })).rows[0]!.id);

describe('the lead department’s digest', () => {
  it('a burst of submissions within a minute reaches the lead chat as one digest, with 采纳 and 退回 on each', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    for (let i = 0; i < 10; i++) await submit(i % 2 ? 'tengchong' : 'shidian', i % 2 ? chats.tengchong : chats.shidian, i % 2 ? people.zhang : people.li, '3', `第${i}次：预约诊疗推进`);
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const digests = h.fake.messagesIn(healthChat).filter((m) => JSON.stringify(m.content).includes('【报送汇总】'));
    expect(digests).toHaveLength(1);
    const json = JSON.stringify(digests[0]!.content);
    expect(json).toContain('腾冲市');
    expect(json).toContain('施甸县');
    expect(json).toContain('第9次：预约诊疗推进');
    expect(json).toContain('经费不足');
    expect(json.match(/"review\.accept"/g)).toHaveLength(2);
    expect(json.match(/"review\.return"/g)).toHaveLength(2);
    // Other lead departments get nothing of task three.
    expect(h.fake.messagesIn(ecologyChat).filter((m) => JSON.stringify(m.content).includes('【报送汇总】'))).toHaveLength(0);

    // A submission a few minutes later updates the same digest in place.
    h.clock.advance(5 * 60_000);
    await submit('tengchong', chats.tengchong, people.zhang, '1', '教育均衡发展推进中');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    expect(h.fake.messagesIn(healthChat).filter((m) => JSON.stringify(m.content).includes('【报送汇总】'))).toHaveLength(1);
  });

  it('task 6 goes to each of its sub-tasks’ leads, each getting one digest', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await submit('tengchong', chats.tengchong, people.zhang, '6', '噪声污染防治已开展');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    for (const chat of [ecologyChat, policeChat]) {
      const d = h.fake.messagesIn(chat).filter((m) => JSON.stringify(m.content).includes('【报送汇总】'));
      expect(d).toHaveLength(1);
      expect(JSON.stringify(d[0]!.content)).toContain('噪声污染防治已开展');
    }
  });
});

describe('review', () => {
  it('return with a reason → the unit’s revision card → it resubmits, marked 修改后重报 → the lead accepts', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await submit('tengchong', chats.tengchong, people.zhang, '3', '已推行分时段预约诊疗');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const digest = cardIn(healthChat, '【报送汇总】');
    const v1 = await reportIdOf('tengchong', '3');

    const opened = await click(lead, { a: 'review.return', plan: seedSlug, report: v1 }, digest.message_id, healthChat);
    expect(opened.toast).toEqual({ type: 'info', content: '请在下方填写退回理由后确认' });
    const form = cardIn(healthChat, '【退回】');
    const empty = await click(lead, { a: 'review.reason', plan: seedSlug, report: v1 }, form.message_id, healthChat, { reason: '  ' });
    expect(empty.toast).toEqual({ type: 'error', content: '请填写退回理由' });
    const returned = await click(lead, { a: 'review.reason', plan: seedSlug, report: v1 }, form.message_id, healthChat, { reason: '请补充预约率数据' });
    expect(returned.toast?.content).toBe('已退回腾冲市任务三 医疗服务，已通知其修改后重报');

    const revision = cardIn(chats.tengchong, '【退回修改】');
    const json = JSON.stringify(revision.content);
    expect(json).toContain('请补充预约率数据');
    expect(json).toContain('市卫生健康委 赵卫健');
    expect(json).toContain(`<at id=${people.zhang.open_id}></at>`);
    expect(json).toContain('已推行分时段预约诊疗'); // prefilled with the returned report
    const status = await h.duban.status(seedSlug, h.clock.now());
    expect(status.units.find((u) => u.code === 'tengchong')).toMatchObject({ returned: 1, accepted: 0 });

    h.clock.advance(3600_000);
    await click(people.zhang, { a: 'report.submit', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong' }, revision.message_id, chats.tengchong, {
      task: '3', progress: 'in_progress', percent: '70', narrative: '已推行分时段预约诊疗，预约率65%', problems: '', next_steps: '',
    });
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const redrawn = JSON.stringify(h.fake.messagesIn(healthChat).filter((m) => JSON.stringify(m.content).includes('【报送汇总】')).at(-1)!.content);
    expect(redrawn).toContain('修改后重报');
    expect(redrawn).toContain('预约率65%');

    const v2 = await reportIdOf('tengchong', '3');
    const latestDigest = h.fake.messagesIn(healthChat).filter((m) => JSON.stringify(m.content).includes('【报送汇总】')).at(-1)!;
    const accepted = await click(lead, { a: 'review.accept', plan: seedSlug, report: v2 }, latestDigest.message_id, healthChat);
    expect(accepted.toast).toEqual({ type: 'success', content: '已采纳：腾冲市任务三 医疗服务（第2版）' });
    expect(JSON.stringify(accepted.card?.data)).toContain('已采纳');
    const after = await h.duban.status(seedSlug, h.clock.now());
    expect(after.units.find((u) => u.code === 'tengchong')).toMatchObject({ returned: 0, accepted: 1 });
    const audit = await h.storage.database.client.execute(`SELECT action, actor FROM audit_log WHERE action LIKE 'report.%' ORDER BY id`);
    expect(audit.rows.map((r) => [r.action, r.actor])).toEqual([['report.return', lead.open_id], ['report.accept', lead.open_id]]);
  });

  it('someone who is not a lead of the task is refused with whom to ask, and nothing changes', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await submit('tengchong', chats.tengchong, people.zhang, '3', '已推行分时段预约诊疗');
    const id = await reportIdOf('tengchong', '3');
    for (const who of [people.zhang, people.stranger]) {
      const body = await click(who, { a: 'review.accept', plan: seedSlug, report: id }, 'om_x', healthChat);
      expect(body.toast).toEqual({ type: 'warning', content: '任务三 医疗服务由市卫生健康委审核，您无权采纳或退回。如需调整，请联系办公室。' });
    }
    expect((await h.storage.database.client.execute('SELECT count(*) AS n FROM reviews')).rows[0]!.n).toBe(0);
    // The office may review.
    const office = await click(people.admin, { a: 'review.accept', plan: seedSlug, report: id }, 'om_x', healthChat);
    expect(office.toast?.type).toBe('success');
  });
});

describe('round 2', () => {
  it('opens with a draft for each lead department made only of its units’ texts, and the office receives the lead’s report', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await submit('tengchong', chats.tengchong, people.zhang, '3', '腾冲：已推行分时段预约诊疗');
    await submit('shidian', chats.shidian, people.li, '3', '施甸：二级医院预约率达60%');
    h.clock.set('2020-11-06T09:00:00+08:00');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const card = reportCard(healthChat);
    const json = JSON.stringify(card.content);
    expect(json).toContain('【腾冲市（待审核）】腾冲：已推行分时段预约诊疗');
    expect(json).toContain('【施甸县（待审核）】施甸：二级医院预约率达60%');
    expect(json).toMatch(/未报送：[^"]*隆阳区/);
    expect(json).toContain('以上内容由各单位报送整理而成');

    const body = await click(lead, { a: 'report.submit', plan: seedSlug, round: 'round-2', period: '', unit: 'health' }, card.message_id, healthChat, {
      task: '3', progress: 'in_progress', percent: '70', narrative: '全市推进分时段预约诊疗', problems: '', next_steps: '',
    });
    expect(body.toast?.type).toBe('success');
    const notice = cardIn(chats.office, '【牵头部门报送】');
    expect(JSON.stringify(notice.content)).toContain('全市推进分时段预约诊疗');
    expect(JSON.stringify(notice.content)).toContain('市卫生健康委 · 任务三 医疗服务');
  });
});

describe('the office’s view of both levels', () => {
  it('任务三 shows the lead department’s report to the office, then each unit’s latest report with its review state, in full', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    const long = '腾冲：已推行分时段预约诊疗，二级以上医院预约率达65%，基层医疗机构预约服务覆盖面持续扩大，群众候诊时间明显缩短。';
    await submit('tengchong', chats.tengchong, people.zhang, '3', long);
    await submit('shidian', chats.shidian, people.li, '3', '施甸：二级医院预约率达60%');
    expect((await click(lead, { a: 'review.accept', plan: seedSlug, report: await reportIdOf('tengchong', '3') }, 'om_x', healthChat)).toast?.type).toBe('success');
    h.clock.set('2020-11-06T09:00:00+08:00');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const before = await ask(people.admin, '任务三', chats.office);
    expect(before).toContain('市卫生健康委尚未向办公室报送汇总报告。');
    await click(lead, { a: 'report.submit', plan: seedSlug, round: 'round-2', period: '', unit: 'health' }, reportCard(healthChat).message_id, healthChat, {
      task: '3', progress: 'in_progress', percent: '70', narrative: '全市推进分时段预约诊疗', problems: '', next_steps: '',
    });

    const json = await ask(people.admin, '任务三', chats.office);
    const leadAt = json.indexOf('牵头单位汇总报告');
    const unitsAt = json.indexOf('各责任单位报送情况');
    expect(leadAt).toBeGreaterThan(-1);
    expect(unitsAt).toBeGreaterThan(leadAt);
    expect(json.slice(leadAt, unitsAt)).toContain('**市卫生健康委** 已报送 70%');
    expect(json.slice(leadAt, unitsAt)).toContain('全市推进分时段预约诊疗');
    const units = json.slice(unitsAt);
    expect(units).toContain('**腾冲市** 已采纳 60%');
    // Every unit's words in full, not a snippet.
    expect(units).toContain(long);
    expect(units).toContain('**施甸县** 已报送 60%');
    expect(units).toContain('存在问题：经费不足');
  });
});

describe('催办 by a lead department', () => {
  it('on a unit of a task it leads is sent, about that task only; on another task it is refused and nothing is sent', async () => {
    h.clock.set('2020-11-09T10:00:00+08:00');
    const card = await ask(lead, '任务三', healthChat);
    expect(card).toContain('逾期单位（可催办）');
    expect(card).toContain('"a":"remind.unit"');
    const pings = () => h.fake.messagesIn(chats.tengchong).filter((m) => JSON.stringify(m.content).includes('【催办】'));
    const scheduled = pings().length;
    const mine = await click(lead, { a: 'remind.unit', plan: seedSlug, unit: 'tengchong', task: '3' }, 'om_answer', healthChat);
    expect(mine.toast).toEqual({ type: 'success', content: '已向腾冲市发送催办提醒' });
    // The card it was pressed on now says so, for everyone in the chat.
    expect(JSON.stringify(mine.card)).toMatch(/已催办 10:00/);
    expect(pings()).toHaveLength(scheduled + 1);
    // The 催办 is the unit's report card: its text on top names that task only, and the form is on it.
    const sent = pings().at(-1)!.content as { body: { elements: { content?: string }[] } };
    const ping = JSON.stringify(sent);
    expect(sent.body.elements[0]!.content).toContain('任务三');
    expect(sent.body.elements[0]!.content).not.toContain('任务一');
    // A person's 催办 says who and when; the scheduler's own ping is 【逾期提醒】.
    expect(ping).toContain('【催办】腾冲市');
    expect(ping).toContain('赵卫健于11月9日');
    expect(h.fake.messagesIn(chats.tengchong).some((m) => JSON.stringify(m.content).includes('【逾期提醒】'))).toBe(true);

    const shidianBefore = h.fake.messagesIn(chats.shidian).filter((m) => JSON.stringify(m.content).includes('【催办】')).length;
    const other = await click(lead, { a: 'remind.unit', plan: seedSlug, unit: 'shidian', task: '1' }, 'om_answer', healthChat);
    expect(other.toast?.type).toBe('warning');
    expect(other.toast?.content).toMatch(/^任务一 \S+的催办：仅牵头单位（.+）、领导小组成员和办公室可以催办。$/);
    const plain = await click(lead, { a: 'remind.unit', plan: seedSlug, unit: 'shidian' }, 'om_answer', healthChat);
    expect(plain.toast).toEqual({ type: 'warning', content: '仅领导小组成员和办公室可以催办。' });
    const shidianPings = () => h.fake.messagesIn(chats.shidian).filter((m) => JSON.stringify(m.content).includes('【催办】')).length;
    expect(shidianPings()).toBe(shidianBefore);
  });
});

describe('a lead department’s export', () => {
  it('导出 in its chat gives the tasks it leads with every unit’s text, and nothing of other tasks', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await reportThree();
    const workbook = await workbookOf(await exported(lead, '导出', healthChat));
    const rows = (sheet: string) => {
      const out: string[] = [];
      workbook.getWorksheet(sheet)?.eachRow((row) => out.push(JSON.stringify(row.values)));
      return out;
    };
    const detail = rows('明细').join('\n');
    expect(detail).toContain('腾冲：已推行分时段预约诊疗');
    expect(detail).toContain('施甸：二级医院预约率达60%');
    expect(detail).not.toContain('教育均衡');
    // One task, then 合计.
    const byTask = rows('按任务').slice(1);
    expect(byTask).toHaveLength(2);
    expect(byTask[0]).toContain('医疗服务');
    expect(byTask[1]).toContain('合计');
  });
});

describe('the review backlog', () => {
  it('the lead department is reminded once a working day of reports waiting more than a working day; the 日报 counts 待审核 and 已退回未重报', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await submit('tengchong', chats.tengchong, people.zhang, '3', '已推行分时段预约诊疗');
    await submit('shidian', chats.shidian, people.li, '3', '施甸：二级医院预约率达60%');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const shidian = await reportIdOf('shidian', '3');
    await click(lead, { a: 'review.return', plan: seedSlug, report: shidian }, cardIn(healthChat, '【报送汇总】').message_id, healthChat);
    await click(lead, { a: 'review.reason', plan: seedSlug, report: shidian }, cardIn(healthChat, '【退回】').message_id, healthChat, { reason: '请补充预约率数据' });

    const backlog = () => h.fake.messagesIn(healthChat).filter((m) => JSON.stringify(m.content).includes('【待审核】'));
    for (const [at, count] of [['2020-11-03T09:00:00+08:00', 0], ['2020-11-03T09:30:00+08:00', 0], ['2020-11-04T09:00:00+08:00', 1], ['2020-11-04T09:30:00+08:00', 1]] as const) {
      h.clock.set(at);
      await h.duban.tick(h.clock.now());
      await h.duban.flush();
      expect(backlog()).toHaveLength(count);
    }
    const json = JSON.stringify(backlog()[0]!.content);
    expect(json).toContain('【待审核】市卫生健康委牵头任务有报送超过1个工作日未审核');
    expect(json).toContain('任务三 医疗服务：1 条待审核');

    h.clock.set('2020-11-04T18:00:00+08:00');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const summary = h.fake.messagesIn(chats.office).filter((m) => JSON.stringify(m.content).includes('【日报】')).at(-1)!;
    expect(JSON.stringify(summary.content)).toContain('待审核 1 项（超过1个工作日）· 已退回未重报 1 项');
  });
});

describe('one meaning of 已采纳 and 已退回', () => {
  it('the status JSON, the task card, the stored daily summary and the export agree', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await reportThree();
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    await click(lead, { a: 'review.accept', plan: seedSlug, report: await reportIdOf('tengchong', '3') }, 'om_x', healthChat);
    const shidian = await reportIdOf('shidian', '3');
    await click(lead, { a: 'review.return', plan: seedSlug, report: shidian }, cardIn(healthChat, '【报送汇总】').message_id, healthChat);
    await click(lead, { a: 'review.reason', plan: seedSlug, report: shidian }, cardIn(healthChat, '【退回】').message_id, healthChat, { reason: '请补充预约率数据' });

    h.clock.set('2020-11-02T18:00:00+08:00');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    const status = await h.duban.status(seedSlug, h.clock.now());
    const three = status.tasks.find((t) => t.number === 3)!;
    expect([three.accepted, three.returned, status.totals.accepted, status.totals.returned]).toEqual([1, 1, 1, 1]);

    expect(await ask(people.admin, '任务三', chats.office)).toContain('已采纳 1 · 已退回 1');

    const stored = await h.storage.database.client.execute({ sql: `SELECT accepted FROM daily_summaries WHERE date = '2020-11-02' AND scope = 'task' AND scope_key = '3'`, args: [] });
    expect(Number(stored.rows[0]!.accepted)).toBe(1);

    const workbook = await workbookOf(await exported(people.admin, '导出', chats.office));
    const sheet = workbook.getWorksheet('按任务')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => String(r.getCell(1).value) === '任务三')!;
    expect([Number(row.getCell(header.indexOf('已采纳')).value), Number(row.getCell(header.indexOf('已退回')).value)]).toEqual([1, 1]);
  });
});

describe('a card’s context is its own', () => {
  it('a forged report.pick on another unit’s card, or for a task the unit does not owe, changes nothing', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    const theirs = reportCard(chats.shidian).message_id;
    const forged = await click(people.zhang, { a: 'report.pick', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', task: '5' }, theirs, chats.shidian);
    expect(forged.toast?.type).toBe('warning');
    expect(forged.card).toBeUndefined();
    expect((await h.storage.cards.byMessage(theirs))?.selectedTask).toBe('1');
    const mine = reportCard(chats.tengchong).message_id;
    const noSuchTask = await click(people.zhang, { a: 'report.pick', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', task: '99' }, mine, chats.tengchong);
    expect(noSuchTask.toast?.type).toBe('warning');
    const fine = await click(people.zhang, { a: 'report.pick', plan: seedSlug, round: 'round-1', period: '', unit: 'tengchong', task: '5' }, mine, chats.tengchong);
    expect(fine.card).toBeDefined();
    expect((await h.storage.cards.byMessage(mine))?.selectedTask).toBe('5');
  });
});

describe('the office’s outputs of both levels', () => {
  it('the xlsx has 牵头部门汇总 and the Word draft is by task: the lead department’s report first, then its units’ with their review state', async () => {
    h.clock.set('2020-11-02T10:00:00+08:00');
    await submit('tengchong', chats.tengchong, people.zhang, '3', '腾冲：已推行分时段预约诊疗');
    await submit('shidian', chats.shidian, people.li, '3', '施甸：二级医院预约率达60%');
    await click(lead, { a: 'review.accept', plan: seedSlug, report: await reportIdOf('tengchong', '3') }, 'om_x', healthChat);
    h.clock.set('2020-11-06T09:00:00+08:00');
    await h.duban.tick(h.clock.now());
    await h.duban.flush();
    await click(lead, { a: 'report.submit', plan: seedSlug, round: 'round-2', period: '', unit: 'health' }, reportCard(healthChat).message_id, healthChat, {
      task: '3', progress: 'in_progress', percent: '70', narrative: '全市推进分时段预约诊疗', problems: '', next_steps: '',
    });
    const workbook = await workbookOf(await exported(people.admin, '导出', chats.office));
    const rows: string[][] = [];
    workbook.getWorksheet('牵头部门汇总')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    const three = rows.filter((r) => r[0] === '任务三 医疗服务');
    expect(three[0]!.slice(1, 4)).toEqual(['牵头单位汇总报告', '市卫生健康委', '已报送']);
    expect(three[0]).toContain('全市推进分时段预约诊疗');
    const unit = (name: string) => three.find((r) => r[2] === name)!;
    expect(unit('腾冲市').slice(1, 4)).toEqual(['责任单位报送', '腾冲市', '已采纳']);
    expect(unit('施甸县')[3]).toBe('待审核');
    expect(unit('隆阳区')[3]).toBe('未报送');

    const mammoth = (await import('mammoth')).default;
    const { value: text } = await mammoth.extractRawText({ buffer: await exported(people.admin, '导出word', chats.office) });
    const part = text.slice(text.indexOf('三、医疗服务'), text.indexOf('四、'));
    const leadAt = part.indexOf('牵头单位汇总报告（市卫生健康委）');
    const unitsAt = part.indexOf('各责任单位报送情况');
    expect(leadAt).toBeGreaterThan(-1);
    expect(unitsAt).toBeGreaterThan(leadAt);
    expect(part.slice(leadAt, unitsAt)).toContain('全市推进分时段预约诊疗');
    expect(part.slice(unitsAt)).toMatch(/腾冲市[\s\S]*已采纳[\s\S]*腾冲：已推行分时段预约诊疗/);
    expect(part.slice(unitsAt)).toMatch(/施甸县[\s\S]*待审核/);
    // The lead round is not a document of its own any more.
    expect(text).not.toContain('第2轮 牵头部门报领导小组办公室');
  });
});

