// Plans, units and assignments in libSQL. Every write is one atomic `batch`
// (libSQL calls block the event loop; an interactive transaction would stall others).
import type { InStatement } from '@libsql/client';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import * as s from '../../db/schema.js';
import type { PlanStore, AssignmentFact, SavePlanResult, StoredUnit } from '../app/ports.js';
import { defaultSchedule, type Indicator, type Member, type Plan, type PlanSchedule, type PlanUnit, type Round, type Task } from '../core/plan.js';
import type { ContactRole, UnitSpec } from '../core/plan-spec.js';
import type { AssignmentKey } from '../core/schedule.js';
import type { Database } from './database.js';

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const planIdOf = '(SELECT id FROM plans WHERE slug = ?)';

export function createPlanStore(database: Database): PlanStore {
  const { client, db } = database;
  // A plan changes only when it is loaded again (or a leader is bound), while every click and
  // tick reads it: keep the last one read, and check both in one small query before reusing it.
  const cache = new Map<string, { version: string; plan: Plan }>();

  async function listUnits(): Promise<StoredUnit[]> {
    const [unitRows, chatRows, contactRows] = await Promise.all([
      db.select().from(s.units).orderBy(asc(s.units.id)),
      db.select().from(s.unitChats).orderBy(asc(s.unitChats.id)),
      db.select().from(s.unitContacts).orderBy(asc(s.unitContacts.id)),
    ]);
    const chatsOf = new Map<number, string[]>();
    for (const c of chatRows) chatsOf.set(c.unitId, [...(chatsOf.get(c.unitId) ?? []), c.chatId]);
    const contactsOf = new Map<number, StoredUnit['contacts']>();
    for (const c of contactRows) {
      contactsOf.set(c.unitId, [
        ...(contactsOf.get(c.unitId) ?? []),
        {
          openId: c.openId ?? undefined,
          name: c.name ?? undefined,
          mobile: c.mobile ?? undefined,
          email: c.email ?? undefined,
          role: c.role as ContactRole,
          awayUntil: c.awayUntil ?? undefined,
        },
      ]);
    }
    return unitRows.map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      aliases: u.aliases,
      toConfirm: u.toConfirm,
      note: u.note ?? undefined,
      chats: chatsOf.get(u.id) ?? [],
      contacts: contactsOf.get(u.id) ?? [],
    }));
  }

  async function upsertUnits(units: readonly UnitSpec[], at: Date): Promise<void> {
    const stmts: InStatement[] = [];
    for (const u of units) {
      stmts.push({
        sql: `INSERT INTO units (code, name, kind, aliases, to_confirm, note) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                aliases = excluded.aliases, to_confirm = excluded.to_confirm, note = excluded.note`,
        args: [u.code, u.name, u.kind, JSON.stringify(u.aliases), u.toConfirm ? 1 : 0, u.note ?? null],
      });
      const unitId = '(SELECT id FROM units WHERE code = ?)';
      // Directory contacts without an open_id yet are replaced wholesale; the rest are upserted by open_id.
      stmts.push({ sql: `DELETE FROM unit_contacts WHERE unit_id = ${unitId} AND source = 'directory' AND open_id IS NULL`, args: [u.code] });
      for (const c of u.contacts) {
        stmts.push({
          sql: `INSERT INTO unit_contacts (unit_id, open_id, name, mobile, email, role, source) VALUES (${unitId}, ?, ?, ?, ?, ?, 'directory')
                ON CONFLICT(unit_id, open_id) DO UPDATE SET name = coalesce(excluded.name, unit_contacts.name),
                  mobile = excluded.mobile, email = excluded.email, role = excluded.role`,
          args: [u.code, c.openId ?? null, c.name ?? null, c.mobile ?? null, c.email ?? null, c.role],
        });
      }
      for (const chatId of u.chats) {
        stmts.push({
          sql: `INSERT INTO unit_chats (unit_id, chat_id, bound_by, bound_at) VALUES (${unitId}, ?, 'directory', ?) ON CONFLICT(chat_id) DO NOTHING`,
          args: [u.code, chatId, at.getTime()],
        });
      }
    }
    await client.batch(stmts, 'write');
  }

  async function activeAssignmentKeys(slug: string): Promise<Set<string>> {
    const rows = await client.execute({
      sql: `SELECT r.key AS round, a.period, t.number, u.code FROM assignments a
            JOIN rounds r ON r.id = a.round_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
            WHERE a.plan_id = ${planIdOf} AND a.retired_at IS NULL`,
      args: [slug],
    });
    return new Set(rows.rows.map((r) => `${r.round}|${r.period}|${r.number}|${r.code}`));
  }

  async function savePlan(plan: Plan, spec: unknown, sourceText: string | undefined, at: Date, wanted: readonly AssignmentKey[]): Promise<SavePlanResult> {
    const now = at.getTime();
    const before = await activeAssignmentKeys(plan.slug);
    const stmts: InStatement[] = [];
    const slug = plan.slug;

    stmts.push({
      sql: `INSERT INTO plans (slug, title, issuer, issued_on, timezone, office_unit_id, source_text, spec, loaded_at, schedule)
            VALUES (?, ?, ?, ?, ?, (SELECT id FROM units WHERE code = ?), ?, ?, ?, ?)
            ON CONFLICT(slug) DO UPDATE SET title = excluded.title, issuer = excluded.issuer, issued_on = excluded.issued_on,
              timezone = excluded.timezone, office_unit_id = excluded.office_unit_id, schedule = excluded.schedule,
              source_text = coalesce(excluded.source_text, plans.source_text), spec = excluded.spec, loaded_at = excluded.loaded_at`,
      args: [slug, plan.title, plan.issuer, plan.issuedOn, plan.timezone, plan.officeCode, sourceText ?? null, JSON.stringify(spec), now, JSON.stringify(plan.schedule)],
    });

    plan.leadingGroup.forEach((m: Member, i) => {
      stmts.push({
        sql: `INSERT INTO plan_members (plan_id, position, role, name, title, unit_id, open_id)
              VALUES (${planIdOf}, ?, ?, ?, ?, (SELECT id FROM units WHERE code = ?), ?)
              ON CONFLICT(plan_id, position) DO UPDATE SET role = excluded.role, name = excluded.name, title = excluded.title,
                unit_id = excluded.unit_id, open_id = coalesce(excluded.open_id, plan_members.open_id)`,
        args: [slug, i, m.role, m.name, m.title ?? null, m.unitCode ?? null, m.openId ?? null],
      });
    });
    stmts.push({ sql: `DELETE FROM plan_members WHERE plan_id = ${planIdOf} AND position >= ?`, args: [slug, plan.leadingGroup.length] });

    // Retire everything, then bring back what the plan still has: a reload is idempotent, and
    // what it dropped stays retired (with its reports) instead of disappearing.
    stmts.push({ sql: `UPDATE tasks SET retired_at = ? WHERE plan_id = ${planIdOf} AND retired_at IS NULL`, args: [now, slug] });
    stmts.push({ sql: `UPDATE rounds SET retired_at = ? WHERE plan_id = ${planIdOf} AND retired_at IS NULL`, args: [now, slug] });
    stmts.push({ sql: `UPDATE assignments SET retired_at = ? WHERE plan_id = ${planIdOf} AND retired_at IS NULL`, args: [now, slug] });
    stmts.push({ sql: `DELETE FROM task_units WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ${planIdOf})`, args: [slug] });
    stmts.push({ sql: `DELETE FROM indicators WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ${planIdOf})`, args: [slug] });

    const taskIdOf = `(SELECT id FROM tasks WHERE plan_id = ${planIdOf} AND number = ?)`;
    let position = 0;
    const saveTask = (t: Task) => {
      stmts.push({
        sql: `INSERT INTO tasks (plan_id, number, parent_number, position, title, short, body)
              VALUES (${planIdOf}, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(plan_id, number) DO UPDATE SET parent_number = excluded.parent_number, position = excluded.position,
                title = excluded.title, short = excluded.short, body = excluded.body, retired_at = NULL`,
        args: [slug, t.number, t.parent ?? null, position++, t.title, t.short, t.body],
      });
      for (const role of ['lead', 'cooperating', 'responsible'] as const) {
        t[role].forEach((code, i) => {
          stmts.push({
            sql: `INSERT INTO task_units (task_id, unit_id, role, position) VALUES (${taskIdOf}, (SELECT id FROM units WHERE code = ?), ?, ?)`,
            args: [slug, t.number, code, role, i],
          });
        });
      }
      t.indicators.forEach((ind: Indicator, i) => {
        stmts.push({
          sql: `INSERT INTO indicators (task_id, key, position, name, unit, comparator, target, due) VALUES (${taskIdOf}, ?, ?, ?, ?, ?, ?, ?)`,
          args: [slug, t.number, ind.key, i, ind.name, ind.unit, ind.comparator, ind.target, ind.due ?? null],
        });
      });
      t.subtasks.forEach(saveTask);
    };
    plan.tasks.forEach(saveTask);

    plan.rounds.forEach((r: Round, i) => {
      stmts.push({
        sql: `INSERT INTO rounds (plan_id, key, position, name, reporter, recipient, opens_at, due_at, recurrence, until, tasks, reminder_days, reminder_at, rollover)
              VALUES (${planIdOf}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(plan_id, key) DO UPDATE SET position = excluded.position, name = excluded.name, reporter = excluded.reporter,
                recipient = excluded.recipient, opens_at = excluded.opens_at, due_at = excluded.due_at, recurrence = excluded.recurrence,
                until = excluded.until, tasks = excluded.tasks, reminder_days = excluded.reminder_days, reminder_at = excluded.reminder_at,
                rollover = excluded.rollover, retired_at = NULL`,
        args: [slug, r.key, i, r.name, r.reporter, r.recipient, r.opensAt.getTime(), r.dueAt.getTime(), r.recurrence, r.until ?? null,
          JSON.stringify(r.tasks), JSON.stringify(r.reminders.daysBefore), r.reminders.at, r.rollover ? 1 : 0],
      });
    });

    // Many rows per statement: a province-scale plan expands to 100k+ assignments.
    for (const rows of chunk(wanted, 400)) {
      stmts.push({
        sql: `INSERT INTO assignments (plan_id, round_id, period, task_id, unit_id, opens_at, due_at)
              SELECT p.id, r.id, v.period, t.id, u.id, v.opens_at, v.due_at
              FROM (${rows.map(() => 'SELECT ? AS round_key, ? AS period, ? AS number, ? AS code, ? AS opens_at, ? AS due_at').join(' UNION ALL ')}) v
              JOIN plans p ON p.slug = ?
              JOIN rounds r ON r.plan_id = p.id AND r.key = v.round_key
              JOIN tasks t ON t.plan_id = p.id AND t.number = v.number
              JOIN units u ON u.code = v.code
              WHERE true
              ON CONFLICT(round_id, period, task_id, unit_id) DO UPDATE SET opens_at = excluded.opens_at, due_at = excluded.due_at, retired_at = NULL`,
        args: [...rows.flatMap((a) => [a.roundKey, a.period, a.taskNumber, a.unitCode, a.opensAt.getTime(), a.dueAt.getTime()]), slug],
      });
    }

    // What was dropped and never reported on can go; the rest stays retired.
    stmts.push({
      sql: `DELETE FROM assignments WHERE plan_id = ${planIdOf} AND retired_at IS NOT NULL
            AND id NOT IN (SELECT assignment_id FROM reports) AND id NOT IN (SELECT assignment_id FROM reviews)`,
      args: [slug],
    });
    stmts.push({
      sql: `DELETE FROM tasks WHERE plan_id = ${planIdOf} AND retired_at IS NOT NULL AND id NOT IN (SELECT task_id FROM assignments)`,
      args: [slug],
    });
    stmts.push({
      sql: `DELETE FROM rounds WHERE plan_id = ${planIdOf} AND retired_at IS NOT NULL AND id NOT IN (SELECT round_id FROM assignments)`,
      args: [slug],
    });
    stmts.push({
      sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, 'system', 'plan.load', ?, ?)`,
      args: [now, slug, JSON.stringify({ assignments: wanted.length })],
    });

    await client.batch(stmts, 'write');
    cache.delete(plan.slug);

    const after = new Set(wanted.map((a) => `${a.roundKey}|${a.period}|${a.taskNumber}|${a.unitCode}`));
    return {
      assignments: after.size,
      added: [...after].filter((k) => !before.has(k)).length,
      retired: [...before].filter((k) => !after.has(k)).length,
    };
  }

  async function listPlans() {
    const rows = await db
      .select({ slug: s.plans.slug, title: s.plans.title, id: s.plans.id })
      .from(s.plans)
      .orderBy(asc(s.plans.id));
    const counts = await client.execute(
      `SELECT plan_id, count(*) AS n FROM tasks WHERE parent_number IS NULL AND retired_at IS NULL GROUP BY plan_id`,
    );
    const byPlan = new Map(counts.rows.map((r) => [Number(r.plan_id), Number(r.n)]));
    return rows.map((r) => ({ slug: r.slug, title: r.title, tasks: byPlan.get(r.id) ?? 0 }));
  }

  async function readPlan(slug: string): Promise<Plan | undefined> {
    const [planRow] = await db
      .select({
        id: s.plans.id, slug: s.plans.slug, title: s.plans.title, issuer: s.plans.issuer, issuedOn: s.plans.issuedOn,
        timezone: s.plans.timezone, officeUnitId: s.plans.officeUnitId, schedule: s.plans.schedule, loadedAt: s.plans.loadedAt,
        // Leaders are bound to open_ids without reloading the plan: part of what the cache checks.
        leaders: sql<string | null>`(SELECT group_concat(coalesce(open_id, ''), ',') FROM plan_members WHERE plan_id = ${s.plans.id})`,
      })
      .from(s.plans)
      .where(eq(s.plans.slug, slug));
    if (!planRow) return undefined;
    const version = `${planRow.loadedAt.getTime()}|${planRow.leaders ?? ''}`;
    const cached = cache.get(slug);
    if (cached && cached.version === version) return cached.plan;
    const [taskRows, roundRows, memberRows, unitRows] = await Promise.all([
      db.select().from(s.tasks).where(and(eq(s.tasks.planId, planRow.id), isNull(s.tasks.retiredAt))).orderBy(asc(s.tasks.position)),
      db.select().from(s.rounds).where(and(eq(s.rounds.planId, planRow.id), isNull(s.rounds.retiredAt))).orderBy(asc(s.rounds.position)),
      db.select().from(s.planMembers).where(eq(s.planMembers.planId, planRow.id)).orderBy(asc(s.planMembers.position)),
      db.select({ id: s.units.id, code: s.units.code }).from(s.units),
    ]);
    const taskIds = taskRows.map((t) => t.id);
    const [roleRows, indicatorRows] = taskIds.length
      ? await Promise.all([
          db.select().from(s.taskUnits).where(inArray(s.taskUnits.taskId, taskIds)).orderBy(asc(s.taskUnits.position)),
          db.select().from(s.indicators).where(inArray(s.indicators.taskId, taskIds)).orderBy(asc(s.indicators.position)),
        ])
      : [[], []];
    const codeOf = new Map(unitRows.map((u) => [u.id, u.code]));
    const toTask = (row: (typeof taskRows)[number]): Task => {
      const codes = (role: 'lead' | 'cooperating' | 'responsible') =>
        roleRows.filter((r) => r.taskId === row.id && r.role === role).map((r) => codeOf.get(r.unitId)!);
      return {
        number: row.number,
        parent: row.parentNumber ?? undefined,
        title: row.title,
        short: row.short,
        body: row.body,
        lead: codes('lead'),
        cooperating: codes('cooperating'),
        responsible: codes('responsible'),
        indicators: indicatorRows
          .filter((i) => i.taskId === row.id)
          .map((i) => ({ key: i.key, name: i.name, unit: i.unit, comparator: i.comparator, target: i.target, due: i.due ?? undefined })),
        subtasks: [],
      };
    };
    const tasks = taskRows.filter((t) => t.parentNumber === null).map(toTask);
    for (const t of tasks) t.subtasks = taskRows.filter((r) => r.parentNumber === t.number).map(toTask);
    const plan: Plan = {
      slug: planRow.slug,
      title: planRow.title,
      issuer: planRow.issuer,
      issuedOn: planRow.issuedOn,
      timezone: planRow.timezone,
      officeCode: planRow.officeUnitId ? codeOf.get(planRow.officeUnitId)! : '',
      source: undefined,
      leadingGroup: memberRows.map((m) => ({
        role: m.role,
        name: m.name,
        title: m.title ?? undefined,
        unitCode: m.unitId ? codeOf.get(m.unitId) : undefined,
        openId: m.openId ?? undefined,
      })),
      tasks,
      schedule: { ...defaultSchedule, ...((planRow.schedule ?? {}) as Partial<PlanSchedule>) },
      rounds: roundRows.map((r) => ({
        key: r.key,
        name: r.name,
        reporter: r.reporter,
        recipient: r.recipient,
        opensAt: r.opensAt,
        dueAt: r.dueAt,
        recurrence: r.recurrence,
        until: r.until ?? undefined,
        tasks: r.tasks,
        reminders: { daysBefore: r.reminderDays, at: r.reminderAt },
        rollover: r.rollover,
      })),
    };
    cache.set(slug, { version, plan });
    return plan;
  }

  async function bindLeader(name: string, openId: string, by: string, at: Date): Promise<string[]> {
    // Names in notices carry layout spaces (许 强); chat names do not.
    const plain = name.replace(/[\s\u3000]+/g, '');
    if (!plain) return [];
    const [updated] = await client.batch(
      [
        {
          sql: `UPDATE plan_members SET open_id = ? WHERE replace(replace(name, ' ', ''), '　', '') = ?
                RETURNING (SELECT slug FROM plans WHERE id = plan_id) AS slug`,
          args: [openId, plain],
        },
        { sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, 'leader.bind', ?, ?)`, args: [at.getTime(), by, openId, JSON.stringify({ name: plain })] },
      ],
      'write',
    );
    const slugs = [...new Set(updated!.rows.map((r) => String(r.slug)))];
    for (const slug of slugs) cache.delete(slug);
    return slugs;
  }

  async function assignmentFacts(slug: string, only?: { roundKey?: string; period?: string; unitCode?: string }): Promise<AssignmentFact[]> {
    // A card click needs one unit's facts of one round period, not the whole plan's history.
    const conditions: string[] = [];
    const extra: (string | number)[] = [];
    if (only?.roundKey !== undefined) {
      conditions.push(`a.round_id = (SELECT id FROM rounds WHERE plan_id = ${planIdOf} AND key = ?)`);
      extra.push(slug, only.roundKey);
    }
    if (only?.period !== undefined) {
      conditions.push('a.period = ?');
      extra.push(only.period);
    }
    if (only?.unitCode !== undefined) {
      conditions.push('a.unit_id = (SELECT id FROM units WHERE code = ?)');
      extra.push(only.unitCode);
    }
    const where = `a.plan_id = ${planIdOf} AND a.retired_at IS NULL${conditions.map((c) => ` AND ${c}`).join('')}`;
    const [rows, reportRows, reviewRows] = await client.batch(
      [
        {
          sql: `SELECT a.id, r.key AS round_key, a.period, t.number, u.code, a.opens_at, a.due_at FROM assignments a
                JOIN rounds r ON r.id = a.round_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
                WHERE ${where} ORDER BY a.id`,
          args: [slug, ...extra],
        },
        {
          sql: `SELECT rp.assignment_id, rp.submitted_at, rp.percent, rp.version FROM assignments a
                JOIN reports rp ON rp.assignment_id = a.id WHERE ${where}`,
          args: [slug, ...extra],
        },
        {
          sql: `SELECT rv.assignment_id, rv.decision, rv.at FROM assignments a
                JOIN reviews rv ON rv.assignment_id = a.id WHERE ${where}`,
          args: [slug, ...extra],
        },
      ],
      'read',
    );
    const facts = new Map<number, AssignmentFact>();
    for (const r of rows!.rows) {
      facts.set(Number(r.id), {
        id: Number(r.id),
        roundKey: String(r.round_key),
        period: String(r.period),
        taskNumber: String(r.number),
        unitCode: String(r.code),
        opensAt: new Date(Number(r.opens_at)),
        dueAt: new Date(Number(r.due_at)),
        reports: [],
        reviews: [],
      });
    }
    for (const r of reportRows!.rows) {
      facts.get(Number(r.assignment_id))?.reports.push({
        submittedAt: new Date(Number(r.submitted_at)),
        percent: Number(r.percent),
        version: Number(r.version),
      });
    }
    for (const r of reviewRows!.rows) {
      facts.get(Number(r.assignment_id))?.reviews.push({
        decision: r.decision === 'accept' ? 'accept' : 'return',
        at: new Date(Number(r.at)),
      });
    }
    return [...facts.values()];
  }

  async function claimActions(actions: readonly { key: string; planSlug: string; kind: string; dueAt: Date }[], by: string, at: Date) {
    if (actions.length === 0) return [];
    const results = await client.batch(
      actions.map((a) => ({
        sql: `INSERT INTO tick_actions (key, plan_id, kind, due_at, claimed_at, claimed_by) VALUES (?, ${planIdOf}, ?, ?, ?, ?)
              ON CONFLICT(key) DO NOTHING`,
        args: [a.key, a.planSlug, a.kind, a.dueAt.getTime(), at.getTime(), by],
      })),
      'write',
    );
    return actions.filter((_, i) => results[i]!.rowsAffected === 1).map((a) => a.key);
  }

  async function claimedKeys(slug: string, kind: string): Promise<Set<string>> {
    const rows = await client.execute({
      sql: `SELECT key FROM tick_actions WHERE plan_id = ${planIdOf} AND kind = ?`,
      args: [slug, kind],
    });
    return new Set(rows.rows.map((r) => String(r.key)));
  }

  return { listUnits, upsertUnits, savePlan, listPlans, readPlan, bindLeader, assignmentFacts, claimActions, claimedKeys };
}

export type { PlanUnit };
