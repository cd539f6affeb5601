// Scores an imported notice against a hand-read truth file (the format of
// test/fixtures/notices/real/README.md): tasks found, titles, units, deadlines.
import type { NoticeImport } from '../../src/core/notice-import.js';
import { chineseToInt } from '../../src/core/notice/numerals.js';
import type { SubtaskSpec, TaskSpec } from '../../src/core/plan-spec.js';

export interface TruthTask {
  number?: string;
  id?: string;
  section?: string;
  seq?: number;
  title: string;
  lead: string[];
  cooperating: string[];
  responsible: string[];
  /** Every unit named; computed from the roles when absent. */
  units_all?: string[];
  subtasks?: TruthTask[];
}

export interface TruthDeadline {
  task: string | null;
  item?: string;
  text: string;
  date: string | null;
  recurrence?: string;
  /** For deadlines without a date: what they are (the real truths describe it in `recurrence`). */
  kind?: 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'ongoing' | 'relative';
  month?: number;
  day?: number;
}

export interface Truth {
  title: string;
  tasks: TruthTask[];
  deadlines: TruthDeadline[];
  /** How units are scored: by role where the notice labels roles, else the set of all units. */
  score?: 'roles' | 'all';
  /** Task id → other unit sets a scorer accepts (units_all), for readings that could go either way. */
  accept?: Record<string, string[][]>;
}

export interface TaskScore {
  truth: string;
  found: boolean;
  title: boolean;
  number: boolean;
  units: boolean;
  got?: string;
}

export interface NoticeScore {
  name: string;
  total: number;
  found: number;
  titles: number;
  numbers: number;
  units: number;
  deadlines: number;
  deadlinesTotal: number;
  tasks: TaskScore[];
  missedDeadlines: string[];
}

const fold = (s: string) =>
  s
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/，/g, ',')
    .replace(/；/g, ';')
    .replace(/：/g, ':')
    .replace(/[。.]+$/, '');

/** （十二） → 12, 1. → 1, 八、 → 8. */
export function numberValue(written: string): number | undefined {
  const core = written.replace(/[（()）、.．\s]/g, '');
  return core ? chineseToInt(core) : undefined;
}

type Roles = { lead: string[]; cooperating: string[]; responsible: string[] };
const roles = (t: Roles) => ({ lead: t.lead.map(fold), cooperating: t.cooperating.map(fold), responsible: t.responsible.map(fold) });
const allOf = (t: Roles & { subtasks?: readonly Roles[] }) =>
  [...new Set([t, ...(t.subtasks ?? [])].flatMap((x) => [...x.lead, ...x.cooperating, ...x.responsible]).map(fold))].sort();
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const unitsOf = (t: TruthTask) => t.units_all ?? [...t.lead, ...t.cooperating, ...t.responsible];

function unitsRight(truth: TruthTask, task: TaskSpec, mode: 'roles' | 'all', accept: string[][] | undefined): boolean {
  const subs = truth.subtasks ?? [];
  if (subs.length !== task.subtasks.length) return false;
  const pairs: [TruthTask, TaskSpec | SubtaskSpec][] = [[truth, task], ...subs.map((s, k): [TruthTask, SubtaskSpec] => [s, task.subtasks[k]!])];
  if (mode === 'roles') return pairs.every(([t, g]) => same(roles(t), roles(g)));
  const got = allOf(task);
  const wanted = [unitsOf(truth), ...(accept ?? [])].map((u) => [...new Set(u.map(fold))].sort());
  if (!wanted.some((w) => same(w, got))) return false;
  return pairs.slice(1).every(([t, g]) => same([...new Set(unitsOf(t).map(fold))].sort(), allOf(g)));
}

const idOf = (t: TruthTask) => t.id ?? t.number ?? '';

