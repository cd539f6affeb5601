// The resolved plan: a checked PlanSpec whose unit names are matched against the
// directory, with collective phrases (各县(市、区)人民政府) expanded to units.
import type {
  Comparator,
  ContactRole,
  MemberSpec,
  PlanSpec,
  RecipientRole,
  Recurrence,
  ReporterRole,
  SubtaskSpec,
  TaskSpec,
} from './plan-spec.js';
import { createUnitIndex, type UnitRef } from './units.js';

export interface PlanUnit extends UnitRef {
  toConfirm: boolean;
  note?: string | undefined;
}

export interface Indicator {
  key: string;
  name: string;
  unit: string;
  comparator: Comparator;
  target: number;
  due?: string | undefined;
  /** How the units' values add up for the city (the lead department's draft). */
  aggregate: IndicatorAggregate;
}

export type IndicatorAggregate = 'per-unit' | 'sum' | 'mean' | 'min' | 'max';

export interface Task {
  /** "3" for a task, "6.1" for a sub-task. */
  number: string;
  parent?: string | undefined;
  title: string;
  short: string;
  body: string;
  /** Unit codes by role. */
  lead: string[];
  cooperating: string[];
  responsible: string[];
  indicators: Indicator[];
  subtasks: Task[];
  /** Cooperating units get a read-only copy of the lead's digests. */
  digestToCooperating: boolean;
}

export interface Round {
  key: string;
  name: string;
  reporter: ReporterRole;
  recipient: RecipientRole;
  opensAt: Date;
  dueAt: Date;
  recurrence: Recurrence | null;
  until?: string | undefined;
  /** Top-level task numbers in this round. */
  tasks: string[];
  reminders: { daysBefore: number[]; at: string };
  rollover: boolean;
}

export interface Member {
  role: string;
  name: string;
  title?: string | undefined;
  unitCode?: string | undefined;
  openId?: string | undefined;
}

/** When the scheduler speaks (plan-wide; rounds carry their own reminder days). */
export interface PlanSchedule {
  pingAt: string;
  summaryAt: string;
  quietBefore: string;
  quietAfter: string;
  catchUpMs: number;
  flagAfterWorkdays: number;
}

export const defaultSchedule: PlanSchedule = {
  pingAt: '09:00',
  summaryAt: '18:00',
  quietBefore: '08:30',
  quietAfter: '18:30',
  catchUpMs: 24 * 3600_000,
  flagAfterWorkdays: 3,
};

export interface Plan {
  slug: string;
  title: string;
  issuer: string;
  issuedOn: string;
  timezone: string;
  officeCode: string;
  leadingGroup: Member[];
  tasks: Task[];
  rounds: Round[];
  schedule: PlanSchedule;
  source?: string | undefined;
}

export interface DirectoryContact {
  name?: string | undefined;
  openId?: string | undefined;
  mobile?: string | undefined;
  email?: string | undefined;
  role: ContactRole;
}

export interface SpecIssue {
  path: (string | number)[];
  message: string;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; issues: SpecIssue[] };

