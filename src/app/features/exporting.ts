// 导出 in chat (and the answer cards' [导出] button): the office's and leaders' export file, or a
// lead department's of the tasks it leads, built in memory, uploaded, and sent to the asking
// chat as a file message with a caption; from a button, after the answer (Lark waits only 3 s).
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

type Request = { openId: string; chatId: string; slug?: string | undefined; format: ExportFormat; month?: string | undefined; key: string };

/** Who may export what, decided before anything is built: a refusal, or the export to run. */
async function exportFor(deps: Deps, request: Request): Promise<{ refused: string } | { run: (now: Date) => Promise<void> }> {
  const units: readonly StoredUnit[] = await deps.directory.units();
  const plan = (request.slug ? await deps.plans.readPlan(request.slug) : undefined) ?? (await planFor(deps, units, request.openId));
  if (!plan) return { refused: zh.answer.refusal.leadersOnly };
  const viewer = viewerOf(plan, units, deps.admins, request.openId);
  const access = accessFor(viewer, { kind: 'export' });
  // A lead department exports the tasks it leads, with every unit's text; nobody else's.
  const led = access.kind === 'allow' ? undefined : [...new Set(viewer.contactOf.flatMap((code) => tasksLedBy(plan, code)))];
  if (led?.length === 0) return { refused: zh.answer.refusal.leadersOnly };
  const to = { type: 'chat' as const, id: request.chatId };
  return {
    async run(now) {
      const { result, bytes } = await deps.files.inMemory((writers, out) =>
        exportPlan({ plans: deps.plans, directory: deps.directory, source: deps.exports, writers }, plan.slug, request.format, out, now, { month: request.month, tasks: led }),
      );
      const kind = request.format === 'xlsx' ? 'xls' : request.format === 'docx' ? 'doc' : 'stream';
      const upload = await deps.lark.uploadFile({ name: result.fileName, kind, bytes });
      if (!upload.ok) {
        deps.log.error('export upload failed', { plan: plan.slug, format: request.format, error: upload.message });
        await deps.outbox.enqueue([{ key: `${request.key}:failed`, kind: 'text', to, msgType: 'text', content: JSON.stringify({ text: zh.exportFile.uploadFailed }) }], now);
        return;
      }
      // The file, then what it is: the plan, the scope and the time its data stops.
      const caption = zh.exportFile.caption(plan.title, zh.exportFile.kinds[request.format], led?.map((n) => zh.taskName(n)), request.month, zh.dateTime(now, plan.timezone));
      await deps.outbox.enqueue(
        [
          { key: request.key, kind: 'export.file', to, msgType: 'file', content: JSON.stringify({ file_key: upload.fileKey }) },
          { key: `${request.key}:caption`, kind: 'text', to, msgType: 'text', content: JSON.stringify({ text: caption }) },
        ],
        now,
      );
    },
  };
}

export const exporting: Feature = {
  name: 'exporting',
  intents: {
    async export(deps, intent, turn) {
      const found = await exportFor(deps, { openId: turn.event.sender.openId, chatId: turn.event.chatId, format: intent.format, month: intent.month, key: `export:${turn.event.messageId}`, slug: turn.plan?.slug });
      if ('refused' in found) return turn.replyCard(buildRefusalCard(found.refused), 'answer');
      await found.run(turn.now);
    },
  },
  actions: {
    async 'query.export'(deps, a, { event, now }) {
      if (!event.chatId) return { toast: { type: 'warning', content: zh.toast.staleCard } };
      const found = await exportFor(deps, { openId: event.operator.openId, chatId: event.chatId, slug: a.plan, format: a.format, key: `export:${event.eventId}` });
      if ('refused' in found) return { toast: { type: 'warning', content: found.refused } };
      // A large plan takes longer than Lark's 3 s: answer now, send the file when it is built.
      return { toast: { type: 'info', content: zh.exportFile.building }, after: () => found.run(now) };
    },
  },
};
