// Importing a notice in chat: an office admin sends a notice file (.docx or .txt) to the bot,
// 1:1 or in the office chat; the bot reads it with the importer and answers with a preview card.
// [载入] loads it (asking first when a plan of that title exists), [下载YAML] sends the plan file.
// Nothing is kept between the preview and a click: the card names the file message, and every
// click downloads and imports it again, so what is loaded is exactly what was previewed.
import { type ImportSource } from '../../../cards/actions.js';
import { buildImportCard, type ImportStep } from '../../../cards/import-card.js';
import { describeDeadline, importNotice, unknownUnits, type NoticeImport } from '../../core/notice-import.js';
import { formatPath } from '../../core/plan.js';
import { planSpec } from '../../core/plan-spec.js';
import { zhImport } from '../../core/texts-import.js';
import { isAdmin, type Deps } from '../deps.js';
import { loadPlan } from '../load-plan.js';
import { toPlanYaml } from '../plan-yaml.js';
import type { StoredUnit } from '../ports/index.js';
import type { ActionAnswer, CardClick, Feature } from './feature.js';

const readable = /\.(docx|txt)$/i;

type Read = { ok: true; draft: NoticeImport; notice: string; units: StoredUnit[] } | { ok: false; text: string };

/** Downloads the file of the message and imports it against the unit directory. */
async function readNotice(deps: Deps, source: ImportSource): Promise<Read> {
  const download = await deps.lark.downloadMessageFile({ messageId: source.message, fileKey: source.file });
  if (!download.ok) {
    deps.log.warn('notice download failed', { message: source.message, error: download.message });
    return { ok: false, text: zhImport.downloadFailed };
  }
  let text: string;
  try {
    text = await deps.notices.text({ name: source.name, bytes: download.bytes });
  } catch (e) {
    deps.log.warn('notice file unreadable', { message: source.message, error: (e as Error).message });
    return { ok: false, text: zhImport.unreadable(source.name) };
  }
  const units = await deps.directory.units();
  const draft = importNotice(text, { directory: units });
  if (draft.plan.tasks.length === 0) return { ok: false, text: zhImport.noTasks(source.name) };
  return { ok: true, draft, notice: text, units };
}

function card(source: ImportSource, draft: NoticeImport, units: readonly StoredUnit[], step: ImportStep) {
  const { plan } = draft;
  const numberOf = (i: number | null) => (i === null ? undefined : String(plan.tasks[i]?.number ?? ''));
  const doubts = draft.origins.flatMap((o, i) => o.doubts.map((d) => zhImport.card.deadline(String(plan.tasks[i]?.number ?? ''), d)));
  return buildImportCard({
    source,
    title: plan.title,
    issuer: plan.issuer,
    issuedOn: plan.issuedOn,
    tasks: plan.tasks.map((t) => ({ number: String(t.number), title: t.short || t.title, lead: t.lead, cooperating: t.cooperating, responsible: t.responsible })),
    subtasks: plan.tasks.reduce((n, t) => n + t.subtasks.length, 0),
    deadlines: draft.deadlines.map((d) => ({ task: numberOf(d.task), text: describeDeadline(d) })),
    // The slug is chat's to choose (the plan's own, or the same-titled plan's): no question for the office.
    todos: [...draft.todos.filter((t) => t.path[0] !== 'slug').map((t) => t.message), ...doubts],
    unknown: unknownUnits(plan, units),
    step,
  });
}

/** The plan a draft would update: one of the same title (or the same slug). */
async function existingPlan(deps: Deps, draft: NoticeImport): Promise<{ slug: string; title: string } | undefined> {
  const plans = await deps.plans.listPlans();
  return plans.find((p) => p.title === draft.plan.title) ?? plans.find((p) => p.slug === draft.plan.slug);
}

async function officeNames(deps: Deps): Promise<string[]> {
  const units = await deps.directory.units();
  return units.filter((u) => u.kind === 'office').flatMap((u) => u.contacts.flatMap((c) => c.name ?? []));
}

/** Runs a click of an admin on a card whose file still reads; a refusal is a toast. */
async function onClick(deps: Deps, source: ImportSource, click: CardClick, run: (read: Extract<Read, { ok: true }>, chatId: string) => Promise<ActionAnswer>): Promise<ActionAnswer> {
  const chatId = click.event.chatId;
  if (!chatId) return { toast: { type: 'warning', content: zhImport.toast.stale } };
  if (!(await isAdmin(deps, click.event.operator.openId))) return { toast: { type: 'warning', content: zhImport.toast.notAdmin } };
  const read = await readNotice(deps, source);
  if (!read.ok) return { toast: { type: 'error', content: read.text } };
  return run(read, chatId);
}

