// Importing a notice in chat, end to end through signed events over HTTP and the fake Lark
// server: an admin sends a Word file (built with the docx package) → the preview card → [载入]
// → the plan is listed; the same title asks first; [下载YAML] sends a plan file that loads; a
// non-admin's file is refused and a .pdf gets a clear reply, with nothing stored.
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/card-schema.js';
import type { JsonValue } from '../../cards/types.js';
import { loadPlan } from '../../src/app/load-plan.js';
import { planSpec } from '../../src/core/plan-spec.js';
import { chats, people, startHarness, type Harness } from '../support/harness.js';
import { seedSlug } from '../support/runtime.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.storage.directory.bindChat({ unitCode: 'office', chatId: chats.office, contacts: [], by: 'test', at: h.clock.now() });
  await h.storage.directory.bindChat({ unitCode: 'tengchong', chatId: chats.tengchong, contacts: [{ openId: people.zhang.open_id, name: '张三' }], by: 'test', at: h.clock.now() });
});
afterEach(() => h.close());

const notice = (lead2: string) => `关于印发保山市全民健身设施补短板工作方案的通知
各县（市、区）人民政府，市直有关部门：
现将《保山市全民健身设施补短板工作方案》印发给你们，请认真贯彻落实。
保山市人民政府办公室
2021年3月1日
保山市全民健身设施补短板工作方案
一、重点任务
（一）建设社区健身中心。各县（市、区）新建社区健身中心1个，2021年6月底前完成。（牵头单位：市教育体育局；配合单位：市住房城乡建设局）
（二）开展全民健身赛事活动。（市教育体育局、${lead2}负责）
（三）完善城市健身步道。（牵头单位：市住房城乡建设局；责任单位：隆阳区、腾冲市）
`;
const title = '保山市全民健身设施补短板工作方案';

const toDocx = (text: string) =>
  Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').filter(Boolean).map((l) => new Paragraph({ children: [new TextRun(l)] })) }] }));

type Body = { toast?: { type: string; content: string }; card?: { data: unknown } };

/** A file sent to the bot; resolves with what the bot sent back. */
async function sendFile(sender: { open_id: string; name: string }, fileName: string, bytes: Uint8Array, chatId = h.fake.p2pChatId(sender.open_id), chatType: 'p2p' | 'group' = 'p2p') {
  const before = h.fake.messages.length;
  const res = await h.post(h.fake.inbound.file({ chatId, chatType, sender, fileName, bytes }));
  expect(res.status).toBe(200);
  await h.duban.flush();
  return h.fake.messages.slice(before);
}

/** The callback value of a button of the card, by action name. */
type Value = { [key: string]: JsonValue };
function valueOf(card: unknown, a: string): Value {
  const found: Value[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const value = (node as { value?: { a?: unknown } }).value;
      if (value?.a === a) found.push(value as Value);
      Object.values(node).forEach(visit);
    }
  };
  visit(card);
  expect(found).toHaveLength(1);
  return found[0]!;
}

