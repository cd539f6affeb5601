// 导出 in chat (and the answer cards' [导出] button): the office's and leaders' export file, or a
// lead department's of the tasks it leads, built in memory, uploaded, and sent to the asking
// chat as a file message.
import { buildRefusalCard } from '../../../cards/answer-cards.js';
import { accessFor } from '../../core/permissions.js';
import { tasksLedBy } from '../../core/review.js';
import type { ExportFormat } from '../../core/questions.js';
import { zh } from '../../core/texts.js';
import { viewerOf } from '../answer-question.js';
import type { Deps } from '../deps.js';
import { planFor } from '../dispatch.js';
import { exportPlan } from '../export-plan.js';
import type { StoredUnit } from '../ports/index.js';
import type { Feature } from './feature.js';

type Sent = { ok: true } | { ok: false; refused: boolean; text: string };

async function sendExport(
  deps: Deps,
  request: { openId: string; chatId: string; slug?: string | undefined; format: ExportFormat; month?: string | undefined; key: string },
  now: Date,
): Promise<Sent> {
  const units: readonly StoredUnit[] = await deps.directory.units();
  const plan = (request.slug ? await deps.plans.readPlan(request.slug) : undefined) ?? (await planFor(deps, units, request.openId));
  if (!plan) return { ok: false, refused: true, text: zh.answer.refusal.leadersOnly };
  const viewer = viewerOf(plan, units, deps.admins, request.openId);
  const access = accessFor(viewer, { kind: 'export' });
  // A lead department exports the tasks it leads, with every unit's text; nobody else's.
  const led = access.kind === 'allow' ? undefined : [...new Set(viewer.contactOf.flatMap((code) => tasksLedBy(plan, code)))];
  if (led?.length === 0) return { ok: false, refused: true, text: zh.answer.refusal.leadersOnly };
  const { result, bytes } = await deps.files.inMemory((writers, out) =>
    exportPlan({ plans: deps.plans, directory: deps.directory, source: deps.exports, writers }, plan.slug, request.format, out, now, { month: request.month, tasks: led }),
  );
  const kind = request.format === 'xlsx' ? 'xls' : request.format === 'docx' ? 'doc' : 'stream';
  const upload = await deps.lark.uploadFile({ name: result.fileName, kind, bytes });
  if (!upload.ok) {
    deps.log.error('export upload failed', { plan: plan.slug, format: request.format, error: upload.message });
    return { ok: false, refused: false, text: zh.exportFile.uploadFailed };
  }
  await deps.outbox.enqueue(
    [{ key: request.key, kind: 'export.file', to: { type: 'chat', id: request.chatId }, msgType: 'file', content: JSON.stringify({ file_key: upload.fileKey }) }],
    now,
  );
  return { ok: true };
}

export const exporting: Feature = {
  name: 'exporting',
  intents: {
    async export(deps, intent, turn) {
      const sent = await sendExport(deps, { openId: turn.event.sender.openId, chatId: turn.event.chatId, format: intent.format, month: intent.month, key: `export:${turn.event.messageId}`, slug: turn.plan?.slug }, turn.now);
      if (sent.ok) return;
      if (sent.refused) await turn.replyCard(buildRefusalCard(sent.text), 'answer');
      else await turn.reply(sent.text);
    },
  },
  actions: {
    async 'query.export'(deps, a, { event, now }) {
      if (!event.chatId) return { toast: { type: 'warning', content: zh.toast.staleCard } };
      const sent = await sendExport(deps, { openId: event.operator.openId, chatId: event.chatId, slug: a.plan, format: a.format, key: `export:${event.eventId}` }, now);
      return { toast: sent.ok ? { type: 'info', content: zh.answer.sentBelow } : { type: sent.refused ? 'warning' : 'error', content: sent.text } };
    },
  },
};
