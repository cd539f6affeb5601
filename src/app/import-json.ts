// `plan import --json`: the plan as design.md shapes it, each task and sub-task with added
// fields only — its number as written, where its units came from, its doubts and deadlines —
// and the notice's deadlines and TODOs.
import { describeDeadline, describeSource, type FoundDeadline, type NoticeImport, type TaskOrigin } from '../core/notice-import.js';
import { formatPath } from '../core/plan.js';

interface TaskLike {
  number: number | string;
  subtasks?: readonly object[];
}

const deadlineJson = (d: FoundDeadline) => ({
  text: d.text,
  date: d.date ?? null,
  recurrence: d.recurrence ?? null,
  relative: d.relative ?? null,
  ongoing: d.ongoing ?? false,
  description: describeDeadline(d),
});

function details(origin: TaskOrigin | undefined) {
  if (!origin) return {};
  return {
    numberAsWritten: origin.written,
    section: origin.section,
    unitsFrom: { ...origin.units, description: describeSource(origin.units) },
    doubts: origin.doubts,
    deadlines: origin.deadlines.map(deadlineJson),
  };
}

export function toImportJson<P extends { tasks: readonly TaskLike[] }>(plan: P, result: NoticeImport) {
  const tasks = plan.tasks.map((t, i) => {
    const origin = result.origins[i];
    return { ...t, ...details(origin), subtasks: (t.subtasks ?? []).map((s, k) => ({ ...s, ...details(origin?.subtasks[k]) })) };
  });
  return {
    ...plan,
    tasks,
    deadlines: result.deadlines.map((d) => ({ task: d.task === null ? null : (plan.tasks[d.task]?.number ?? null), ...deadlineJson(d) })),
    todos: result.todos.map((t) => ({ path: formatPath(t.path), message: t.message })),
  };
}
