// Turns an official notice (通知/行动方案/意见/函) into a draft plan: header, leading group,
// tasks and sub-tasks with their units, quantified targets, deadlines and reporting rounds,
// and per task where its units came from and what is doubtful. Pure; whatever it cannot
// place becomes a TODO for the office to settle instead of a silent guess.
import { defaultScheduleSpec, planSpec, type PlanSpec, type SubtaskSpec, type TaskSpec } from '../plan-spec.js';
import { zonedInstant } from '../time.js';
import { dateOnly, findDeadlines, readDeadlineCell, type FoundDeadline } from './dates.js';
import { checkUnits } from './directory-check.js';
import { Draft, type TodoPath } from './draft.js';
import { readHeader, slugFor } from './header.js';
import { addIndicators, noteStrayTargets } from './indicators.js';
import { findOffice, readLeadingGroup } from './leading-group.js';
import { RoundBuilder, validityEnd } from './rounds.js';
import { readTasks, type PartDraft, type TaskDraft } from './tasks.js';
import { splitTopLevel, toLines } from './text.js';
import type { ImportNoticeOptions, NoticeDeadline, NoticeImport, TaskOrigin } from './types.js';

const defaultTimezone = 'Asia/Shanghai';

export function importNotice(text: string, options: ImportNoticeOptions = {}): NoticeImport {
  const draft = new Draft();
  const lines = toLines(text);

  let timezone = options.timezone ?? defaultTimezone;
  try {
    zonedInstant('2020-01-01', '00:00', timezone);
  } catch {
    draft.todo(['timezone'], `未知时区“${timezone}”，已改用 ${defaultTimezone}`);
    timezone = defaultTimezone;
  }

  const header = readHeader(lines, draft);
  const read = readTasks(lines, header.bodyStart, header.bodyEnd, draft);
  if (read.tasks.length > 0 && read.tasks.every((t) => t.source.kind === 'none' && t.subtasks.length === 0)) {
    draft.todo(['tasks'], '任务条目中没有找到“牵头单位/责任单位”，请逐项填写单位');
  }
  if (!read.taskHeading && read.skipped.length > 0) {
    draft.todo(['tasks'], `未找到“主要任务”标题，按带单位的条目识别任务；以下条目未作为任务：${read.skipped.join('；')}`);
  }
  const consumed = new Set(read.tasks.flatMap((t) => t.lines));
  const tasks = read.tasks.map((t, i) => toTask(t, i, draft));
  if (tasks.length === 0) {
    draft.todo(['tasks', 0], '未能识别任何任务条目，请手工填写任务');
    tasks.push({ ...emptyTask(1), title: '待填写任务' });
  }
  renumber(tasks, read.tasks, draft);
  const firstTaskLine = Math.min(...consumed, lines.length);
  addShortNames(tasks, lines.slice(header.bodyStart, firstTaskLine).join('\n'));

  // Text that is no task's (cover letter, 总体要求, 工作要求, closing lines) holds the plan-wide rounds.
  const outside = lines.map((l, i) => (consumed.has(i) || dateOnly(l) ? '' : l));
  const until = validityEnd(text);
  const rounds = new RoundBuilder(draft, timezone, header.issuedOn, until);
  rounds.fromText(outside.filter((l) => l).join('\n'), undefined);
  tasks.forEach((task, i) => {
    const all = [task, ...task.subtasks];
    rounds.fromText(all.map((t) => `${t.title}。${t.body}`).join('\n'), { number: task.number, index: i, short: task.short });
    addIndicators(task, ['tasks', i], draft);
    task.subtasks.forEach((s, k) => addIndicators(s, ['tasks', i, 'subtasks', k], draft));
  });
  read.tasks.forEach((t, i) => {
    if (t.deadlineCell !== undefined) rounds.fromDeadline(t.deadlineCell, tasks[i]!.number, i);
  });
  noteStrayTargets(outside.slice(header.bodyStart), draft);

  const office = findOffice(text, rounds.officeRecipient(), draft);
  const leadingGroup = readLeadingGroup(lines, office, options.directory, draft);

  const plan: PlanSpec = {
    slug: options.slug ?? slugFor(header.issuedOn, draft),
    title: header.title,
    issuer: header.issuer,
    issuedOn: header.issuedOn ?? '2000-01-01',
    timezone,
    office: office.name,
    schedule: defaultScheduleSpec,
    leadingGroup,
    tasks,
    rounds: rounds.rounds,
  };
  if (!header.issuedOn) draft.todo(['issuedOn'], '未找到成文日期，请填写（格式 2020-08-19）');
  if (options.directory) checkUnits(plan, options.directory, draft);
  else draft.todo(['directory'], '未提供单位名录：单位名称未核对。请设置 directory 为单位名录文件（如 units.yaml）');

  // A safety net: anything the schema still rejects is reported, never hidden.
  const parsed = planSpec.safeParse(plan);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      draft.todo(issue.path.filter((p): p is string | number => typeof p !== 'symbol'), `不符合计划文件格式：${issue.message}`);
    }
  }

  const year = header.issuedOn ? Number(header.issuedOn.slice(0, 4)) : undefined;
  const origins = read.tasks.map((t) => toOrigin(t, year));
  if (origins.length < tasks.length) origins.push(...tasks.slice(origins.length).map((t) => placeholderOrigin(t)));
  const deadlines: NoticeDeadline[] = [
    ...findDeadlines(outside.filter((l) => l).join('\n'), year).map((d) => ({ ...d, task: null })),
    ...origins.flatMap((o, i) => [o, ...o.subtasks].flatMap((x) => x.deadlines).map((d) => ({ ...d, task: i }))),
  ];
  return { plan, todos: draft.todos, origins, deadlines };
}

