// Renders an imported draft plan as a YAML plan file an office clerk can read and edit:
// fields in a fixed order, short lists inline, and every open question as a `# TODO:`
// comment right above the value it concerns (or at the top when it has no place).
import { Document, isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import { describeDeadline, describeSource, type NoticeImport, type NoticeTodo, type TaskOrigin, type TodoPath } from '../core/notice-import.js';
import { defaultScheduleSpec } from '../core/plan-spec.js';

type Plain = Record<string, unknown>;

const planOrder = ['slug', 'title', 'issuer', 'issuedOn', 'timezone', 'directory', 'office', 'source', 'schedule', 'leadingGroup', 'rounds', 'tasks'];
const taskOrder = ['number', 'short', 'title', 'body', 'lead', 'cooperating', 'responsible', 'indicators', 'subtasks'];
const roundOrder = ['key', 'name', 'reporter', 'recipient', 'tasks', 'opensAt', 'dueAt', 'recurrence', 'until', 'reminders', 'rollover'];
const memberOrder = ['role', 'name', 'title', 'unit', 'openId'];
const indicatorOrder = ['key', 'name', 'unit', 'comparator', 'target', 'due'];

const header = [
  ' 计划草稿：由 `duban plan import` 从通知生成。',
  ' 请逐条处理下面的 TODO（改好后删去该注释），再用 `duban plan load` 载入。',
  ' 单位名称保持通知原文写法；标题、正文和单位请与原文核对。',
];

const key = (path: readonly (string | number)[]) => path.join('\u0000');

export function toPlanYaml(result: NoticeImport): string {
  // Paths that carry a TODO, and all their prefixes: such nodes stay even when empty.
  const flagged = new Set<string>();
  for (const t of result.todos) for (let i = 1; i <= t.path.length; i++) flagged.add(key(t.path.slice(0, i)));

  // The default schedule says nothing an office needs to see; a changed one is written out.
  const { schedule, ...rest } = result.plan;
  const plan = JSON.stringify(schedule) === JSON.stringify(defaultScheduleSpec) ? rest : result.plan;
  const doc = new Document(ordered(plan, [], flagged));
  setFlowStyles(doc.contents, [], flagged);
  // 09:00 is a string to YAML 1.2 but a number (sexagesimal) to YAML 1.1 readers: quote it.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /^\d{1,2}:\d{2}$/.test(node.value)) node.type = 'QUOTE_SINGLE';
    },
  });

  noteOrigins(doc.contents, result.origins);
  const top: string[] = [];
  const attached = new Map<Node, string[]>();
  for (const todo of result.todos) {
    const place = locate(doc.contents, todo);
    if (place) attached.set(place.node, [...(attached.get(place.node) ?? []), place.text]);
    else top.push(todoLines(todo.path.length ? `（${todo.path.join('.')}）${todo.message}` : todo.message));
  }
  for (const [node, texts] of attached) node.commentBefore = [node.commentBefore, ...texts].filter(Boolean).join('\n');
  doc.commentBefore = [...header, ...(top.length ? ['', ...top] : [])].join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Above each task and sub-task: where its units came from, what is doubtful, the deadlines found. */
function noteOrigins(root: unknown, origins: readonly TaskOrigin[]): void {
  if (!isMap(root)) return;
  const tasks = root.get('tasks', true);
  if (!isSeq(tasks)) return;
  const note = (node: unknown, origin: TaskOrigin | undefined) => {
    if (!origin || !isMap(node)) return;
    const lines = [
      ` 单位来源：${describeSource(origin.units)}`,
      ...origin.doubts.map((d) => ` 存疑：${d}`),
      ...origin.deadlines.map((d) => ` 时限：${describeDeadline(d)}`),
    ];
    node.commentBefore = [node.commentBefore, ...lines].filter(Boolean).join('\n');
  };
  tasks.items.forEach((item, i) => {
    const origin = origins[i];
    note(item, origin);
    const subtasks = isMap(item) ? item.get('subtasks', true) : undefined;
    if (isSeq(subtasks)) subtasks.items.forEach((s, k) => note(s, origin?.subtasks[k]));
  });
}

