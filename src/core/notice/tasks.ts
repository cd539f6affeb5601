// Which items of a notice are tasks, and each task's title, body, units and sub-tasks.
// Where items carry unit clauses, the items with clauses are the tasks (a bare heading over
// them is a category); where none does, the items whose sentences name who acts are.
import { hasUnits, mergeClauses, resolveRoles, splitAtClauses, findRule, type Piece, type RoleRule, type UnitClause } from './clauses.js';
import { Draft } from './draft.js';
import { hasInlineUnits, inlineUnits, type InlineUnits } from './inline-units.js';
import { readMarker } from './numbering.js';
import { buildOutline, subtreeLines, type OutlineLine, type OutlineNode } from './outline.js';
import { readTable, type TableRow } from './table.js';
import { sentences, splitFirstSentence, trimPunctuation } from './text.js';
import type { UnitSource, UnitSourceKind } from './types.js';
import { isGeneric, readHandler } from './unit-names.js';

export interface Units {
  lead: string[];
  cooperating: string[];
  responsible: string[];
}

/** A task or a sub-task as read. */
export interface PartDraft extends Units {
  title: string;
  body: string;
  source: UnitSource;
  doubts: string[];
  /** Role labels the importer does not know, with their names. */
  unknown: string[];
  /** 完成时限 cells and labels. */
  deadlines: string[];
}

export interface TaskDraft extends PartDraft {
  written: string;
  n: number;
  section: string;
  subtasks: PartDraft[];
  /** Indices of the notice's lines this task was read from. */
  lines: number[];
  /** A table row's 完成时限 cell. */
  deadlineCell?: string;
}

export interface ReadTasks {
  tasks: TaskDraft[];
  /** Items at the level of the tasks that were not taken as tasks, as written. */
  skipped: string[];
  /** Whether the notice has a 主要任务/重点任务 heading. */
  taskHeading: boolean;
}

const taskHeading = /任务|重点工作|主要措施|工作措施|具体措施|重点举措|主要内容|工作内容/;
const closingHeading = /^(工作要求|保障措施|组织保障|组织实施|有关要求|工作保障|保障机制|其他事项)/;
const preamble =
  /^(总体要求|指导思想|基本原则|工作原则|总体目标|工作目标|发展目标|主要目标|目标任务|基本思路|总体思路|重要意义|适用范围|试点范围|实施范围|编制依据|工作背景|发展现状)/;

const emptyUnits = (): Units => ({ lead: [], cooperating: [], responsible: [] });
const source = (kind: UnitSourceKind, text: string, units: Units, implied: string[] = [], rule?: string, presumedLead?: boolean): UnitSource => ({
  kind,
  text,
  ...(rule ? { rule } : {}),
  ...(presumedLead ? { presumedLead } : {}),
  generic: [...units.lead, ...units.cooperating, ...units.responsible].filter(isGeneric),
  implied: [...new Set(implied)],
});
const joinText = (parts: readonly string[], sep: string) => parts.filter((s) => s).join(sep);

function emptyPart(title: string): PartDraft {
  return { title, body: '', ...emptyUnits(), source: source('none', '', emptyUnits()), doubts: [], unknown: [], deadlines: [] };
}

/** The tasks of the notice body (lines [start, end)), or of a task table anywhere after `start`. */
export function readTasks(lines: readonly string[], start: number, end: number, draft: Draft): ReadTasks {
  // A task table in the body is the tasks; one in an annex only when the body names no units
  // (a cover letter with its 分工表), not beside items that carry their own clauses.
  const table = readTable(lines, start, lines.length, new Draft());
  const reader = new OutlineReader(lines, start, end);
  if (table && table.rows.length > 0 && (table.header < end || !reader.clauseMode)) {
    readTable(lines, start, lines.length, draft);
    return { tasks: table.rows.map(fromRow), skipped: [], taskHeading: true };
  }
  return reader.read();
}

