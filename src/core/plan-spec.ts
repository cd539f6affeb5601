// The two files an office edits: the plan (tasks, units by role, indicators, rounds)
// and the unit directory (units, aliases, contacts, chats). Validated by zod; the
// resolved, checked model lives in plan.ts.
import { z } from 'zod';

export const unitKinds = ['office', 'department', 'county', 'park'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const contactRoles = ['contact', 'backup', 'leader'] as const;
export type ContactRole = (typeof contactRoles)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2020-11-05');
// Offsets are required so a plan means the same instant wherever it is loaded.
const isoInstant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    'expected a time with an offset, like 2020-11-05T18:00:00+08:00',
  );
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day like 09:00');
const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const contactSpec = z.strictObject({
  name: nonEmpty.optional(),
  openId: nonEmpty.optional(),
  mobile: nonEmpty.optional(),
  email: z.email().optional(),
  role: z.enum(contactRoles).default('contact'),
});
export type ContactSpec = z.infer<typeof contactSpec>;

export const unitSpec = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case code like tengchong'),
  name: nonEmpty,
  kind: z.enum(unitKinds),
  aliases: z.array(nonEmpty).default([]),
  // Set where the name or existence of a unit still has to be confirmed by the office.
  toConfirm: z.boolean().default(false),
  note: z.string().optional(),
  contacts: z.array(contactSpec).default([]),
  chats: z.array(nonEmpty).default([]),
});
export type UnitSpec = z.infer<typeof unitSpec>;

export const directorySpec = z.strictObject({
  units: z.array(unitSpec).min(1, 'a directory needs at least one unit'),
});
export type DirectorySpec = z.infer<typeof directorySpec>;

export const comparators = ['>=', '<=', '=', '>', '<'] as const;
export type Comparator = (typeof comparators)[number];

export const indicatorSpec = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case key like entry-rate').optional(),
  name: nonEmpty,
  unit: z.string().default(''),
  comparator: z.enum(comparators).default('>='),
  target: z.number(),
  due: isoDate.optional(),
  // How a lead department's draft adds its units' values up for the city; per-unit lists them.
  aggregate: z.enum(['per-unit', 'sum', 'mean', 'min', 'max']).optional(),
});
export type IndicatorSpec = z.infer<typeof indicatorSpec>;

const taskFields = {
  title: nonEmpty,
  // A few characters for chat lines (任务三 医疗服务); defaults to the title.
  short: nonEmpty.optional(),
  body: z.string().default(''),
  lead: z.array(nonEmpty).default([]),
  cooperating: z.array(nonEmpty).default([]),
  responsible: z.array(nonEmpty).default([]),
  indicators: z.array(indicatorSpec).default([]),
  // `cooperating`: the cooperating units get a read-only copy of the lead's digests.
  digest: z.enum(['cooperating']).optional(),
};

export const subtaskSpec = z.strictObject({
  number: z.string().regex(/^\d+\.\d+$/, 'expected a sub-task number like 6.1').optional(),
  ...taskFields,
});
export type SubtaskSpec = z.infer<typeof subtaskSpec>;

export const taskSpec = z.strictObject({
  number: z.number().int().positive(),
  ...taskFields,
  subtasks: z.array(subtaskSpec).default([]),
});
export type TaskSpec = z.infer<typeof taskSpec>;

export const reporterRoles = ['responsible', 'lead'] as const;
export type ReporterRole = (typeof reporterRoles)[number];
export const recipientRoles = ['lead', 'office'] as const;
export type RecipientRole = (typeof recipientRoles)[number];
export const recurrences = ['monthly', 'weekly'] as const;
export type Recurrence = (typeof recurrences)[number];

export const reminderSpec = z.strictObject({
  // Calendar days before the deadline; 0 is the due day itself.
  daysBefore: z.array(z.number().int().min(0).max(60)).default([3, 1, 0]),
  at: clockTime.default('09:00'),
});
export type ReminderSpec = z.infer<typeof reminderSpec>;

export const roundSpec = z
  .strictObject({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case key like round-1'),
    name: nonEmpty,
    reporter: z.enum(reporterRoles),
    recipient: z.enum(recipientRoles),
    opensAt: isoInstant,
    dueAt: isoInstant,
    recurrence: z.enum(recurrences).nullable().default(null),
    // Last day on which a recurring round may open (inclusive).
    until: isoDate.optional(),
    // Task numbers in this round; all top-level tasks when absent.
    tasks: z.array(z.number().int().positive()).optional(),
    reminders: reminderSpec.default({ daysBefore: [3, 1, 0], at: '09:00' }),
    // A deadline on a holiday rolls over to the next workday (顺延).
    rollover: z.boolean().default(false),
  })
  .refine((r) => Date.parse(r.opensAt) < Date.parse(r.dueAt), {
    message: 'opensAt must be before dueAt',
    path: ['dueAt'],
    // Only once both times are well-formed: a malformed one has its own message.
    when: (payload) => payload.issues.length === 0,
  })
  .refine((r) => r.recurrence === null || r.until !== undefined, {
    message: 'a recurring round needs until (the last day it may open)',
    path: ['until'],
  });
export type RoundSpec = z.infer<typeof roundSpec>;

/** When the scheduler speaks, for the whole plan (rounds add their own reminder days). */
export const scheduleSpec = z.strictObject({
  pingAt: clockTime.default('09:00'),
  summaryAt: clockTime.default('18:00'),
  quietHours: z.strictObject({ from: clockTime, to: clockTime }).default({ from: '08:30', to: '18:30' }),
  /** A missed reminder or summary older than this is not sent late. */
  catchUpHours: z.number().min(0).max(168).default(24),
  flagAfterWorkdays: z.number().int().min(1).max(60).default(3),
});
export type ScheduleSpec = z.infer<typeof scheduleSpec>;
export const defaultScheduleSpec: ScheduleSpec = { pingAt: '09:00', summaryAt: '18:00', quietHours: { from: '08:30', to: '18:30' }, catchUpHours: 24, flagAfterWorkdays: 3 };

export const memberSpec = z.strictObject({
  role: nonEmpty, // 组长 / 副组长 / 成员
  name: nonEmpty,
  title: z.string().optional(),
  unit: nonEmpty.optional(),
  openId: nonEmpty.optional(),
});
export type MemberSpec = z.infer<typeof memberSpec>;

export const planSpec = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug like baoshan-2020'),
  title: nonEmpty,
  issuer: nonEmpty,
  issuedOn: isoDate,
  timezone: z.string().default('Asia/Shanghai'),
  // Path of the unit directory, relative to the plan file.
  directory: z.string().optional(),
  office: nonEmpty,
  leadingGroup: z.array(memberSpec).default([]),
  tasks: z.array(taskSpec).min(1, 'a plan needs at least one task'),
  rounds: z.array(roundSpec).default([]),
  schedule: scheduleSpec.default(defaultScheduleSpec),
  // `cooperating` for every task (see the task's own `digest`).
  digest: z.enum(['cooperating']).optional(),
  source: z.string().optional(),
});
export type PlanSpec = z.infer<typeof planSpec>;
