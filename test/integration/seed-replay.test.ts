// The seed plan replayed day by day, from round 1 opening to after round 2's deadline,
// through real ticks, the real SDK and the fake Lark server. Every message any chat
// receives is one line of test/golden/seed-replay.txt: date, chat, kind, who is mentioned.
// UPDATE_GOLDEN=1 npx vitest run test/integration/seed-replay.test.ts rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate, zonedParts } from '../../src/core/time.js';
import { startHarness, type Harness } from '../support/harness.js';
import { seedSlug } from '../support/runtime.js';

const goldenFile = new URL('../golden/seed-replay.txt', import.meta.url);
const tz = 'Asia/Shanghai';

// Every unit's chat, with one contact (two for 隆阳区: one goes on leave) and a backup for 施甸县.
const units: [code: string, contacts: [openId: string, name: string, role?: 'backup'][]][] = [
  ['longyang', [['ou_ly1', '杨一'], ['ou_ly2', '杨二']]],
  ['shidian', [['ou_sd1', '史一'], ['ou_sd9', '史备', 'backup']]],
  ['tengchong', [['ou_tc1', '滕一']]],
  ['longling', [['ou_ll1', '龙一']]],
  ['changning', [['ou_cn1', '常一']]],
  ['park-gongmao', [['ou_gm1', '贡一']]],
  ['park-bianhe', [['ou_bh1', '边一']]],
  ['bus', [['ou_bus1', '巴一']]],
  ['edu', [['ou_edu1', '教一']]],
  ['hrss', [['ou_hr1', '人一']]],
  ['health', [['ou_he1', '卫一']]],
  ['civil', [['ou_ci1', '民一']]],
  ['housing', [['ou_ho1', '住一']]],
  ['ecology', [['ou_ec1', '环一']]],
  ['transport', [['ou_tr1', '交一']]],
  ['police', [['ou_po1', '公一']]],
  ['culture', [['ou_cu1', '文一']]],
  ['govservice', [['ou_gs1', '政一']]],
  ['office', [['ou_of1', '办一']]],
];
const chatOf = (code: string) => `oc_${code}`;
const nameOf = new Map(units.flatMap(([, contacts]) => contacts.map(([id, name]) => [id, name] as const)));

let h: Harness;
const lines: string[] = [];

function kindOf(m: { msg_type: string; content: unknown }): string {
  if (m.msg_type !== 'interactive') return m.msg_type;
  const title = (m.content as { header?: { title?: { content?: string } } }).header?.title?.content ?? '';
  if (title.startsWith('【报送】')) return `report-card ${title.replace(/^.*（(.*)）$/, '$1')}`;
  if (title.startsWith('【提醒】')) return 'reminder';
  if (title.startsWith('【逾期提醒】')) return 'overdue-ping';
  if (title.startsWith('【催办】')) return 'remind';
  if (title.startsWith('【报送汇总】')) return 'lead-digest';
  if (title.startsWith('【待审核】')) return 'review-backlog';
  if (title.includes('牵头任务')) return 'lead-escalation';
  if (title.startsWith('【逾期】')) return 'office-escalation';
  if (title.startsWith('【日报】')) return 'daily-summary';
  return `card ${title}`;
}

async function report(unit: string, openId: string, tasks: number[], round = 'round-1') {
  // The unit's current card of the round: the latest with a form (a reminder or ping is one).
  const card = h.fake.messagesIn(chatOf(unit)).filter((m) => JSON.stringify(m.content).includes(`"a":"report.submit","plan":"${seedSlug}","round":"${round}"`)).at(-1)!;
  for (const task of tasks) {
    const res = await h.post(h.fake.inbound.cardAction({
      operator: { open_id: openId, name: nameOf.get(openId)! },
      openMessageId: card.message_id,
      openChatId: chatOf(unit),
      value: { a: 'report.submit', plan: seedSlug, round, period: '', unit, v: 1 },
      formValue: { task: String(task), progress: 'in_progress', percent: '50', narrative: `${unit} 任务${task} 进展`, problems: '', next_steps: '' },
    }));
    expect(((await res.json()) as { toast: { type: string } }).toast.type).toBe('success');
  }
}

