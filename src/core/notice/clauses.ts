// Unit clauses: who does an item, as the notice writes it at the item's end —
// （牵头单位：X；配合单位：Y；责任单位：Z）, （负责部门：X；适用范围：Y）, （X、Y负责）,
// （X会同Y负责）, （X牵头，Y、Z参与）, （X、Y按职责分工负责。列第一位者为牵头单位，下同）,
// a bare 牵头单位：X tail, or such a line on its own.
import { isVague, looksLikeAgency, splitNames, stripImplied } from './unit-names.js';
import { trimPunctuation } from './text.js';

export type UnitRole = 'lead' | 'cooperating' | 'responsible';

/** A notice's rule for the roles of a list: 列第一位者为牵头单位 (下同: for every later list too). */
export interface RoleRule {
  text: string;
  sticky: boolean;
  /** The role of the units after the first: 责任 unless the rule says 其他为参与单位. */
  others: 'cooperating' | 'responsible';
}

export interface UnitClause {
  form: 'labelled' | 'verb';
  /** The clause as written, brackets included. */
  raw: string;
  lead: string[];
  cooperating: string[];
  responsible: string[];
  /** Units a clause says 负责 without a role: the notice's role rule decides. */
  undecided: string[];
  /** Generic tails that are no unit: 等有关部门. */
  implied: string[];
  /** Labels the importer does not know, with their text. */
  unknown: string[];
  scope?: string;
  deadline?: string;
  rule?: RoleRule;
}

// Role labels: a role word and an ending (牵头单位, 协同部门, 责任主体), or 牵头/配合 alone.
const roleWord = '牵头责任|主要责任|配合责任|牵头|主办|主责|配合|协办|参与|协同|协助|协作|参加|责任|负责|落实|实施|承办';
const roleLabelWords = `(?:${roleWord})(?:单位|部门|处室|科室|主体|机构)|牵头|配合`;
const roleOf = (label: string): UnitRole =>
  /^(牵头|主办|主责|主要责任)/.test(label) ? 'lead' : /^(配合|协办|参与|协同|协助|协作|参加)/.test(label) ? 'cooperating' : 'responsible';
const otherLabels = '适用范围|完成时限|完成时间|完成期限|时间要求|时限要求|时间节点|时间安排|办结时限|进度安排|责任领导|牵头领导|分管领导|牵头市领导|责任人|联系人|备注';
/** A role label and its colon: 牵头单位： */
export const roleLabel = new RegExp(`(${roleLabelWords})\\s*[:：]`);
/** A line that is a label of its own: 完成时限：2022年6月底前. */
const lineLabel = new RegExp(`^(${otherLabels})\\s*[:：]`);
const anyLabelGlobal = new RegExp(`(${roleLabelWords}|${otherLabels})\\s*[:：]`, 'g');

export const ruleSentence =
  /(?:其中[，,]?)?(?:列|排|排名|位列|排列)?(?:在)?(?:第一位|首位|第一个|第一)(?:者|的)?(?:部门|单位)?(?:为|是)牵头(?:单位|部门)(?:[，,；;]?\s*其[他余](?:的)?(?:单位|部门)?(?:为|是)(?:参与|配合|协办|责任)(?:单位|部门))?(?:[，,]?\s*(?:下同|以下同|下文同|后同))?/;

function toRule(text: string, sticky: boolean): RoleRule {
  const others = /其[他余](?:的)?(?:单位|部门)?(?:为|是)(参与|配合|协办|责任)/.exec(text)?.[1];
  return { text: trimPunctuation(text), sticky, others: others && others !== '责任' ? 'cooperating' : 'responsible' };
}

export function emptyClause(form: UnitClause['form'], raw: string): UnitClause {
  return { form, raw, lead: [], cooperating: [], responsible: [], undecided: [], implied: [], unknown: [] };
}

export function hasUnits(c: UnitClause | undefined): c is UnitClause {
  return c !== undefined && c.lead.length + c.cooperating.length + c.responsible.length + c.undecided.length > 0;
}

/** Adds names to a role; a name marked (牵头) in any list is a lead unit, and 等有关部门 tails are set aside. */
export function addNames(clause: UnitClause, role: UnitRole | 'undecided', names: readonly string[]): void {
  for (const raw of names) {
    const marked = /[（(]牵头[）)]$/.exec(raw);
    const { name, implied } = stripImplied(marked ? raw.slice(0, marked.index).trim() : raw);
    if (implied) clause.implied.push(implied);
    if (!name) continue;
    const target = marked ? clause.lead : clause[role];
    if (!target.includes(name)) target.push(name);
  }
}