function todoLines(message: string): string {
  return message
    .split('\n')
    .map((line, i) => (i === 0 ? ` TODO: ${line}` : `       ${line}`))
    .join('\n');
}

/** The field order of the record at a path (the plan, tasks.3, rounds.0 …), as in the seed file. */
function fieldOrder(path: TodoPath): string[] {
  const [head, , sub] = path;
  if (path.length === 0) return planOrder;
  if (head === 'tasks' && path.at(-2) === 'indicators') return indicatorOrder;
  if (head === 'tasks' && (path.length === 2 || (sub === 'subtasks' && path.length === 4))) return taskOrder;
  if (head === 'rounds' && path.length === 2) return roundOrder;
  if (head === 'leadingGroup' && path.length === 2) return memberOrder;
  return [];
}

/**
 * Copies a value with its fields in reading order, leaving out what the schema fills in
 * anyway (empty lists, `rollover: false`, no recurrence) unless a TODO points at it.
 */
function ordered(value: unknown, path: TodoPath, flagged: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v, i) => ordered(v, [...path, i], flagged));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Plain;
  const order = fieldOrder(path);
  const keys = [...order.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !order.includes(k))];
  const out: Plain = {};
  for (const k of keys) {
    const v = obj[k];
    const here = [...path, k];
    const isDefault =
      v === undefined ||
      (Array.isArray(v) && v.length === 0) ||
      (k === 'rollover' && v === false) ||
      (k === 'recurrence' && v === null) ||
      (k === 'body' && v === '');
    if (isDefault && !flagged.has(key(here))) continue;
    out[k] = ordered(v, here, flagged);
  }
  return out;
}

/** Short lists and small records inline ([市教育体育局], { role: 组长, … }), as in the hand-written seed. */
function setFlowStyles(node: unknown, path: TodoPath, flagged: ReadonlySet<string>): void {
  if (isSeq(node)) {
    const scalarsOnly = node.items.every((i) => isScalar(i));
    // A comment inside an inline list would break it, so a flagged list stays a block.
    const flaggedInside = node.items.some((_, i) => flagged.has(key([...path, i])));
    if (scalarsOnly && node.items.length > 0 && !flaggedInside) node.flow = true;
    node.items.forEach((item, i) => setFlowStyles(item, [...path, i], flagged));
  } else if (isMap(node)) {
    const last = path.at(-1);
    const parent = path.at(-2);
    const small = parent === 'leadingGroup' || parent === 'indicators' || last === 'reminders';
    const flaggedInside = node.items.some((p) => isScalar(p.key) && flagged.has(key([...path, String(p.key.value)])));
    if (small && !flaggedInside) node.flow = true;
    for (const pair of node.items) {
      if (isScalar(pair.key)) setFlowStyles(pair.value, [...path, String(pair.key.value)], flagged);
    }
  }
}

/**
 * The node a TODO's comment goes above: the key of a mapping entry or the item of a list.
 * When the path runs out early, the deepest existing node takes the comment, naming the rest.
 */
function locate(root: unknown, todo: NoticeTodo): { node: Node; text: string } | undefined {
  let current: unknown = root;
  let anchor: Node | undefined;
  let anchorDepth = 0;
  let depth = 0;
  for (const seg of todo.path) {
    if (isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair || !isScalar(pair.key)) break;
      anchor = pair.key;
      anchorDepth = depth + 1;
      current = pair.value;
    } else if (isSeq(current) && typeof seg === 'number' && current.items[seg] !== undefined) {
      const item = current.items[seg];
      // Items of an inline list cannot carry comments; the list's own key keeps them.
      if (!current.flow && (isScalar(item) || isMap(item) || isSeq(item))) {
        anchor = item;
        anchorDepth = depth + 1;
      }
      current = item;
    } else break;
    depth++;
  }
  if (!anchor) return undefined;
  const rest = todo.path.slice(anchorDepth);
  return { node: anchor, text: todoLines(rest.length ? `（${rest.join('.')}）${todo.message}` : todo.message) };
}
