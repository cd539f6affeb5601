// Every unit name of the draft looked up in the unit directory: unknown or ambiguous names
// are kept as written and flagged, with the closest names of the directory.
import type { PlanSpec } from '../plan-spec.js';
import { createUnitIndex, type UnitRef } from '../units.js';
import type { Draft, TodoPath } from './draft.js';
import { closestNames } from './unit-names.js';

/** Every unit name as written is looked up; unknown or ambiguous names are kept and flagged. */
export function checkUnits(plan: PlanSpec, directory: readonly UnitRef[], draft: Draft): void {
  const index = createUnitIndex(directory);
  const names = directory.flatMap((u) => [u.name, ...u.aliases]);
  const check = (name: string, path: TodoPath) => {
    const m = index.match(name);
    if (m.kind === 'unknown' && /^各/.test(name)) {
      draft.todo(path, `“${name}”是一类单位的统称，但名录无法把它对应到具体单位，请改写为具体单位（逐个列出）`);
    } else if (m.kind === 'unknown') {
      const close = closestNames(name, names);
      const hint = close.length > 0 ? `（最接近：${close.join('、')}）` : '';
      draft.todo(path, `“${name}”不在单位名录中${hint}，请在名录中补充（或加别名），或改成名录中的名称`);
    }
    else if (m.kind === 'ambiguous') draft.todo(path, `“${name}”对应多个单位：${m.candidates.map((c) => c.name).join('、')}，请改成其中之一`);
    else if (m.kind === 'group' && m.units.length === 0) draft.todo(path, `“${name}”指一类单位，但名录中没有这类单位，请补充名录`);
  };
  const roles = ['lead', 'cooperating', 'responsible'] as const;
  plan.tasks.forEach((task, i) => {
    for (const role of roles) task[role].forEach((n, k) => check(n, ['tasks', i, role, k]));
    task.subtasks.forEach((s, j) => {
      for (const role of roles) s[role].forEach((n, k) => check(n, ['tasks', i, 'subtasks', j, role, k]));
    });
  });
  const office = index.match(plan.office);
  if (office.kind !== 'unit' || office.unit.kind !== 'office') {
    draft.todo(['office'], `办公室“${plan.office}”在单位名录中没有对应的办公室单位，请在名录中补充或改名`);
  }
}

/** The names of the draft the directory does not know, once each in notice order, with the closest names it has. */
export function unknownUnits(plan: PlanSpec, directory: readonly UnitRef[]): { name: string; closest: string[] }[] {
  const index = createUnitIndex(directory);
  const names = directory.flatMap((u) => [u.name, ...u.aliases]);
  const written = plan.tasks.flatMap((t) => [t, ...t.subtasks]).flatMap((t) => [...t.lead, ...t.cooperating, ...t.responsible]);
  return [...new Set(written)].filter((name) => index.match(name).kind === 'unknown').map((name) => ({ name, closest: closestNames(name, names) }));
}