async function click(operator: { open_id: string; name: string }, value: Value, messageId: string, chatId: string): Promise<Body> {
  const res = await h.post(h.fake.inbound.cardAction({ operator, openMessageId: messageId, openChatId: chatId, value, name: 'x' }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as Body;
  await h.duban.flush();
  return body;
}

const text = (m: { content: unknown }) => (m.content as { text?: string }).text ?? '';

describe('importing a notice in chat', () => {
  it('a .docx from an admin → the preview → [载入] → the plan is listed', async () => {
    const [preview, ...rest] = await sendFile(people.admin, '全民健身方案.docx', await toDocx(notice('市卫生健康委')));
    expect(rest).toEqual([]);
    expect(preview!.msg_type).toBe('interactive');
    expect(checkCard(preview!.content)).toEqual([]);
    const json = JSON.stringify(preview!.content);
    expect(json).toContain('【通知导入】预览');
    expect(json).toContain(`《${title}》`);
    expect(json).toContain('保山市人民政府办公室');
    expect(json).toContain('共 **3** 项任务');
    expect(json).toContain('1. 建设社区健身中心 — 牵头：市教育体育局；配合：市住房城乡建设局');
    expect(json).toContain('3. 完善城市健身步道 — 牵头：市住房城乡建设局；责任：隆阳区、腾冲市');
    expect(json).toContain('任务1：2021-06-30');
    expect(json).toContain('暂以列第一位的“市教育体育局”为牵头单位');
    expect(json).not.toContain('名录中没有的单位');
    // Nothing is loaded before the click.
    expect((await h.storage.plans.listPlans()).map((p) => p.title)).not.toContain(title);

    const chatId = h.fake.p2pChatId(people.admin.open_id);
    const body = await click(people.admin, valueOf(preview!.content, 'import.load'), preview!.message_id, chatId);
    expect(body.toast).toEqual({ type: 'success', content: '计划已载入' });
    expect(JSON.stringify(body.card?.data)).toContain('【通知导入】已载入');
    expect(checkCard(body.card?.data)).toEqual([]);
    const plans = await h.storage.plans.listPlans();
    expect(plans).toContainEqual({ slug: 'plan-2021-03-01', title, tasks: 3 });
  });

  it('unknown units are listed with the closest names, and [载入] refuses them with nothing stored', async () => {
    const [preview] = await sendFile(people.admin, '全民健身方案.txt', new TextEncoder().encode(notice('市卫健局')));
    const json = JSON.stringify(preview!.content);
    expect(json).toContain('名录中没有的单位');
    expect(json).toContain('市卫健局 → 最接近：市卫健委、市卫生健康委');
    const chatId = h.fake.p2pChatId(people.admin.open_id);
    const before = h.fake.messages.length;
    const body = await click(people.admin, valueOf(preview!.content, 'import.load'), preview!.message_id, chatId);
    expect(body.toast?.type).toBe('error');
    expect(text(h.fake.messages.slice(before)[0]!)).toContain('以下单位不在单位名录中：市卫健局');
    expect((await h.storage.plans.listPlans()).map((p) => p.title)).not.toContain(title);
  });

  it('in the office chat; a plan of the same title asks first, then [确认载入] updates that plan', async () => {
    const seed = readFileSync('db/seeds/baoshan-2020-public-service-quality.txt');
    const [preview] = await sendFile(people.admin, 'baoshan.txt', seed, chats.office, 'group');
    expect(JSON.stringify(preview!.content)).toContain('共 **12** 项任务');
    const first = await click(people.admin, valueOf(preview!.content, 'import.load'), preview!.message_id, chats.office);
    expect(first.toast?.type).toBe('warning');
    const confirm = first.card?.data;
    expect(JSON.stringify(confirm)).toContain('已有同名计划《保山市公共服务质量改进提升行动方案》');
    expect(checkCard(confirm)).toEqual([]);
    expect(await h.storage.plans.listPlans()).toHaveLength(1);
    // A non-admin's click is a toast, and loads nothing.
    const stranger = await click(people.zhang, valueOf(confirm, 'import.confirm'), preview!.message_id, chats.office);
    expect(stranger.toast).toEqual({ type: 'warning', content: '仅办公室管理员可以载入或下载导入的计划。' });
    const done = await click(people.admin, valueOf(confirm, 'import.confirm'), preview!.message_id, chats.office);
    expect(done.toast?.type).toBe('success');
    const plans = await h.storage.plans.listPlans();
    expect(plans).toEqual([{ slug: seedSlug, title: '保山市公共服务质量改进提升行动方案', tasks: 12 }]);
  });

  it('[下载YAML] sends the plan file to the chat, and its text loads', async () => {
    const [preview] = await sendFile(people.admin, '全民健身方案.docx', await toDocx(notice('市卫生健康委')));
    const chatId = h.fake.p2pChatId(people.admin.open_id);
    const before = h.fake.messages.length;
    const body = await click(people.admin, valueOf(preview!.content, 'import.yaml'), preview!.message_id, chatId);
    expect(body.toast?.type).toBe('info');
    const [file] = h.fake.messages.slice(before);
    expect(file!.msg_type).toBe('file');
    const stored = h.fake.files.get((file!.content as { file_key: string }).file_key)!;
    expect(stored.file_name).toBe('plan-2021-03-01.yaml');
    const yaml = stored.bytes.toString('utf8');
    expect(yaml).toContain('# TODO');
    const result = await loadPlan(h.storage, { spec: planSpec.parse(parse(yaml)) }, h.clock);
    expect(result.ok).toBe(true);
    expect((await h.storage.plans.listPlans()).map((p) => p.title)).toContain(title);
  });

  it('a non-admin is told whom to ask; a .pdf gets a clear reply; files in other groups are not answered — nothing is stored', async () => {
    await h.storage.directory.bindChat({ unitCode: 'office', chatId: chats.office, contacts: [{ openId: people.admin.open_id, name: '吴云龙' }], by: 'test', at: h.clock.now() });
    const docx = await toDocx(notice('市卫生健康委'));
    const [refusal] = await sendFile(people.zhang, '方案.docx', docx);
    expect(refusal!.msg_type).toBe('text');
    expect(text(refusal!)).toContain('请把通知文件发给办公室（吴云龙）');
    const [pdf] = await sendFile(people.admin, '方案.pdf', new TextEncoder().encode('%PDF-1.4'));
    expect(text(pdf!)).toContain('只能导入 Word（.docx）或纯文本（.txt）格式的通知');
    expect(await sendFile(people.zhang, '方案.docx', docx, chats.tengchong, 'group')).toEqual([]);
    expect(await sendFile(people.admin, '照片.pdf', docx, chats.office, 'group')).toEqual([]);
    expect(h.fake.callsTo(/\/resources\//)).toEqual([]);
    expect(await h.storage.plans.listPlans()).toHaveLength(1);
  });
});
