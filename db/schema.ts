// The whole domain model in libSQL. Times are epoch milliseconds; report versions
// are never overwritten; every outgoing message and inbound event has a unique key.
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const plans = sqliteTable('plans', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  issuer: text('issuer').notNull(),
  issuedOn: text('issued_on').notNull(),
  timezone: text('timezone').notNull(),
  officeUnitId: integer('office_unit_id').references(() => units.id),
  /** The scheduler's settings for this plan (PlanSchedule); defaults when absent. */
  schedule: text('schedule', { mode: 'json' }),
  sourceText: text('source_text'),
  /** The plan file as loaded (JSON of the validated spec), for audit and re-export. */
  spec: text('spec', { mode: 'json' }).notNull(),
  /** Reports up to this id are in a lead digest (src/app/lead-digests.ts). */
  digestCursor: integer('digest_cursor').notNull().default(0),
  loadedAt: integer('loaded_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: createdAt(),
});

export const units = sqliteTable('units', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: ['office', 'department', 'county', 'park'] }).notNull(),
  aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default([]),
  toConfirm: integer('to_confirm', { mode: 'boolean' }).notNull().default(false),
  note: text('note'),
  createdAt: createdAt(),
});

export const unitChats = sqliteTable(
  'unit_chats',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id').notNull().references(() => units.id),
    chatId: text('chat_id').notNull(),
    boundBy: text('bound_by'),
    boundAt: integer('bound_at', { mode: 'timestamp_ms' }).notNull(),
  },
  // A chat speaks for one unit at a time.
  (t) => [uniqueIndex('unit_chats_chat').on(t.chatId), index('unit_chats_unit').on(t.unitId)],
);

export const unitContacts = sqliteTable(
  'unit_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id').notNull().references(() => units.id),
    openId: text('open_id'),
    name: text('name'),
    mobile: text('mobile'),
    email: text('email'),
    role: text('role', { enum: ['contact', 'backup', 'leader'] }).notNull().default('contact'),
    source: text('source', { enum: ['directory', 'binding', 'admin'] }).notNull(),
    /** Absent until this date (请假), YYYY-MM-DD inclusive. */
    awayUntil: text('away_until'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('unit_contacts_open_id').on(t.unitId, t.openId),
    index('unit_contacts_by_open_id').on(t.openId),
  ],
);

export const planMembers = sqliteTable(
  'plan_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id),
    position: integer('position').notNull(),
    role: text('role').notNull(),
    name: text('name').notNull(),
    title: text('title'),
    unitId: integer('unit_id').references(() => units.id),
    openId: text('open_id'),
  },
  (t) => [uniqueIndex('plan_members_position').on(t.planId, t.position)],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id),
    /** "3" for a task, "6.1" for a sub-task. */
    number: text('number').notNull(),
    parentNumber: text('parent_number'),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    short: text('short').notNull(),
    body: text('body').notNull(),
    /** `cooperating`: this task's cooperating units get a read-only copy of its lead digests. */
    digest: text('digest'),
    /** Set when a reloaded plan no longer has the task; its reports are kept. */
    retiredAt: integer('retired_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('tasks_number').on(t.planId, t.number)],
);

export const taskUnits = sqliteTable(
  'task_units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id').notNull().references(() => tasks.id),
    unitId: integer('unit_id').notNull().references(() => units.id),
    role: text('role', { enum: ['lead', 'cooperating', 'responsible'] }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('task_units_role').on(t.taskId, t.unitId, t.role), index('task_units_unit').on(t.unitId)],
);

export const indicators = sqliteTable(
  'indicators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id').notNull().references(() => tasks.id),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    comparator: text('comparator', { enum: ['>=', '<=', '=', '>', '<'] }).notNull(),
    target: real('target').notNull(),
    due: text('due'),
    /** How the units' values add up for the city: per-unit, sum, mean, min or max. */
    aggregate: text('aggregate', { enum: ['per-unit', 'sum', 'mean', 'min', 'max'] }).notNull().default('per-unit'),
  },
  (t) => [uniqueIndex('indicators_key').on(t.taskId, t.key)],
);

