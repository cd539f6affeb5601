// The plan as JSON for machines (`plan show --json`, `plan import --json`): unit names as written.
import { planUnitCodes, type Plan, type PlanUnit, type Task } from '../core/plan.js';
import { toZonedIso } from '../core/time.js';

export interface PlanJson {
  slug: string;
  title: string;
  issuer: string;
  issuedOn: string;
  timezone: string;
  office: string;
  units: { code: string; name: string; kind: string; aliases: string[]; toConfirm: boolean }[];
  leadingGroup: { role: string; name: string; title?: string | undefined; unit?: string | undefined }[];
  tasks: TaskJson[];
  rounds: {
    key: string;
    name: string;
    reporter: string;
    recipient: string;
    opensAt: string;
    dueAt: string;
    recurrence: string | null;
    until: string | null;
    tasks: number[];
    reminders: { daysBefore: number[]; at: string };
  }[];
}

export interface TaskJson {
  number: number | string;
  title: string;
  short: string;
  body: string;
  lead: string[];
  cooperating: string[];
  responsible: string[];
  indicators: { key: string; name: string; unit: string; comparator: string; target: number; due: string | null }[];
  subtasks?: TaskJson[];
}

export function toPlanJson(plan: Plan, units: readonly PlanUnit[]): PlanJson {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const name = (code: string) => byCode.get(code)?.name ?? code;
  const used = planUnitCodes(plan);
  const toTask = (t: Task): TaskJson => ({
    number: t.parent ? t.number : Number(t.number),
    title: t.title,
    short: t.short,
    body: t.body,
    lead: t.lead.map(name),
    cooperating: t.cooperating.map(name),
    responsible: t.responsible.map(name),
    indicators: t.indicators.map((i) => ({ key: i.key, name: i.name, unit: i.unit, comparator: i.comparator, target: i.target, due: i.due ?? null })),
    ...(t.parent ? {} : { subtasks: t.subtasks.map(toTask) }),
  });
  return {
    slug: plan.slug,
    title: plan.title,
    issuer: plan.issuer,
    issuedOn: plan.issuedOn,
    timezone: plan.timezone,
    office: name(plan.officeCode),
    units: units
      .filter((u) => used.has(u.code))
      .map((u) => ({ code: u.code, name: u.name, kind: u.kind, aliases: [...u.aliases], toConfirm: u.toConfirm })),
    leadingGroup: plan.leadingGroup.map((m) => ({ role: m.role, name: m.name, title: m.title, unit: m.unitCode ? name(m.unitCode) : undefined })),
    tasks: plan.tasks.map(toTask),
    rounds: plan.rounds.map((r) => ({
      key: r.key,
      name: r.name,
      reporter: r.reporter,
      recipient: r.recipient,
      opensAt: toZonedIso(r.opensAt, plan.timezone),
      dueAt: toZonedIso(r.dueAt, plan.timezone),
      recurrence: r.recurrence,
      until: r.until ?? null,
      tasks: r.tasks.map(Number),
      reminders: r.reminders,
    })),
  };
}