function emptyTask(number: number): TaskSpec {
  return { number, title: '', body: '', lead: [], cooperating: [], responsible: [], indicators: [], subtasks: [] };
}

const inferred = (p: PartDraft) => p.source.kind === 'inline' || p.source.kind === 'inherited';
const namesOf = (p: PartDraft) => [...p.lead, ...p.cooperating, ...p.responsible].join('、');

/** One item → one task, with a TODO wherever the units are missing or only inferred. */
function toTask(item: TaskDraft, index: number, draft: Draft): TaskSpec {
  const path: TodoPath = ['tasks', index];
  const task = emptyTask(item.n);
  task.title = item.title || '待填写任务';
  task.body = item.body;
  if (!item.title) draft.todo([...path, 'title'], '该条目没有文字，请填写任务名称');
  Object.assign(task, { lead: item.lead, cooperating: item.cooperating, responsible: item.responsible });
  for (const u of item.unknown) draft.todo(path, `未识别的单位类别“${u}”，请归入牵头、配合或责任单位`);
  task.subtasks = item.subtasks.map((s, k): SubtaskSpec => {
    for (const u of s.unknown) draft.todo([...path, 'subtasks', k], `未识别的单位类别“${u}”，请归入牵头、配合或责任单位`);
    return { number: `${item.n}.${k + 1}`, title: s.title, body: s.body, lead: s.lead, cooperating: s.cooperating, responsible: s.responsible, indicators: [] };
  });
  if (item.source.kind === 'none' && item.subtasks.length === 0) {
    draft.todo([...path, 'lead'], '该任务没有写明牵头/责任单位，请填写');
  } else if (inferred(item)) {
    draft.todo([...path, 'lead'], `该任务没有单位括注，单位按正文推断为“${namesOf(item)}”，请核对并写明牵头单位`);
  } else if (item.source.presumedLead) {
    draft.todo([...path, 'lead'], `原文未写明牵头单位，暂以列第一位的“${item.lead.join('、')}”为牵头单位，请核对`);
  } else if (task.subtasks.length === 0 && task.lead.length === 0) {
    draft.todo([...path, 'lead'], '该任务没有写明牵头单位，请填写（牵头单位汇总并向办公室报送）');
  }
  item.subtasks.forEach((s, k) => {
    if (inferred(s)) draft.todo([...path, 'subtasks', k, 'lead'], `该子任务的单位按正文推断为“${namesOf(s)}”，请核对`);
    else if (s.source.presumedLead) draft.todo([...path, 'subtasks', k, 'lead'], `原文未写明牵头单位，暂以列第一位的“${s.lead.join('、')}”为牵头单位，请核对`);
    else if (s.lead.length === 0) draft.todo([...path, 'subtasks', k, 'lead'], '该子任务没有写明牵头单位，请填写');
  });
  return task;
}

/** Task numbers must run 1, 2, 3 …; numbering restarted per category is renumbered and noted. */
function renumber(tasks: TaskSpec[], items: readonly TaskDraft[], draft: Draft): void {
  const inOrder = tasks.every((t, i) => t.number === i + 1);
  if (inOrder) return;
  tasks.forEach((t, i) => {
    if (t.number === i + 1) return;
    draft.todo(['tasks', i, 'number'], `原文编号为“${items[i]?.written ?? t.number}”，已按顺序改为 ${i + 1}`);
    t.number = i + 1;
    t.subtasks.forEach((s, k) => (s.number = `${i + 1}.${k + 1}`));
  });
}

/**
 * 总体要求 often lists the fields (公共教育、公共就业…等公共服务领域) one per task, in order;
 * when the count matches, they make good short names.
 */
function addShortNames(tasks: TaskSpec[], preamble: string): void {
  const verbs = /^.*(提升|改进|加强|推进|优化|完善|包括|涵盖|覆盖|围绕|聚焦|在|和|及)/;
  for (const sentence of preamble.split(/[。\n]/)) {
    for (const clause of splitTopLevel(sentence, ',，;；')) {
      const m = /^(.*?)等[^、]{0,12}?领域/.exec(clause);
      if (!m) continue;
      const names = m[1]!.split('、');
      if (names.length !== tasks.length) continue;
      names[0] = names[0]!.replace(verbs, '');
      if (names.some((n) => n.length < 2 || n.length > 8)) continue;
      tasks.forEach((t, i) => (t.short = names[i]));
      return;
    }
  }
}

function partDeadlines(p: PartDraft, year: number | undefined): FoundDeadline[] {
  return [...findDeadlines(`${p.title}。${p.body}`, year), ...p.deadlines.flatMap((d) => readDeadlineCell(d, year))];
}

function toOrigin(t: TaskDraft, year: number | undefined): TaskOrigin {
  const part = (p: PartDraft, written: string): TaskOrigin => ({
    written,
    section: t.section,
    units: p.source,
    doubts: p.doubts,
    deadlines: partDeadlines(p, year),
    subtasks: [],
  });
  const origin = part(t, t.written);
  if (t.deadlineCell !== undefined) origin.deadlines.push(...readDeadlineCell(t.deadlineCell, year));
  origin.subtasks = t.subtasks.map((s, k) => part(s, String(k + 1)));
  return origin;
}

function placeholderOrigin(t: TaskSpec): TaskOrigin {
  return { written: String(t.number), section: '', units: { kind: 'none', text: '', generic: [], implied: [] }, doubts: [], deadlines: [], subtasks: [] };
}