export const rounds = sqliteTable(
  'rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    reporter: text('reporter', { enum: ['responsible', 'lead'] }).notNull(),
    recipient: text('recipient', { enum: ['lead', 'office'] }).notNull(),
    opensAt: integer('opens_at', { mode: 'timestamp_ms' }).notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    recurrence: text('recurrence', { enum: ['monthly', 'weekly'] }),
    until: text('until'),
    tasks: text('tasks', { mode: 'json' }).$type<string[]>().notNull(),
    reminderDays: text('reminder_days', { mode: 'json' }).$type<number[]>().notNull(),
    reminderAt: text('reminder_at').notNull(),
    rollover: integer('rollover', { mode: 'boolean' }).notNull().default(false),
    retiredAt: integer('retired_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('rounds_key').on(t.planId, t.key)],
);

/** One expected report: (round, period, task, reporting unit). */
export const assignments = sqliteTable(
  'assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id),
    roundId: integer('round_id').notNull().references(() => rounds.id),
    period: text('period').notNull(),
    taskId: integer('task_id').notNull().references(() => tasks.id),
    unitId: integer('unit_id').notNull().references(() => units.id),
    opensAt: integer('opens_at', { mode: 'timestamp_ms' }).notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set when a reloaded plan no longer expects it; kept because reports may point at it. */
    retiredAt: integer('retired_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('assignments_key').on(t.roundId, t.period, t.taskId, t.unitId),
    index('assignments_plan_due').on(t.planId, t.dueAt),
    index('assignments_unit').on(t.unitId),
  ],
);

/** A versioned submission; a resubmission is a new row, never an update. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assignmentId: integer('assignment_id').notNull().references(() => assignments.id),
    version: integer('version').notNull(),
    progress: text('progress', { enum: ['not_started', 'in_progress', 'done', 'blocked'] }).notNull(),
    percent: integer('percent').notNull(),
    narrative: text('narrative').notNull(),
    problems: text('problems').notNull().default(''),
    nextSteps: text('next_steps').notNull().default(''),
    indicatorValues: text('indicator_values', { mode: 'json' }).$type<Record<string, number>>().notNull().default({}),
    submittedBy: text('submitted_by').notNull(),
    submittedByName: text('submitted_by_name'),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull(),
    source: text('source', { enum: ['card', 'thread', 'cli', 'api'] }).notNull(),
    sourceEventId: text('source_event_id'),
    contentHash: text('content_hash').notNull(),
  },
  (t) => [
    uniqueIndex('reports_version').on(t.assignmentId, t.version),
    uniqueIndex('reports_event').on(t.sourceEventId, t.assignmentId),
    index('reports_submitted_at').on(t.submittedAt),
  ],
);

export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assignmentId: integer('assignment_id').notNull().references(() => assignments.id),
    reportId: integer('report_id').notNull().references(() => reports.id),
    decision: text('decision', { enum: ['accept', 'return'] }).notNull(),
    comment: text('comment').notNull().default(''),
    reviewerOpenId: text('reviewer_open_id').notNull(),
    reviewerName: text('reviewer_name'),
    reviewerUnitId: integer('reviewer_unit_id').references(() => units.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('reviews_assignment').on(t.assignmentId)],
);

export const dailySummaries = sqliteTable(
  'daily_summaries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id),
    date: text('date').notNull(),
    scope: text('scope', { enum: ['plan', 'task', 'unit'] }).notNull(),
    /** '' for the plan, the task number, or the unit code. */
    scopeKey: text('scope_key').notNull(),
    expected: integer('expected').notNull(),
    submitted: integer('submitted').notNull(),
    onTime: integer('on_time').notNull(),
    late: integer('late').notNull(),
    overdue: integer('overdue').notNull(),
    accepted: integer('accepted').notNull(),
    meanPercent: real('mean_percent'),
    indicatorValues: text('indicator_values', { mode: 'json' }).$type<Record<string, number>>().notNull().default({}),
    computedAt: integer('computed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('daily_summaries_key').on(t.planId, t.date, t.scope, t.scopeKey)],
);

/** Every message the bot must send; the key is also Lark's `uuid`. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    kind: text('kind').notNull(),
    recipientType: text('recipient_type').notNull(),
    recipientId: text('recipient_id').notNull(),
    msgType: text('msg_type').notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    messageId: text('message_id'),
    /** A sender's claim: no other process sends the message until the lease runs out. */
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt)],
);

/** Inbound Lark events, stored before they are answered; dedup on event_id and message_id. */
export const inboundEvents = sqliteTable(
  'inbound_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id').notNull().unique(),
    eventType: text('event_type').notNull(),
    messageId: text('message_id').unique(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['received', 'processed', 'failed'] }).notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    processedAt: integer('processed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('inbound_events_status').on(t.status)],
);

/** Scheduled actions claimed by a tick (open a round, remind, summarise): the claim makes them run once. */
export const tickActions = sqliteTable('tick_actions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  key: text('key').notNull().unique(),
  planId: integer('plan_id').references(() => plans.id),
  kind: text('kind').notNull(),
  dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
  claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
  claimedBy: text('claimed_by').notNull(),
  doneAt: integer('done_at', { mode: 'timestamp_ms' }),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/** The report card a unit got for a round period: updated in place, and the root of its thread. */
export const reportCards = sqliteTable(
  'report_cards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id),
    roundId: integer('round_id').notNull().references(() => rounds.id),
    period: text('period').notNull(),
    unitId: integer('unit_id').notNull().references(() => units.id),
    chatId: text('chat_id').notNull(),
    outboxKey: text('outbox_key').notNull().unique(),
    messageId: text('message_id').unique(),
    /** The task the form shows now (report.pick changes it). */
    selectedTask: text('selected_task'),
    createdAt: createdAt(),
  },
  // A unit's chat may get several cards for one round period (a revision card after a return).
  (t) => [index('report_cards_unit').on(t.roundId, t.period, t.unitId, t.chatId)],
);

/**
 * The digest a lead department's chat gets of its units' reports: one message, updated in
 * place while it is recent, covering the reports up to `coveredTo` (a report id).
 */
export const leadDigests = sqliteTable(
  'lead_digests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id),
    unitId: integer('unit_id').notNull().references(() => units.id),
    chatId: text('chat_id').notNull(),
    /** `lead` (with review buttons) or `cooperating` (read-only). */
    role: text('role').notNull(),
    outboxKey: text('outbox_key').notNull().unique(),
    messageId: text('message_id'),
    /** Report ids the digest shows (JSON array), in order. */
    reportIds: text('report_ids', { mode: 'json' }).$type<number[]>().notNull(),
    openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /** Reports were added, or reviewed, since the message was last drawn. */
    dirty: integer('dirty', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('lead_digests_chat').on(t.planId, t.chatId, t.openedAt)],
);