/** Formats a path the way a person finds it in the YAML: tasks[5].subtasks[0].lead[1]. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

export function resolvePlan(spec: PlanSpec, units: readonly PlanUnit[]): Resolved<Plan> {
  const index = createUnitIndex(units);
  const issues: SpecIssue[] = [];

  const resolveNames = (names: readonly string[], path: (string | number)[]): string[] => {
    const codes: string[] = [];
    names.forEach((name, i) => {
      const m = index.match(name);
      if (m.kind === 'unit') codes.push(m.unit.code);
      else if (m.kind === 'group') {
        if (m.units.length === 0) issues.push({ path: [...path, i], message: `"${name}" stands for every ${m.groupKind} unit, but the directory has none` });
        codes.push(...m.units.map((u) => u.code));
      } else if (m.kind === 'ambiguous') {
        issues.push({ path: [...path, i], message: `"${name}" could be ${m.candidates.map((c) => c.name).join(' or ')}; write the full name` });
      } else issues.push({ path: [...path, i], message: `unknown unit "${name}" (not in the unit directory)` });
    });
    return [...new Set(codes)];
  };

  const resolveUnit = (name: string, path: (string | number)[]): string | undefined => {
    const m = index.match(name);
    if (m.kind === 'unit') return m.unit.code;
    issues.push({ path, message: m.kind === 'unknown' ? `unknown unit "${name}" (not in the unit directory)` : `"${name}" does not name one unit` });
    return undefined;
  };

  const toTask = (t: TaskSpec | SubtaskSpec, number: string, path: (string | number)[], parent?: string): Task => ({
    number,
    parent,
    title: t.title,
    short: t.short ?? t.title,
    body: t.body,
    lead: resolveNames(t.lead, [...path, 'lead']),
    cooperating: resolveNames(t.cooperating, [...path, 'cooperating']),
    responsible: resolveNames(t.responsible, [...path, 'responsible']),
    indicators: t.indicators.map((ind, i) => ({
      key: ind.key ?? `i${i + 1}`,
      name: ind.name,
      unit: ind.unit,
      comparator: ind.comparator,
      target: ind.target,
      due: ind.due,
      aggregate: ind.aggregate ?? 'per-unit',
    })),
    subtasks: [],
    digestToCooperating: (t.digest ?? spec.digest) === 'cooperating',
  });

  const seenNumbers = new Set<number>();
  const tasks = spec.tasks.map((t, i) => {
    const path = ['tasks', i];
    if (seenNumbers.has(t.number)) issues.push({ path: [...path, 'number'], message: `task number ${t.number} appears twice` });
    seenNumbers.add(t.number);
    const task = toTask(t, String(t.number), path);
    task.subtasks = t.subtasks.map((s, j) => {
      const number = s.number ?? `${t.number}.${j + 1}`;
      if (!number.startsWith(`${t.number}.`)) issues.push({ path: [...path, 'subtasks', j, 'number'], message: `sub-task ${number} is not numbered under task ${t.number}` });
      return toTask(s, number, [...path, 'subtasks', j], task.number);
    });
    // A task whose units are all written on its sub-tasks (task 6 of the seed) answers for their union.
    for (const role of ['lead', 'cooperating', 'responsible'] as const) {
      if (task[role].length === 0) task[role] = [...new Set(task.subtasks.flatMap((s) => s[role]))];
    }
    if (task.responsible.length === 0 && task.lead.length === 0) {
      issues.push({ path, message: `task ${t.number} has neither lead nor responsible units` });
    }
    return task;
  });

  const officeCode = resolveUnit(spec.office, ['office']);
  if (officeCode && index.byCode(officeCode)?.kind !== 'office') {
    issues.push({ path: ['office'], message: `"${spec.office}" is not a unit of kind office in the directory` });
  }

  const leadingGroup = spec.leadingGroup.map((m: MemberSpec, i): Member => ({
    role: m.role,
    name: m.name,
    title: m.title,
    unitCode: m.unit ? resolveUnit(m.unit, ['leadingGroup', i, 'unit']) : undefined,
    openId: m.openId,
  }));

  const topNumbers = new Set(tasks.map((t) => t.number));
  const seenRounds = new Set<string>();
  const rounds = spec.rounds.map((r, i): Round => {
    if (seenRounds.has(r.key)) issues.push({ path: ['rounds', i, 'key'], message: `round key ${r.key} appears twice` });
    seenRounds.add(r.key);
    const roundTasks = (r.tasks ?? tasks.map((t) => Number(t.number))).map(String);
    roundTasks.forEach((n, j) => {
      if (!topNumbers.has(n)) issues.push({ path: ['rounds', i, 'tasks', j], message: `task ${n} is not in the plan` });
    });
    return {
      key: r.key,
      name: r.name,
      reporter: r.reporter,
      recipient: r.recipient,
      opensAt: new Date(r.opensAt),
      dueAt: new Date(r.dueAt),
      recurrence: r.recurrence,
      until: r.until,
      tasks: roundTasks,
      reminders: { daysBefore: [...r.reminders.daysBefore], at: r.reminders.at },
      rollover: r.rollover,
    };
  });

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      slug: spec.slug,
      title: spec.title,
      issuer: spec.issuer,
      issuedOn: spec.issuedOn,
      timezone: spec.timezone,
      officeCode: officeCode!,
      leadingGroup,
      tasks,
      rounds,
      schedule: {
        pingAt: spec.schedule.pingAt,
        summaryAt: spec.schedule.summaryAt,
        quietBefore: spec.schedule.quietHours.from,
        quietAfter: spec.schedule.quietHours.to,
        catchUpMs: spec.schedule.catchUpHours * 3600_000,
        flagAfterWorkdays: spec.schedule.flagAfterWorkdays,
      },
      source: spec.source,
    },
  };
}

/** Every task and sub-task, parents first. */
export function allTasks(plan: Pick<Plan, 'tasks'>): Task[] {
  return plan.tasks.flatMap((t) => [t, ...t.subtasks]);
}

/** The units a plan touches, in directory order. */
export function planUnitCodes(plan: Plan): Set<string> {
  const codes = new Set<string>([plan.officeCode]);
  for (const t of allTasks(plan)) for (const c of [...t.lead, ...t.cooperating, ...t.responsible]) codes.add(c);
  for (const m of plan.leadingGroup) if (m.unitCode) codes.add(m.unitCode);
  return codes;
}