function parseLabelled(content: string, raw: string): UnitClause | undefined {
  const labels = [...content.matchAll(anyLabelGlobal)];
  if (labels.length === 0 || content.slice(0, labels[0]!.index).trim() !== '') return undefined;
  const clause = emptyClause('labelled', raw);
  labels.forEach((m, k) => {
    const label = m[1]!;
    const value = content.slice(m.index + m[0].length, labels[k + 1]?.index ?? content.length);
    const role = new RegExp(`^(${roleLabelWords})$`).test(label) ? roleOf(label) : undefined;
    const verbs = emptyClause('verb', raw);
    if (role && /牵头|配合|参与|协助|负责|会同/.test(value) && parseVerbSentence(trimPunctuation(value), verbs)) {
      // 责任单位：市发展改革委牵头，市直各有关部门配合 — the verbs say the roles, the label the rest.
      addNames(clause, 'lead', verbs.lead);
      addNames(clause, 'cooperating', verbs.cooperating);
      addNames(clause, 'responsible', verbs.responsible);
      addNames(clause, role, verbs.undecided);
      clause.implied.push(...verbs.implied);
    } else if (role) {
      // 责任单位：各县（市、区）人民政府，市直相关部门按职责分工负责 — the verb is no part of a name.
      const names = splitNames(value).map((n) => n.replace(/(按照?职责(分工)?)?(负责落实|负责|落实|配合|参与)$/, '')).filter((n) => n);
      addNames(clause, role, names);
    }
    else if (label === '适用范围') clause.scope = trimPunctuation(value);
    else if (/时限|时间|期限|进度/.test(label)) clause.deadline = trimPunctuation(value);
    else if (!/领导|责任人|联系人|备注/.test(label)) clause.unknown.push(`${label}:${splitNames(value).join('、')}`);
  });
  return clause;
}

// How a verb-form clause ends: the verb says the role.
const verbEnd =
  /^(.*?)(按照职责分工负责|按职责分工负责|按职责分工落实|按职责负责|分别负责|共同负责|牵头负责|负责牵头|牵头落实|牵头组织|负责落实|负责实施|组织实施|为牵头单位|为牵头部门|为配合单位|为责任单位|牵头|负责|参与|配合|协助|协同|协办|落实|实施|指导|督促|督导)$/;
const verbRole = (verb: string): UnitRole | 'undecided' =>
  /牵头/.test(verb) ? 'lead' : /参与|配合|协助|协同|协办/.test(verb) ? 'cooperating' : /责任单位/.test(verb) ? 'responsible' : 'undecided';

const plausibleName = (n: string) => n.length >= 2 && n.length <= 30 && !/[。：:]|\d{4}年|\d+月|的|了|是/.test(n);

/** One sentence of a verb clause: parts separated by ，；, each ending in a verb or sharing the next one's. */
function parseVerbSentence(sentence: string, clause: UnitClause): boolean {
  const parts = sentence
    .split(/[，,；;]/)
    .map((p) => trimPunctuation(p).replace(/^(由|请)/, ''))
    .filter((p) => p);
  if (parts.length === 0) return false;
  const found = emptyClause('verb', clause.raw);
  let pending: string[] = [];
  let any = false;
  for (const part of parts) {
    const m = verbEnd.exec(part);
    if (!m || !m[1]) {
      pending.push(part);
      continue;
    }
    any = true;
    const role = verbRole(m[2]!);
    const who = [...pending, m[1]];
    pending = [];
    for (const w of who) {
      const join = w.split(/(?:要|将)?会同/);
      if (join.length === 2 && join[0] && join[1]) {
        const [lead, partners] = join.map(splitNames) as [string[], string[]];
        if (![...lead, ...partners].every(plausibleName)) return false;
        addNames(found, 'lead', lead);
        addNames(found, 'cooperating', partners);
        continue;
      }
      const names = splitNames(w);
      if (!names.every(plausibleName)) return false;
      addNames(found, role, names);
    }
  }
  if (!any || pending.length > 0 || !hasUnits(found)) return false;
  for (const role of ['lead', 'cooperating', 'responsible', 'undecided'] as const) addNames(clause, role, found[role]);
  clause.implied.push(...found.implied);
  return true;
}

function parseVerbForm(content: string, raw: string, bare: boolean): UnitClause | undefined {
  const clause = emptyClause('verb', raw);
  let text = content;
  const rule = ruleSentence.exec(text);
  if (rule) {
    clause.rule = toRule(rule[0], /下同|以下同|下文同|后同/.test(rule[0]));
    text = text.slice(0, rule.index) + text.slice(rule.index + rule[0].length);
  }
  // The first sentence names the units; later ones may be notes (以下均需各地区人民政府落实，不再列出).
  const [first, ...more] = trimPunctuation(text).split('。').map(trimPunctuation).filter((x) => x);
  if (!first) return undefined;
  if (!parseVerbSentence(first, clause)) {
    // A bare list: （国家卫生健康委、发展改革委、财政部）, where a rule says who leads.
    const names = splitNames(first);
    // Not （以下统称审核机构）, （含技工院校）: a list of names and nothing else.
    const aside = /简称|统称|下称|以下|含|包括|除外|例如|比如|即/;
    if (!bare || more.length > 0 || names.length === 0 || aside.test(first) || !names.every((n) => looksLikeAgency(stripImplied(n).name))) return undefined;
    addNames(clause, 'undecided', names);
  }
  for (const sentence of more) parseVerbSentence(sentence, clause);
  return clause;
}