function fromRow(row: TableRow): TaskDraft {
  const { title, rest } = splitFirstSentence(row.task);
  const measure = (text: string, clause: UnitClause, deadline: string | undefined, k: number): PartDraft => {
    const sub = splitFirstSentence(text);
    const u = resolveRoles(clause, undefined);
    return { ...emptyPart(sub.title || `措施${k + 1}`), body: sub.rest, ...pick(u), source: source('table', clause.raw, u, clause.implied), deadlines: deadline ? [deadline] : [] };
  };
  // A task over several rows (its cell merged): each row is a measure with its own units.
  if (row.measures.length > 0) {
    const first = measure(row.detail || row.task, row.clause, row.deadline, 0);
    return {
      ...emptyPart(title),
      body: rest,
      source: source('subtasks', [row.clause.raw, ...row.measures.map((m) => m.clause.raw)].join(' '), emptyUnits()),
      written: row.written,
      n: row.n,
      section: row.section,
      subtasks: [first, ...row.measures.map((m, k) => measure(m.text, m.clause, m.deadline, k + 1))],
      lines: row.lines,
    };
  }
  const units = resolveRoles(row.clause, undefined);
  return {
    ...emptyPart(title),
    body: joinText([rest, row.detail], '\n'),
    ...pick(units),
    source: source('table', row.clause.raw, units, row.clause.implied),
    written: row.written,
    n: row.n,
    section: row.section,
    subtasks: [],
    lines: row.lines,
    ...(row.deadline !== undefined ? { deadlineCell: row.deadline } : {}),
  };
}

const pick = (u: Units): Units => ({ lead: u.lead, cooperating: u.cooperating, responsible: u.responsible });

interface Para {
  line: number;
  pieces: Piece[];
  /** The clause came on a line of its own (牵头单位：X). */
  ownLine: boolean;
}

class OutlineReader {
  private readonly root: OutlineNode;
  private readonly pieces = new Map<number, Piece[]>();
  /** The first line from which a stated role rule (…下同) holds, and the rule. */
  private readonly sticky?: { line: number; rule: RoleRule };
  readonly clauseMode: boolean;
  private readonly taken = new Set<OutlineNode>();
  private readonly containers = new Set<OutlineNode>();

  constructor(
    private readonly lines: readonly string[],
    start: number,
    end: number,
  ) {
    this.root = buildOutline(lines, start, end);
    let clauseMode = false;
    for (let i = start; i < end; i++) {
      const ps = this.piecesAt(i);
      if (ps.some((p) => hasUnits(p.clause))) clauseMode = true;
      if (!this.sticky) {
        const inClause = ps.find((p) => p.clause?.rule?.sticky)?.clause?.rule;
        const plain = ps.map((p) => findRule(p.text)).find((r) => r);
        const rule = inClause ?? plain;
        if (rule) this.sticky = { line: i, rule };
      }
    }
    this.clauseMode = clauseMode;
  }

  private piecesAt(line: number): Piece[] {
    let ps = this.pieces.get(line);
    if (!ps) {
      // The outline reads a numbered line without its number.
      const text = this.lines[line]!;
      ps = splitAtClauses(readMarker(text)?.rest ?? text);
      this.pieces.set(line, ps);
    }
    return ps;
  }

  private lineHasUnits = (l: OutlineLine) => this.piecesAt(l.line).some((p) => hasUnits(p.clause));
  private hasOwnClause = (n: OutlineNode) => [n.head, ...n.paragraphs].some(this.lineHasUnits);
  private hasClauseBelow = (n: OutlineNode): boolean => n.children.some((c) => this.hasOwnClause(c) || this.hasClauseBelow(c));

  /** A bare heading: one short sentence and nothing else of its own. */
  private headingLike(n: OutlineNode, allowIntro = false): boolean {
    if (this.hasOwnClause(n) || (!allowIntro && n.paragraphs.length > 0)) return false;
    return sentences(n.head.text).length <= 1 && n.head.text.length <= 40;
  }

  read(): ReadTasks {
    const tasks: TaskDraft[] = [];
    if (this.clauseMode) this.selectClause(this.root.children, tasks);
    else this.selectInline(this.root.children, tasks, undefined, false);
    const styles = new Set(tasks.map((t) => t.written && this.styleOf(t)));
    const skipped: string[] = [];
    const walk = (n: OutlineNode) => {
      if (this.taken.has(n)) return;
      if (n.marker && styles.has(n.marker.style) && !this.containers.has(n)) skipped.push(`${n.marker.written}${splitFirstSentence(splitAtClauses(n.head.text)[0]?.text ?? '').title}`);
      n.children.forEach(walk);
    };
    this.root.children.forEach(walk);
    const heading = (n: OutlineNode): boolean =>
      (n.head.text.length <= 16 && !/[。，,；;]/.test(n.head.text) && taskHeading.test(n.head.text)) || n.children.some(heading);
    return { tasks, skipped, taskHeading: this.root.children.some(heading) };
  }