async function load(deps: Deps, source: ImportSource, read: Extract<Read, { ok: true }>, chatId: string, slug: string, click: CardClick): Promise<ActionAnswer> {
  const { draft, units } = read;
  const refuse = async (text: string): Promise<ActionAnswer> => {
    await deps.outbox.enqueue([{ key: `import.refused:${click.event.eventId}`, kind: 'import.refused', to: { type: 'chat', id: chatId }, msgType: 'text', content: JSON.stringify({ text }) }], click.now);
    return { toast: { type: 'error', content: zhImport.toast.refused } };
  };
  const unknown = unknownUnits(draft.plan, units);
  if (unknown.length > 0) return refuse(zhImport.refusedUnknown(unknown.map((u) => u.name)));
  const parsed = planSpec.safeParse({ ...draft.plan, slug });
  if (!parsed.success) return refuse(zhImport.refusedInvalid(parsed.error.issues.map((i) => `${formatPath(i.path as (string | number)[])}: ${i.message}`)));
  const result = await loadPlan({ plans: deps.plans, directory: deps.directory }, { spec: parsed.data, sourceText: read.notice }, deps.clock, deps.calendar);
  if (!result.ok) return refuse(zhImport.refusedInvalid(result.issues.map((i) => `${formatPath(i.path)}: ${i.message}`)));
  deps.log.info('plan loaded from chat', { plan: result.plan.slug, by: click.event.operator.openId, message: source.message });
  const step: ImportStep = { kind: 'loaded', tasks: result.plan.tasks.length, rounds: result.plan.rounds.length, assignments: result.saved.assignments, added: result.saved.added };
  return { toast: { type: 'success', content: zhImport.toast.loaded }, card: card(source, draft, units, step) };
}

export const importing: Feature = {
  name: 'importing',
  intents: {
    async import(deps, intent, turn) {
      const { event } = turn;
      // In a group only the office chat's files are for the bot, and only an admin's: people
      // share files in chats all day, and the bot does not answer each of them.
      if (event.chatType === 'group') {
        const unit = await deps.directory.unitByChat(event.chatId);
        if (unit?.kind !== 'office' || !(await isAdmin(deps, event.sender.openId)) || !readable.test(intent.file.name)) return;
      }
      if (!(await isAdmin(deps, event.sender.openId))) return turn.reply(zhImport.notAdmin(await officeNames(deps)));
      if (!readable.test(intent.file.name)) return turn.reply(zhImport.unsupported(intent.file.name));
      const source: ImportSource = { message: event.messageId, file: intent.file.key, name: intent.file.name };
      const read = await readNotice(deps, source);
      if (!read.ok) return turn.reply(read.text);
      await turn.replyCard(card(source, read.draft, read.units, { kind: 'preview' }), 'import.preview');
    },
  },
  actions: {
    'import.load'(deps, a, click) {
      return onClick(deps, a, click, async (read, chatId) => {
        const existing = await existingPlan(deps, read.draft);
        // A plan of that title exists: the card turns into the confirm step, nothing is loaded yet.
        if (existing) return { toast: { type: 'warning', content: zhImport.toast.confirm }, card: card(a, read.draft, read.units, { kind: 'confirm', existing }) };
        return load(deps, a, read, chatId, read.draft.plan.slug, click);
      });
    },
    'import.confirm'(deps, a, click) {
      return onClick(deps, a, click, (read, chatId) => load(deps, a, read, chatId, a.slug, click));
    },
    'import.yaml'(deps, a, click) {
      return onClick(deps, a, click, async (read, chatId) => {
        const upload = await deps.lark.uploadFile({ name: `${read.draft.plan.slug}.yaml`, kind: 'stream', bytes: new TextEncoder().encode(toPlanYaml(read.draft)) });
        if (!upload.ok) {
          deps.log.error('plan yaml upload failed', { message: a.message, error: upload.message });
          return { toast: { type: 'error', content: zhImport.yamlUploadFailed } };
        }
        await deps.outbox.enqueue([{ key: `import.yaml:${click.event.eventId}`, kind: 'import.yaml', to: { type: 'chat', id: chatId }, msgType: 'file', content: JSON.stringify({ file_key: upload.fileKey }) }], click.now);
        return { toast: { type: 'info', content: zhImport.toast.yamlSent } };
      });
    },
  },
};