/** A clause's content (without its brackets) → the units it names; undefined when it names none. */
export function parseClause(content: string, raw = content, bracketed = false): UnitClause | undefined {
  const text = content.trim();
  return parseLabelled(text, raw) ?? parseVerbForm(text, raw, bracketed);
}

export function mergeClauses(a: UnitClause | undefined, b: UnitClause): UnitClause {
  if (!a) return b;
  const out = emptyClause(a.form === 'labelled' || b.form === 'labelled' ? 'labelled' : 'verb', [a.raw, b.raw].join(' '));
  for (const c of [a, b]) {
    addNames(out, 'lead', c.lead);
    addNames(out, 'cooperating', c.cooperating);
    addNames(out, 'responsible', c.responsible);
    addNames(out, 'undecided', c.undecided);
    out.implied.push(...c.implied);
    out.unknown.push(...c.unknown);
  }
  const scope = a.scope ?? b.scope;
  const deadline = a.deadline ?? b.deadline;
  const rule = a.rule ?? b.rule;
  return { ...out, ...(scope ? { scope } : {}), ...(deadline ? { deadline } : {}), ...(rule ? { rule } : {}) };
}

export interface ResolvedUnits {
  lead: string[];
  cooperating: string[];
  responsible: string[];
  /** The rule that decided the lead, when one did. */
  rule?: string;
  /** The lead is only the first listed: no rule or role says so. */
  presumedLead?: boolean;
  doubts: string[];
}

/**
 * The roles of a clause. Units it only says 负责 go by the notice's rule (the first listed
 * leads, unless it is a vague 各有关部门); without a rule they lead when others 配合, and are
 * responsible otherwise.
 */
export function resolveRoles(clause: UnitClause, rule: RoleRule | undefined): ResolvedUnits {
  const out: ResolvedUnits = { lead: [...clause.lead], cooperating: [...clause.cooperating], responsible: [...clause.responsible], doubts: [] };
  const undecided = clause.undecided;
  if (undecided.length === 0) return out;
  const [first, ...rest] = undecided;
  if (out.lead.length > 0) {
    out.responsible.push(...undecided);
  } else if (!rule && out.cooperating.length > 0) {
    // X负责，Y配合: the one that 负责 leads.
    out.lead.push(...undecided);
  } else if (first && isVague(first)) {
    out.responsible.push(...undecided);
    out.doubts.push(`列在第一位的“${first}”是统称，未作为牵头单位`);
  } else if (rule) {
    out.lead.push(first!);
    out[rule.others].push(...rest);
    out.rule = rule.text;
  } else {
    // No rule and no role: the first listed leads, as offices read such lists — to be confirmed.
    out.lead.push(first!);
    out.responsible.push(...rest);
    out.presumedLead = true;
    out.doubts.push(`“${trimPunctuation(clause.raw)}”未写明牵头单位，暂以列第一位的“${first}”为牵头单位`);
  }
  return out;
}

export interface Piece {
  /** The text before the clause (or the whole text when there is none). */
  text: string;
  clause?: UnitClause;
}

const clauseOpen = '（(【〔［';
const clauseClose = '）)】〕］';

/**
 * Splits a paragraph at its unit clauses: 内容甲。（体育总局负责）内容乙。（教育部负责） →
 * two pieces. A bracket is a clause only where a sentence ends (before or after it) and when
 * it names units: （市）, （含技工院校）, （以下简称…） stay in the text.
 */
export function splitAtClauses(paragraph: string): Piece[] {
  const pieces: Piece[] = [];
  const text = paragraph.trim();
  let from = 0;
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (clauseOpen.includes(ch)) {
      if (depth === 0) start = i;
      depth++;
    } else if (clauseClose.includes(ch) && depth > 0) {
      depth--;
      if (depth > 0 || start < 0) continue;
      const before = text.slice(from, start);
      const after = text.slice(i + 1);
      const boundary = /^[。.；;，,\s]*$/.test(after) || /^[。；;]/.test(after) || /[。；;！？]\s*$/.test(before) || before.trim() === '';
      if (!boundary) continue;
      const raw = text.slice(start, i + 1);
      const clause = parseClause(text.slice(start + 1, i), raw, true);
      if (!clause) continue;
      pieces.push({ text: before.trim(), clause });
      const skip = /^[。.；;]/.exec(after);
      from = i + 1 + (skip ? skip[0].length : 0);
      i = from - 1;
    }
  }
  const tail = text.slice(from).trim();
  if (tail) {
    // A bare clause: the last top-level sentence starts with a role label.
    const bare = roleLabel.exec(tail) ?? (lineLabel.test(tail) ? { index: 0 } : null);
    const before = bare ? tail.slice(0, bare.index) : '';
    const clause = bare && (before.trim() === '' || /([。;；]|[^\s]\s+)$/.test(before)) ? parseClause(tail.slice(bare.index)) : undefined;
    if (clause) pieces.push({ text: before.trim(), clause });
    else pieces.push({ text: tail });
  }
  return pieces;
}

/** A role rule stated in plain text or in a clause. */
export function findRule(text: string): RoleRule | undefined {
  const m = ruleSentence.exec(text);
  return m ? toRule(m[0], true) : undefined;
}
