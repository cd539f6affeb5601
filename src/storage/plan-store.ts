// Plans (tasks, rounds, leading group) and the assignments they expand to, in libSQL. Every write is one atomic `batch`
// (libSQL calls block the event loop; an interactive transaction would stall others).
import type { InStatement } from '@libsql/client';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import * as s from '../../db/schema.js';
import type { PlanStore, SavePlanResult } from '../app/ports/index.js';
import { defaultSchedule, type Indicator, type Member, type Plan, type PlanSchedule, type Round, type Task } from '../core/plan.js';
import type { AssignmentKey } from '../core/schedule.js';
import type { Database } from './database.js';
import { chunk, planIdOf } from './facts.js';


export function createPlanStore(database: Database): PlanStore {
  const { client, db } = database;
  // A plan changes only when it is loaded again (or a leader is bound), while every click and
  // tick reads it: keep the last one read, and check both in one small query before reusing it.
  const cache = new Map<string, { version: string; plan: Plan }>();

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
        sql: `INSERT INTO tasks (plan_id, number, parent_number, position, title, short, body, digest)
              VALUES (${planIdOf}, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(plan_id, number) DO UPDATE SET parent_number = excluded.parent_number, position = excluded.position,
                title = excluded.title, short = excluded.short, body = excluded.body, digest = excluded.digest, retired_at = NULL`,
        args: [slug, t.number, t.parent ?? null, position++, t.title, t.short, t.body, t.digestToCooperating ? 'cooperating' : null],
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
          sql: `INSERT INTO indicators (task_id, key, position, name, unit, comparator, target, due, aggregate) VALUES (${taskIdOf}, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [slug, t.number, ind.key, i, ind.name, ind.unit, ind.comparator, ind.target, ind.due ?? null, ind.aggregate],
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
          .map((i) => ({ key: i.key, name: i.name, unit: i.unit, comparator: i.comparator, target: i.target, due: i.due ?? undefined, aggregate: i.aggregate })),
        subtasks: [],
        digestToCooperating: row.digest === 'cooperating',
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

  return { savePlan, listPlans, readPlan, bindLeader };
}
