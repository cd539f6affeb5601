// The notice-import card: what a notice sent in chat was read as — title, issuer, the tasks
// with their numbers, titles and units, the deadlines, what could not be placed and the units
// the directory does not know (with the closest names) — and [载入] / [下载YAML]; then its
// confirm step (a plan of that title exists) and its receipt. Pure: view model in, card JSON out.
import { zhImport } from '../src/core/texts-import.js';
import { importValue, type ImportSource } from './actions.js';
import { button, buttonRow, escapeMarkdown, markdown, plainText, type CardElement, type LarkCard } from './types.js';

export interface ImportTaskView {
  number: string;
  title: string;
  lead: readonly string[];
  cooperating: readonly string[];
  responsible: readonly string[];
}

export type ImportStep =
  | { kind: 'preview' }
  | { kind: 'confirm'; existing: { title: string; slug: string } }
  | { kind: 'loaded'; tasks: number; rounds: number; assignments: number; added: number };

export interface ImportPreviewView {
  source: ImportSource;
  title: string;
  issuer: string;
  issuedOn?: string | undefined;
  tasks: readonly ImportTaskView[];
  subtasks: number;
  deadlines: readonly { task?: string | undefined; text: string }[];
  /** What the importer could not place, and its doubts, as sentences. */
  todos: readonly string[];
  unknown: readonly { name: string; closest: readonly string[] }[];
  step: ImportStep;
}

// Byte budgets per section keep the card well under Lark's 30 KB (card-schema.ts checks it):
// a 60-task notice shows every task; beyond the budget the rest is counted.
const budgets = { tasks: 14 * 1024, deadlines: 2 * 1024, todos: 4 * 1024, unknown: 3 * 1024 };
const titleChars = 36;

const utf8 = (s: string) => new TextEncoder().encode(s).length;
const shorten = (text: string, chars: number) => ([...text].length > chars ? `${[...text].slice(0, chars).join('')}…` : text);

/** The lines that fit in `budget` bytes, then how many were left out. */
function within(lines: readonly string[], budget: number): string[] {
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    used += utf8(line) + 1;
    if (used > budget) break;
    shown.push(line);
  }
  return shown.length < lines.length ? [...shown, zhImport.card.more(lines.length - shown.length)] : shown;
}

function unitsOf(t: ImportTaskView): string {
  const r = zhImport.card.roles;
  const parts = [
    t.lead.length ? `${r.lead}：${t.lead.join('、')}` : '',
    t.cooperating.length ? `${r.cooperating}：${t.cooperating.join('、')}` : '',
    t.responsible.length ? `${r.responsible}：${t.responsible.join('、')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('；') : zhImport.card.noUnits;
}

function section(heading: string, lines: readonly string[], budget: number, empty?: string): CardElement[] {
  if (lines.length === 0 && empty === undefined) return [];
  return [markdown([heading, ...(lines.length ? within(lines, budget) : [empty!])].join('\n'))];
}

export function buildImportCard(view: ImportPreviewView): LarkCard {
  const c = zhImport.card;
  const e = escapeMarkdown;
  const { step } = view;
  const elements: CardElement[] = [
    markdown([c.head(e(view.title), e(view.issuer), view.issuedOn), c.counts(view.tasks.length, view.subtasks, e(view.source.name))].join('\n')),
    ...(step.kind === 'loaded' ? [markdown(c.loaded(step.tasks, step.rounds, step.assignments, step.added))] : []),
    ...(step.kind === 'confirm' ? [markdown(c.exists(e(step.existing.title), e(step.existing.slug)))] : []),
    { tag: 'hr' },
    ...section(c.tasksHeading, view.tasks.map((t) => c.task(e(t.number), e(shorten(t.title, titleChars)), e(unitsOf(t)))), budgets.tasks),
    ...section(c.deadlinesHeading, view.deadlines.map((d) => c.deadline(d.task && e(d.task), e(d.text))), budgets.deadlines, c.noDeadlines),
    ...section(c.todosHeading, view.todos.map((t) => `- ${e(t)}`), budgets.todos),
    ...section(c.unknownHeading, view.unknown.map((u) => `- ${c.unknown(e(u.name), u.closest.map(e))}`), budgets.unknown),
    ...(view.unknown.length > 0 && step.kind !== 'loaded' ? [markdown(c.unknownHint)] : []),
  ];
  const yaml = button('import_yaml', c.downloadYaml, 'default', importValue('yaml', view.source));
  const buttons =
    step.kind === 'preview'
      ? [button('import_load', c.load, 'primary', importValue('load', view.source)), yaml]
      : step.kind === 'confirm'
        ? [button('import_confirm', c.confirmLoad, 'danger', importValue('confirm', view.source, step.existing.slug)), yaml]
        : [yaml];
  elements.push(buttonRow(buttons));
  const heading = step.kind === 'preview' ? c.title : step.kind === 'confirm' ? c.confirmTitle : c.loadedTitle;
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: `${heading} ${view.title}` } },
    header: {
      title: plainText(heading),
      subtitle: plainText(view.title),
      template: step.kind === 'loaded' ? 'green' : step.kind === 'confirm' ? 'yellow' : 'blue',
    },
    body: { elements },
  };
}
