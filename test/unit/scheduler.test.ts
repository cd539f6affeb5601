import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chinaCalendar } from '../../src/calendar/china.js';
import { resolvePlan, type Plan } from '../../src/core/plan.js';
import { directorySpec, planSpec } from '../../src/core/plan-spec.js';
import { expandAssignments } from '../../src/core/schedule.js';
import { reminderDays, scheduleActions, type ScheduleFact, type ScheduledAction } from '../../src/core/scheduler.js';
import { addDays, zonedInstant } from '../../src/core/time.js';

const directory = directorySpec.parse(parse(readFileSync('db/seeds/baoshan-units.yaml', 'utf8')));
const seed = planSpec.parse(parse(readFileSync('db/seeds/baoshan-2020-public-service-quality.yaml', 'utf8')));

function planOf(spec = seed): Plan {
  const r = resolvePlan(spec, directory.units);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function factsOf(plan: Plan, reported: { unit: string; task: string; round: string; at: string }[] = []): ScheduleFact[] {
  return expandAssignments(plan).map((a) => ({
    ...a,
    reports: reported.filter((r) => r.unit === a.unitCode && r.task === a.taskNumber && r.round === a.roundKey).map((r) => ({ submittedAt: new Date(r.at) })),
    reviews: [],
  }));
}

const at = (iso: string) => new Date(iso);
const summary = (actions: ScheduledAction[]) => actions.map((a) => (a.kind === 'unit.nudge' ? `${a.kind}:${a.unitCode}:${a.entries.map((e) => `${e.kind}/${e.roundKey}${e.period ? '@' + e.period : ''}`).join('+')}` : a.kind === 'lead.escalation' ? `${a.kind}:${a.unitCode}` : a.kind));

// Only round 1, so the monthly rounds do not crowd the picture.
const round1Only = planOf({ ...seed, rounds: seed.rounds.filter((r) => r.key === 'round-1') });

describe('reminders before the deadline', () => {
  it('fire 3 days before, 1 day before and on the due day at 09:00, to units with something pending', () => {
    const round = round1Only.rounds[0]!;
    expect(reminderDays(round, round.dueAt, round.opensAt, 'Asia/Shanghai', chinaCalendar)).toEqual(['2020-11-02', '2020-11-04', '2020-11-05']);
    const facts = factsOf(round1Only, [{ unit: 'tengchong', task: String(1), round: 'round-1', at: '2020-10-30T10:00:00+08:00' }]);
    const onMonday = scheduleActions({ plan: round1Only, facts, at: at('2020-11-02T09:00:00+08:00'), calendar: chinaCalendar });
    expect(onMonday.filter((a) => a.kind === 'unit.nudge').map((a) => a.kind === 'unit.nudge' && a.unitCode)).toEqual(['bus', 'changning', 'longling', 'longyang', 'park-bianhe', 'park-gongmao', 'shidian', 'tengchong']);
    const tengchong = onMonday.find((a) => a.kind === 'unit.nudge' && a.unitCode === 'tengchong');
    expect(tengchong).toMatchObject({ key: 'nudge:baoshan-2020-public-service-quality:2020-11-02:tengchong', entries: [{ kind: 'reminder', workdays: 3, tasks: ['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] }] });
    // Tuesday is not a reminder day; 08:59 is before the reminder time.
    expect(scheduleActions({ plan: round1Only, facts, at: at('2020-11-03T09:00:00+08:00'), calendar: chinaCalendar }).filter((a) => a.kind === 'unit.nudge')).toEqual([]);
    expect(scheduleActions({ plan: round1Only, facts, at: at('2020-11-02T08:59:00+08:00'), calendar: chinaCalendar }).filter((a) => a.kind === 'unit.nudge')).toEqual([]);
  });

  it('a unit that has reported everything gets no reminder', () => {
    const facts = factsOf(round1Only, Array.from({ length: 12 }, (_, i) => ({ unit: 'tengchong', task: String(i + 1), round: 'round-1', at: '2020-10-30T10:00:00+08:00' })));
    const actions = scheduleActions({ plan: round1Only, facts, at: at('2020-11-04T09:00:00+08:00'), calendar: chinaCalendar });
    expect(actions.some((a) => a.kind === 'unit.nudge' && a.unitCode === 'tengchong')).toBe(false);
  });

  it('stay quiet outside 08:30–18:30, and do not fire a day late', () => {
    const facts = factsOf(round1Only);
    expect(scheduleActions({ plan: round1Only, facts, at: at('2020-11-02T20:00:00+08:00'), calendar: chinaCalendar })).toEqual([]);
    expect(scheduleActions({ plan: round1Only, facts, at: at('2020-11-02T07:00:00+08:00'), calendar: chinaCalendar })).toEqual([]);
    // Down from Monday 09:00 to Tuesday 09:30: Monday's reminders are not sent on Tuesday.
    const tuesday = scheduleActions({ plan: round1Only, facts, at: at('2020-11-03T09:30:00+08:00'), calendar: chinaCalendar });
    expect(summary(tuesday).filter((k) => k.startsWith('unit.nudge'))).toEqual([]);
    // …but Monday's 18:00 summary, missed, still goes out the next morning.
    expect(tuesday.filter((a) => a.kind === 'daily.summary').map((a) => a.kind === 'daily.summary' && a.date)).toEqual(['2020-11-02']);
  });
});

describe('after the deadline', () => {
  const facts = factsOf(round1Only, [
    ...['longyang', 'tengchong', 'longling', 'changning', 'park-gongmao', 'park-bianhe'].map((unit) => ({ unit, task: '3', round: 'round-1', at: '2020-11-04T10:00:00+08:00' })),
  ]);

  it('pings each overdue unit, each lead department for its tasks, and the office, every workday at 09:00', () => {
    const friday = scheduleActions({ plan: round1Only, facts, at: at('2020-11-06T09:00:00+08:00'), calendar: chinaCalendar });
    expect(friday.filter((a) => a.kind === 'unit.nudge')).toHaveLength(8);
    const health = friday.find((a) => a.kind === 'lead.escalation' && a.unitCode === 'health');
    expect(health).toMatchObject({ entries: [{ taskNumber: '3', missing: ['shidian'], expected: 7, submitted: 6, workdaysOverdue: 1 }] });
    // Task 6 goes to its sub-tasks' leads too, as its digests do, even those its own line leaves out.
    const seedSix = round1Only.tasks.find((t) => t.number === '6')!;
    const narrowed = { ...round1Only, tasks: round1Only.tasks.map((t) => (t.number === '6' ? { ...t, lead: [seedSix.subtasks[0]!.lead[0]!] } : t)) };
    const subLeads = seedSix.subtasks.flatMap((st) => st.lead).filter((c) => c !== seedSix.subtasks[0]!.lead[0]);
    expect(subLeads.length).toBeGreaterThan(0);
    const narrowFriday = scheduleActions({ plan: narrowed, facts, at: at('2020-11-06T09:00:00+08:00'), calendar: chinaCalendar });
    for (const lead of subLeads) {
      const mine = narrowFriday.find((a) => a.kind === 'lead.escalation' && a.unitCode === lead);
      expect(mine && mine.kind === 'lead.escalation' && mine.entries.some((e) => e.taskNumber === '6')).toBe(true);
    }
    const office = friday.find((a) => a.kind === 'office.escalation');
    expect(office && office.kind === 'office.escalation' && office.rows.find((r) => r.unitCode === 'shidian')).toEqual({ unitCode: 'shidian', overdue: 12, workdaysOverdue: 1, flagged: false });
    // Weekend: nothing. Tuesday 10 Nov is the third workday late: flagged to the office.
    expect(summary(scheduleActions({ plan: round1Only, facts, at: at('2020-11-07T09:00:00+08:00'), calendar: chinaCalendar }))).toEqual(['daily.summary']);
    const tuesday = scheduleActions({ plan: round1Only, facts, at: at('2020-11-10T09:00:00+08:00'), calendar: chinaCalendar });
    const flagged = tuesday.find((a) => a.kind === 'office.escalation');
    expect(flagged && flagged.kind === 'office.escalation' && flagged.rows.every((r) => r.flagged && r.workdaysOverdue === 3)).toBe(true);
  });

  it('gives every action a stable key: the same tick computes the same actions', () => {
    const a = scheduleActions({ plan: round1Only, facts, at: at('2020-11-06T09:00:00+08:00'), calendar: chinaCalendar });
    const b = scheduleActions({ plan: round1Only, facts, at: at('2020-11-06T09:20:00+08:00'), calendar: chinaCalendar });
    expect(b.map((x) => x.key)).toEqual(a.map((x) => x.key));
    expect(new Set(a.map((x) => x.key)).size).toBe(a.length);
  });
});

describe('the lead departments’ review backlog', () => {
  it('reminds each lead department once a working day, at 09:00, of reports waiting more than a working day, per task', () => {
    const facts = factsOf(round1Only, [
      { unit: 'tengchong', task: '3', round: 'round-1', at: '2020-11-02T10:00:00+08:00' },
      { unit: 'shidian', task: '3', round: 'round-1', at: '2020-11-02T11:00:00+08:00' },
      // In since Tuesday 08:00: not yet a working day by Tuesday 09:00.
      { unit: 'longling', task: '1', round: 'round-1', at: '2020-11-03T08:00:00+08:00' },
    ]);
    const backlog = (iso: string, f = facts) => scheduleActions({ plan: round1Only, facts: f, at: at(iso), calendar: chinaCalendar }).filter((a) => a.kind === 'lead.backlog');
    expect(backlog('2020-11-02T09:00:00+08:00')).toEqual([]);
    expect(backlog('2020-11-03T09:00:00+08:00')).toEqual([]);
    expect(backlog('2020-11-04T09:00:00+08:00')).toEqual([
      { kind: 'lead.backlog', key: 'backlog:baoshan-2020-public-service-quality:2020-11-04:edu', at: at('2020-11-04T09:00:00+08:00'), unitCode: 'edu', tasks: [{ taskNumber: '1', waiting: 1 }] },
      { kind: 'lead.backlog', key: 'backlog:baoshan-2020-public-service-quality:2020-11-04:health', at: at('2020-11-04T09:00:00+08:00'), unitCode: 'health', tasks: [{ taskNumber: '3', waiting: 2 }] },
    ]);
    // Reviewed (accepted, or returned and not yet resubmitted), nothing waits; Saturday is quiet.
    const reviewed = facts.map((f) => (f.reports.length > 0 ? { ...f, reviews: [{ decision: f.unitCode === 'shidian' ? ('return' as const) : ('accept' as const), at: at('2020-11-03T15:00:00+08:00') }] } : f));
    expect(backlog('2020-11-04T09:00:00+08:00', reviewed)).toEqual([]);
    expect(backlog('2020-11-07T09:00:00+08:00')).toEqual([]);
  });
});

describe('around National Day 2020 (1–8 Oct off; Sun 27 Sep and Sat 10 Oct worked)', () => {
  const plan = planOf({
    ...seed,
    rounds: [{ ...seed.rounds[0]!, key: 'autumn', opensAt: '2020-09-21T09:00:00+08:00', dueAt: '2020-10-09T18:00:00+08:00', reminders: { daysBefore: [3, 1, 0], at: '09:00' } }],
  });
  const facts = factsOf(plan);
  const days = Array.from({ length: 22 }, (_, i) => addDays('2020-09-25', i));
  const fired = (kind: ScheduledAction['kind']) =>
    days.filter((d) => scheduleActions({ plan, facts, at: zonedInstant(d, '09:00', 'Asia/Shanghai'), calendar: chinaCalendar }).some((a) => a.kind === kind));

  it('moves reminders off the holiday to the last workday before it, and consolidates them', () => {
    expect(reminderDays(plan.rounds[0]!, plan.rounds[0]!.dueAt, plan.rounds[0]!.opensAt, 'Asia/Shanghai', chinaCalendar)).toEqual(['2020-09-30', '2020-10-09']);
    const sept30 = scheduleActions({ plan, facts, at: at('2020-09-30T09:00:00+08:00'), calendar: chinaCalendar }).filter((a) => a.kind === 'unit.nudge');
    expect(sept30.every((a) => a.kind === 'unit.nudge' && a.entries.length === 1)).toBe(true);
    expect(fired('unit.nudge').filter((d) => d <= '2020-10-09')).toEqual(['2020-09-30', '2020-10-09']);
  });

  it('pings overdue units from the adjusted working Saturday 10 Oct, never on Sunday', () => {
    expect(fired('office.escalation')).toEqual(['2020-10-10', '2020-10-12', '2020-10-13', '2020-10-14', '2020-10-15', '2020-10-16']);
  });

  it('sends no daily summary on a holiday', () => {
    const summaries = days.filter((d) => scheduleActions({ plan, facts, at: zonedInstant(d, '18:00', 'Asia/Shanghai'), calendar: chinaCalendar }).some((a) => a.kind === 'daily.summary' && a.date === d));
    expect(summaries).toContain('2020-09-27');
    expect(summaries).toContain('2020-10-10');
    expect(summaries.filter((d) => d >= '2020-10-01' && d <= '2020-10-08')).toEqual([]);
  });
});

describe('what a plan can change', () => {
  it('rolls a deadline on a holiday over to the next workday when the round says so (顺延)', async () => {
    const { roundPeriods } = await import('../../src/core/schedule.js');
    const { toZonedIso } = await import('../../src/core/time.js');
    const spec = { ...seed, rounds: [{ ...seed.rounds[0]!, key: 'holiday', opensAt: '2020-09-21T09:00:00+08:00', dueAt: '2020-10-03T18:00:00+08:00', rollover: true }] };
    const round = planOf(spec).rounds[0]!;
    expect(toZonedIso(roundPeriods(round, 'Asia/Shanghai', chinaCalendar)[0]!.dueAt, 'Asia/Shanghai')).toBe('2020-10-09T18:00:00+08:00');
    expect(toZonedIso(roundPeriods({ ...round, rollover: false }, 'Asia/Shanghai', chinaCalendar)[0]!.dueAt, 'Asia/Shanghai')).toBe('2020-10-03T18:00:00+08:00');
    expect(expandAssignments(planOf(spec), chinaCalendar).every((a) => a.dueAt.toISOString() === '2020-10-09T10:00:00.000Z')).toBe(true);
  });

  it('takes its ping time, quiet hours and escalation threshold from the plan', () => {
    const plan = planOf({ ...seed, rounds: seed.rounds.filter((r) => r.key === 'round-1'), schedule: { pingAt: '10:30', summaryAt: '17:00', quietHours: { from: '10:00', to: '17:30' }, catchUpHours: 2, flagAfterWorkdays: 1 } });
    const facts = factsOf(plan);
    expect(scheduleActions({ plan, facts, at: at('2020-11-06T09:30:00+08:00'), calendar: chinaCalendar })).toEqual([]);
    expect(summary(scheduleActions({ plan, facts, at: at('2020-11-06T10:15:00+08:00'), calendar: chinaCalendar })).filter((k) => !k.startsWith('unit.nudge'))).toEqual([]);
    const pings = scheduleActions({ plan, facts, at: at('2020-11-06T10:30:00+08:00'), calendar: chinaCalendar });
    const office = pings.find((a) => a.kind === 'office.escalation');
    expect(office && office.kind === 'office.escalation' && office.rows.every((r) => r.flagged)).toBe(true);
    expect(summary(scheduleActions({ plan, facts, at: at('2020-11-06T17:00:00+08:00'), calendar: chinaCalendar }))).toContain('daily.summary');
    // Two hours' catch-up: at 13:00 the 10:30 pings are too old.
    expect(scheduleActions({ plan, facts, at: at('2020-11-06T13:00:00+08:00'), calendar: chinaCalendar }).filter((a) => a.kind === 'office.escalation')).toEqual([]);
  });
});

describe('escalations at scale', () => {
  it('an office card about 600 overdue units stays under Lark’s 30 KB', async () => {
    const { messagesFor } = await import('../../src/app/scheduled-messages.js');
    const { checkCard } = await import('../../cards/card-schema.js');
    const units = Array.from({ length: 600 }, (_, i) => ({ id: i, code: `u${i}`, name: `某某县某某乡镇人民政府${i}`, kind: 'county' as const, aliases: [], toConfirm: false, chats: [], contacts: [] }));
    const office = { id: 9999, code: 'office', name: '办公室', kind: 'office' as const, aliases: [], toConfirm: false, chats: ['oc_office'], contacts: [] };
    const plan = { ...round1Only, officeCode: 'office' };
    const [message] = messagesFor(
      { kind: 'office.escalation', key: 'office:x', at: new Date(), rows: units.map((u) => ({ unitCode: u.code, overdue: 12, workdaysOverdue: 5, flagged: true })) },
      plan,
      [...units, office],
      '2020-11-10',
    );
    const card = JSON.parse(message!.content);
    expect(checkCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('另有 560 个单位逾期');
  });
});