const script: Record<string, () => Promise<void>> = {
  '2020-10-26': () => report('tengchong', 'ou_tc1', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
  '2020-10-28': () => report('longyang', 'ou_ly1', [1, 2, 3, 4, 5, 6]),
  '2020-11-03': async () => {
    // 杨一 goes on leave: 隆阳区's reminders mention 杨二 instead.
    const res = await h.post(h.fake.inbound.message({ chatId: chatOf('longyang'), sender: { open_id: 'ou_ly1', name: '杨一' }, text: [{ at: h.fake.bot }, ' 请假 至11月10日'] }));
    expect(res.status).toBe(200);
  },
  '2020-11-04': async () => {
    await report('longling', 'ou_ll1', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await report('changning', 'ou_cn1', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  },
  '2020-11-06': () => report('shidian', 'ou_sd1', [3]),
  '2020-11-09': () => report('health', 'ou_he1', [3], 'round-2'),
};

beforeAll(async () => {
  h = await startHarness({ at: '2020-10-21T18:00:00+08:00', fake: { sequentialIds: true } });
  for (const [code, contacts] of units) {
    await h.storage.directory.bindChat({ unitCode: code, chatId: chatOf(code), contacts: contacts.filter((c) => !c[2]).map(([openId, name]) => ({ openId, name })), by: 'test', at: h.clock.now() });
    const backups = contacts.filter((c) => c[2] === 'backup');
    if (backups.length) {
      const unit = (await h.storage.directory.units()).find((u) => u.code === code)!;
      await h.storage.directory.upsertUnits([{ code, name: unit.name, kind: unit.kind, aliases: [...unit.aliases], toConfirm: unit.toConfirm, contacts: backups.map(([openId, name]) => ({ openId, name, role: 'backup' as const })), chats: [] }], h.clock.now());
    }
  }
  let seen = 0;
  for (let day = '2020-10-22'; day <= '2020-11-12'; day = addDays(day, 1)) {
    for (const time of ['09:00', '12:00', '18:00']) {
      h.clock.set(`${day}T${time}:00+08:00`);
      if (time === '12:00') await script[day]?.();
      else await h.duban.tick(h.clock.now());
      await h.duban.flush();
      // Messages of one tick go out several at a time, so their order is not meaningful: sort them.
      const batch = h.fake.messages.slice(seen).map((m) => {
        const p = zonedParts(new Date(Number(m.create_time)), tz);
        const when = `${zonedDate(new Date(Number(m.create_time)), tz)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
        const mentions = m.mentions.map((id) => nameOf.get(id) ?? id).join(' ');
        return `${when}  ${m.chat_id.replace(/^oc_/, '').padEnd(12)} ${kindOf(m)}${mentions ? `  @${mentions}` : ''}`;
      });
      lines.push(...batch.sort());
      seen = h.fake.messages.length;
    }
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('the seed plan, replayed day by day', () => {
  it('sends exactly the messages of the golden list', () => {
    const actual = lines.join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN) writeFileSync(goldenFile, actual);
    expect(actual).toBe(readFileSync(goldenFile, 'utf8'));
  });

  it('never sends a unit chat two reminders on one day, nor anything on a weekend or at night', () => {
    const perDay = new Map<string, number>();
    for (const line of lines.filter((l) => / (reminder|overdue-ping)/.test(l))) {
      const key = line.slice(0, 10) + line.slice(17, 29);
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    expect([...perDay.values()].every((n) => n === 1)).toBe(true);
    for (const line of lines.filter((l) => !/ (text|report-card)/.test(l))) {
      const [date, time] = line.split(/\s+/);
      expect(['2020-10-24', '2020-10-25', '2020-10-31', '2020-11-01', '2020-11-07', '2020-11-08']).not.toContain(date);
      expect(time! >= '08:30' && time! <= '18:30').toBe(true);
    }
  });

  it('mentions the backup, not the absent contact, and never @all', () => {
    const longyang = lines.filter((l) => l.includes(' longyang ') && / (reminder|overdue-ping)/.test(l));
    // On leave from the 3rd at noon to the 10th inclusive.
    const during = longyang.filter((l) => l.slice(0, 10) >= '2020-11-04' && l.slice(0, 10) <= '2020-11-10');
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((l) => l.endsWith('@杨二'))).toBe(true);
    expect(lines.some((l) => l.includes('@all'))).toBe(false);
  });
});