/** Truth task i → imported task index, aligned in order by title, else by number. */
function align(truth: readonly TruthTask[], r: NoticeImport): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let p = 0;
  for (const t of truth) {
    let hit: number | undefined;
    for (let j = p; j < Math.min(r.plan.tasks.length, p + 4); j++) {
      if (fold(r.plan.tasks[j]!.title) === fold(t.title)) {
        hit = j;
        break;
      }
    }
    if (hit === undefined && p < r.plan.tasks.length && numberValue(r.origins[p]?.written ?? '') === numberValue(t.number ?? '')) hit = p;
    out.push(hit);
    if (hit !== undefined) p = hit + 1;
  }
  return out;
}

function monthOf(text: string): number | undefined {
  const m = /每年(\d{1,2})月/.exec(text) ?? /(\d{1,2})月底前/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function scoreNotice(name: string, truth: Truth, r: NoticeImport): NoticeScore {
  const mode = truth.score ?? 'roles';
  const at = align(truth.tasks, r);
  const tasks: TaskScore[] = truth.tasks.map((t, i) => {
    const j = at[i];
    const task = j === undefined ? undefined : r.plan.tasks[j];
    const origin = j === undefined ? undefined : r.origins[j];
    if (!task) return { truth: `${idOf(t)} ${t.title}`, found: false, title: false, number: false, units: false };
    const got = `${origin?.written ?? task.number} ${task.title} ${JSON.stringify(roles(task))}${task.subtasks.length ? ` +${task.subtasks.length} subtasks ${JSON.stringify(task.subtasks.map(roles))}` : ''}`;
    return {
      truth: `${idOf(t)} ${t.title} ${JSON.stringify(roles(t))}${t.subtasks?.length ? ` +${t.subtasks.length} subtasks` : ''}`,
      found: true,
      title: fold(task.title) === fold(t.title),
      number: numberValue(origin?.written ?? '') === numberValue(t.number ?? ''),
      units: unitsRight(t, task, mode, truth.accept?.[idOf(t)]),
      got,
    };
  });
  const missedDeadlines: string[] = [];
  let deadlines = 0;
  for (const d of truth.deadlines) {
    const k = d.task === null ? undefined : truth.tasks.findIndex((t) => idOf(t) === d.task);
    const wantTask = k === undefined ? null : (at[k] ?? -1);
    const hit = r.deadlines.some((e) => {
      if (e.task !== wantTask) return false;
      if (d.date) return e.date === d.date;
      if (d.kind === 'ongoing') return e.ongoing === true;
      if (d.kind === 'relative') return e.relative !== undefined;
      if (d.kind) return e.recurrence?.period === d.kind && (d.month === undefined || e.recurrence.month === d.month) && (d.day === undefined || e.recurrence.day === d.day);
      return e.recurrence?.period === 'annual' && e.recurrence.month === monthOf(d.text);
    });
    if (hit) deadlines++;
    else missedDeadlines.push(`${d.task ?? d.item ?? '-'}: ${d.text} (${d.date ?? d.recurrence})`);
  }
  return {
    name,
    total: truth.tasks.length,
    found: tasks.filter((t) => t.found).length,
    titles: tasks.filter((t) => t.title).length,
    numbers: tasks.filter((t) => t.number).length,
    units: tasks.filter((t) => t.units).length,
    deadlines,
    deadlinesTotal: truth.deadlines.length,
    tasks,
    missedDeadlines,
  };
}

export function formatScore(s: NoticeScore): string {
  const head = `${s.name.padEnd(34)} tasks ${s.found}/${s.total} found, titles ${s.titles}/${s.total}, numbers ${s.numbers}/${s.total}, units ${s.units}/${s.total} exact, deadlines ${s.deadlines}/${s.deadlinesTotal}`;
  const wrong = s.tasks.filter((t) => !(t.found && t.title && t.units)).map((t) => `    want ${t.truth}\n     got ${t.got ?? '(not found)'}`);
  const missed = s.missedDeadlines.map((d) => `    deadline missed: ${d}`);
  return [head, ...wrong, ...missed].join('\n');
}
