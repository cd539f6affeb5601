// 请假 / 销假: a contact (or an admin for them) is away until a date; reminders then mention
// the unit's other or backup contacts instead.
import { zh } from '../../core/texts.js';
import { zhSchedule } from '../../core/texts-schedule.js';
import { addDays, zonedDate, zonedInstant } from '../../core/time.js';
import { isAdmin, type Deps } from '../deps.js';
import type { ChatTurn, Feature } from './feature.js';

async function setAway(deps: Deps, turn: ChatTurn, until: { year?: number | undefined; month: number; day: number } | null | undefined): Promise<void> {
  const { event, now } = turn;
  // Someone else's leave (请假 @张三 至…) is for the office to record.
  const subject = event.mentions[0] ?? event.sender;
  if (subject.openId !== event.sender.openId && !(await isAdmin(deps, event.sender.openId))) return turn.reply(zhSchedule.leave.notAdminForOthers);
  if (until === undefined) return turn.reply(zhSchedule.leave.usage);
  const date = until ? leaveUntil(until, zonedDate(now, 'Asia/Shanghai')) : null;
  const units = await deps.directory.setAway(subject.openId, date, event.sender.openId, now);
  if (units.length === 0) return turn.reply(zhSchedule.leave.notContact);
  const name = subject.name ?? turn.units.flatMap((u) => u.contacts).find((c) => c.openId === subject.openId)?.name ?? '';
  await turn.reply(date ? zhSchedule.leave.ok(name, zh.dateWeekday(zonedInstant(date, '12:00', 'Asia/Shanghai'), 'Asia/Shanghai')) : zhSchedule.leave.back(name));
}

export const leave: Feature = {
  name: 'leave',
  intents: {
    leave: (deps, intent, turn) => setAway(deps, turn, intent.until),
    back: (deps, _intent, turn) => setAway(deps, turn, null),
  },
};

/** 11月10日 said in November 2020 is 2020-11-10; said in December, it is next year's. */
function leaveUntil(d: { year?: number | undefined; month: number; day: number }, today: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const year = d.year ?? Number(today.slice(0, 4));
  const date = `${year}-${pad(d.month)}-${pad(d.day)}`;
  return d.year === undefined && date < addDays(today, -31) ? `${year + 1}-${pad(d.month)}-${pad(d.day)}` : date;
}