  private readonly nodeOf = new Map<TaskDraft, OutlineNode>();
  private styleOf(t: TaskDraft): string {
    return this.nodeOf.get(t)?.marker?.style ?? '';
  }

  private push(out: TaskDraft[], n: OutlineNode, task: TaskDraft): void {
    this.taken.add(n);
    this.nodeOf.set(task, n);
    out.push(task);
  }

  // -------------------------------------------------------------------------
  // Notices with unit clauses

  private selectClause(siblings: readonly OutlineNode[], out: TaskDraft[]): void {
    const own = siblings.map(this.hasOwnClause);
    const anyOwn = own.some(Boolean);
    siblings.forEach((n, i) => {
      if (own[i] || (this.hasClauseBelow(n) && (anyOwn || !this.headingLike(n)))) this.push(out, n, this.clauseTask(n));
      else if (this.hasClauseBelow(n)) {
        this.containers.add(n);
        this.selectClause(n.children, out);
      } else if (anyOwn && !(this.headingLike(n, true) && (n.children.length > 0 || closingHeading.test(n.head.text)))) {
        // A sibling of tasks is a task without units; a bare 三、工作要求 over other items is not.
        this.push(out, n, this.clauseTask(n));
      }
    });
  }

  private ruleAt(line: number, clause: UnitClause): RoleRule | undefined {
    if (clause.rule) return clause.rule;
    return this.sticky && line >= this.sticky.line ? this.sticky.rule : undefined;
  }

  /** The paragraphs of an item's own lines, a clause on a line of its own joined to the one before. */
  private paras(lines: readonly OutlineLine[]): Para[] {
    const out: Para[] = [];
    for (const l of lines) {
      const ps = this.piecesAt(l.line).map((p) => ({ ...p }));
      const prev = out.at(-1);
      const only = ps.length === 1 && ps[0]!.text === '' ? ps[0]!.clause : undefined;
      if (only && prev) {
        const last = prev.pieces.at(-1)!;
        last.clause = mergeClauses(last.clause, only);
        prev.ownLine = true;
      } else out.push({ line: l.line, pieces: ps, ownLine: false });
    }
    return out;
  }

  /** 牵头单位：X on a line of its own is 'lines'; a bracketed clause broken onto its own line is still a clause. */
  private kindOf(clause: UnitClause, ownLine: boolean): UnitSourceKind {
    return ownLine && !/^[（(【〔［]/.test(clause.raw.trim()) ? 'lines' : 'clause';
  }

  /** Applies a clause to a task or sub-task, with the role rule in force at its line. */
  private applyClause(part: PartDraft, clause: UnitClause, line: number, kind: UnitSourceKind): void {
    const units = resolveRoles(clause, this.ruleAt(line, clause));
    Object.assign(part, pick(units));
    part.source = source(clause.form === 'labelled' && kind === 'clause' ? 'labelled' : kind, clause.raw, units, clause.implied, units.rule, units.presumedLead);
    part.doubts.push(...units.doubts);
    part.unknown.push(...clause.unknown);
    if (clause.deadline) part.deadlines.push(clause.deadline);
    const generic = part.source.generic;
    if (generic.length > 0) part.doubts.push(`${generic.map((g) => `“${g}”`).join('、')}是一类单位的统称，按原文保留`);
    if (part.source.implied.length > 0) part.doubts.push(`${part.source.implied.map((g) => `“${g}”`).join('、')}不是具体单位，未列入`);
  }

  private clauseTask(n: OutlineNode): TaskDraft {
    const all = subtreeLines(n);
    const last = all.filter((l) => this.piecesAt(l.line).some((p) => p.clause)).at(-1)?.line;
    // A unit clause closes an item: unnumbered text after the last one (报送要求, 施行日期)
    // is the plan's, not the item's.
    const keep = (l: OutlineLine) => last === undefined || l.line <= last;
    const kept = all.filter(keep);
    const paras = this.paras([n.head, ...n.paragraphs].filter(keep));
    const children = n.children.filter((c) => keep(c.head));
    const task: TaskDraft = {
      ...emptyPart(''),
      written: n.marker?.written ?? '',
      n: n.marker?.n ?? 1,
      section: n.path,
      subtasks: [],
      lines: kept.map((l) => l.line),
    };

    const unitPieces = paras.flatMap((p) => p.pieces.filter((x) => hasUnits(x.clause)).map((x) => ({ piece: x, para: p })));
    const clauseChildren = children.filter((c) => this.hasOwnClause(c) || this.hasClauseBelow(c));
    // One clause for the whole item, unless several pieces carry their own (sub-tasks).
    const whole = unitPieces.length <= 1;
    // Several pieces with their own clause are sub-tasks, the first one too (鼓励创新创业。…（A负责）…（B负责）).
    const taskClause = whole ? unitPieces[0] : undefined;

    let current: PartDraft | undefined;
    const body: string[] = [];
    let titled = false;
    for (const para of paras) {
      let text = '';
      for (const piece of para.pieces) {
        const isSub = !whole && hasUnits(piece.clause) && piece !== taskClause?.piece;
        if (isSub) {
          if (!titled) {
            task.title = splitFirstSentence(piece.text).title;
            titled = true;
          }
          if (current) current.body = joinText([current.body, text], '\n');
          else body.push(text);
          text = '';
          const sub = splitFirstSentence(piece.text);
          current = { ...emptyPart(sub.title || '待填写子任务'), body: sub.rest };
          this.applyClause(current, piece.clause!, para.line, this.kindOf(piece.clause!, para.ownLine));
          task.subtasks.push(current);
          continue;
        }
        if (!titled) {
          const { title, rest } = splitFirstSentence(piece.text);
          task.title = title;
          titled = true;
          text += rest;
        } else text += piece.text;
      }
      if (current) current.body = joinText([current.body, text], '\n');
      else body.push(text);
    }
    if (taskClause) this.applyClause(task, taskClause.piece.clause!, taskClause.para.line, this.kindOf(taskClause.piece.clause!, taskClause.para.ownLine));

    for (const child of children) {
      if (clauseChildren.includes(child)) {
        current = this.childSubtask(child, keep);
        task.subtasks.push(current);
        continue;
      }
      // Numbered text without units under a task is its body (the number dropped, as in the body).
      const text = subtreeLines(child)
        .filter(keep)
        .map((l) => (l === child.head ? child.head.text : l.text))
        .join('\n');
      if (current) current.body = joinText([current.body, text], '\n');
      else body.push(text);
    }
    task.body = joinText(body, '\n');
    if (!taskClause && task.subtasks.length > 0) task.source = source('subtasks', task.subtasks.map((s) => s.source.text).join(' '), emptyUnits());
    if (unitPieces.length === 0 && clauseChildren.length === 0) this.inferUnits(task, [n.head, ...n.paragraphs].filter(keep).map((l) => l.text));
    return task;
  }

  private childSubtask(child: OutlineNode, keep: (l: OutlineLine) => boolean): PartDraft {
    const paras = this.paras(subtreeLines(child).filter(keep));
    const first = paras[0]?.pieces[0]?.text ?? '';
    const { title, rest } = splitFirstSentence(first);
    const sub = emptyPart(title || '待填写子任务');
    const texts: string[] = [rest];
    let clause: { clause: UnitClause; line: number; ownLine: boolean } | undefined;
    paras.forEach((para, k) => {
      texts.push(para.pieces.map((p, j) => (k === 0 && j === 0 ? '' : p.text)).join(''));
      for (const p of para.pieces) {
        if (!hasUnits(p.clause)) continue;
        clause = { clause: clause ? mergeClauses(clause.clause, p.clause) : p.clause, line: para.line, ownLine: para.ownLine };
      }
    });
    sub.body = joinText(texts, '\n');
    if (clause) this.applyClause(sub, clause.clause, clause.line, this.kindOf(clause.clause, clause.ownLine));
    return sub;
  }

  /** An item without a clause: the subjects of its sentences, marked as inferred. */
  private inferUnits(part: PartDraft, texts: readonly string[], inherited?: InlineUnits): boolean {
    const found = inlineUnits(texts);
    const units = hasInlineUnits(found) ? found : inherited;
    if (!units || !hasInlineUnits(units)) return false;
    Object.assign(part, pick(units));
    const kind = units === found ? 'inline' : 'inherited';
    part.source = source(kind, units.phrases.join(' | '), units, units.implied);
    part.doubts.push(
      kind === 'inline'
        ? `没有单位括注，单位由正文推断（${units.phrases.map(trimPunctuation).join('；')}），请核对`
        : `条目本身没有写明单位，沿用所在部分引言中的“${units.phrases.join('、')}”，请核对`,
    );
    if (part.source.generic.length > 0) part.doubts.push(`${part.source.generic.map((g) => `“${g}”`).join('、')}是一类单位的统称，按原文保留`);
    return true;
  }

  // -------------------------------------------------------------------------
  // Notices without unit clauses

  private selectInline(siblings: readonly OutlineNode[], out: TaskDraft[], inherited: InlineUnits | undefined, inTaskSection: boolean): void {
    // Among sections with items under them, a bare heading with a paragraph (三、工作要求) is no task.
    const sections = siblings.some((n) => n.children.length > 0 && this.headingLike(n, true));
    for (const n of siblings) {
      if (sections && n.children.length === 0 && this.headingLike(n, true) && !inTaskSection) continue;
      const heading = trimPunctuation(splitFirstSentence(n.head.text).title);
      if (preamble.test(heading)) continue;
      const taskSection = inTaskSection || taskHeading.test(heading);
      if (n.children.length > 0 && this.headingLike(n, true)) {
        // A section: its lead-in (试点地区要…重点做好以下工作：) speaks for the items under it.
        const intro = n.paragraphs.map((p) => p.text);
        const leadIn = intro.length > 0 && /[：:]$/.test(intro.at(-1)!) ? inlineUnits(intro) : undefined;
        this.containers.add(n);
        this.selectInline(n.children, out, leadIn && hasInlineUnits(leadIn) ? leadIn : inherited, taskSection);
        continue;
      }
      const task = this.inlineTask(n, inherited);
      if (task) this.push(out, n, task);
      else if (taskSection) this.push(out, n, this.inlineTask(n, inherited, true)!);
    }
  }

  private inlineTask(n: OutlineNode, inherited: InlineUnits | undefined, always = false): TaskDraft | undefined {
    const own = [n.head, ...n.paragraphs];
    const { title, rest } = splitFirstSentence(n.head.text);
    const task: TaskDraft = {
      ...emptyPart(title),
      written: n.marker?.written ?? '',
      n: n.marker?.n ?? 1,
      section: n.path,
      subtasks: [],
      lines: subtreeLines(n).map((l) => l.line),
    };
    const subs = n.children.map((c) => {
      const lines = subtreeLines(c);
      const s = splitFirstSentence(c.head.text);
      const part = { ...emptyPart(s.title || '待填写子任务'), body: joinText([s.rest, ...lines.slice(1).map((l) => l.text)], '\n') };
      return { part, found: this.inferUnits(part, lines.map((l) => l.text)), lines };
    });
    // Items after a paragraph that leads into them (…提出了以下意见：) are what it says, not sub-tasks.
    const last = (n.paragraphs.at(-1) ?? n.head).text;
    const leadIn = /[：:]$/.test(last) || (n.paragraphs.length > 0 && readHandler(trimPunctuation(last)) !== undefined);
    const withSubs = !leadIn && subs.some((s) => s.found);
    const body = [rest, ...n.paragraphs.map((p) => p.text)];
    if (withSubs) task.subtasks = subs.map((s) => s.part);
    else body.push(...subs.flatMap((s) => s.lines.map((l) => l.text)));
    task.body = joinText(body, '\n');
    const found = this.inferUnits(task, own.map((l) => l.text), withSubs ? undefined : inherited);
    if (withSubs && !found) task.source = source('subtasks', task.subtasks.map((s) => s.source.text).join(' '), emptyUnits());
    if (!found && !withSubs && !always) return undefined;
    return task;
  }
}
