// The lead departments' digests: every report in a round that reports to lead departments
// reaches the chats of its task's leads (and, when the plan asks, its cooperating units, read
// only). A tick gathers the reports since the plan's cursor; a chat's digest of the last hours
// is updated in place, else a new one is posted — so a lead chat gets at most one new message
// a minute (the tick's pace), however many units submit.
import { buildDigestCard, type DigestItemView, type DigestView } from '../../cards/review-cards.js';
import { meetsTarget } from '../core/indicators.js';
import type { Plan } from '../core/plan.js';
import { cooperatorsOf, leadsOf, type ReviewState } from '../core/review.js';
import { zh } from '../core/texts.js';
import { zonedDate } from '../core/time.js';
import type { Deps } from './deps.js';
import type { Digest, OutboundMessage, ReportInContext, StoredReview, StoredUnit } from './ports/index.js';

export type DigestDeps = Pick<Deps, 'digests' | 'reviews' | 'directory' | 'outbox'>;

/** A digest is updated in place while it is this recent (and from today); then a new one starts. */
const recentMs = 4 * 3600_000;

function isRecent(d: Digest, at: Date, timeZone: string): boolean {
  return at.getTime() - d.openedAt.getTime() < recentMs && zonedDate(d.openedAt, timeZone) === zonedDate(at, timeZone);
}

/** Where a version stands: the last review at or after it, else whether an earlier version was returned. */
export function reviewStateOf(report: ReportInContext, reviews: readonly StoredReview[]): ReviewState {
  const mine = reviews.filter((r) => r.assignmentId === report.assignmentId);
  const after = mine.filter((r) => r.at.getTime() >= report.submittedAt.getTime() && r.reportId === report.id).at(-1);
  if (after) return after.decision === 'accept' ? 'accepted' : 'returned';
  return mine.some((r) => r.decision === 'return' && r.at.getTime() <= report.submittedAt.getTime()) ? 'resubmitted' : 'awaiting';
}

/** The digest as its card shows it: the newest version of each report it holds. */
export async function digestView(deps: Pick<DigestDeps, 'reviews'>, plan: Plan, digest: Pick<Digest, 'unitCode' | 'role' | 'reportIds'>, units: ReadonlyMap<string, StoredUnit>): Promise<DigestView> {
  const reports = await deps.reviews.reports(digest.reportIds);
  const newest = new Map<number, ReportInContext>();
  for (const r of reports) if ((newest.get(r.assignmentId)?.version ?? 0) < r.version) newest.set(r.assignmentId, r);
  const reviews = await deps.reviews.ofAssignments([...newest.keys()]);
  const tasks = plan.tasks;
  const roundName = (key: string) => plan.rounds.find((r) => r.key === key)?.name.split(/\s+/)[0] ?? key;
  const items: DigestItemView[] = [...newest.values()]
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      const task = tasks.find((t) => t.number === r.taskNumber);
      return {
        reportId: r.id,
        unitName: units.get(r.unitCode)?.name ?? r.unitCode,
        task: zh.taskLabel(r.taskNumber, task?.short),
        roundLabel: zh.roundLabel(roundName(r.roundKey), r.period),
        version: r.version,
        percent: r.percent,
        at: r.submittedAt,
        byName: r.submittedByName ?? '',
        late: r.submittedAt.getTime() > r.dueAt.getTime(),
        state: reviewStateOf(r, reviews),
        narrative: r.narrative,
        problems: r.problems,
        indicators: (task?.indicators ?? []).flatMap((i) => {
          const value = r.indicatorValues[i.key];
          return typeof value === 'number' ? [{ name: i.name, value, unit: i.unit, comparator: i.comparator, target: i.target, met: meetsTarget(value, i.comparator, i.target) }] : [];
        }),
      };
    });
  return { plan: plan.slug, unitName: units.get(digest.unitCode)?.name ?? digest.unitCode, role: digest.role, timezone: plan.timezone, items };
}

/** Posts and updates the plan's digests for the reports since its cursor; returns how many messages it queued. */
export async function queueDigests(deps: DigestDeps, plan: Plan, at: Date): Promise<number> {
  const cursor = await deps.digests.cursor(plan.slug);
  const [fresh, dirty] = await Promise.all([deps.digests.reportsAfter(plan.slug, cursor), deps.digests.dirtySent(plan.slug)]);
  if (fresh.length === 0 && dirty.length === 0) return 0;
  const units = new Map((await deps.directory.units()).map((u) => [u.code, u]));

  // Which chats each report goes to, in which role.
  const targets = new Map<string, { unitCode: string; chatId: string; role: Digest['role']; reportIds: number[] }>();
  const add = (unitCode: string, role: Digest['role'], reportId: number) => {
    for (const chatId of units.get(unitCode)?.chats ?? []) {
      const id = `${unitCode}|${chatId}|${role}`;
      const t = targets.get(id) ?? { unitCode, chatId, role, reportIds: [] };
      t.reportIds.push(reportId);
      targets.set(id, t);
    }
  };
  for (const r of fresh) {
    for (const lead of leadsOf(plan, r.taskNumber)) add(lead, 'lead', r.id);
    for (const unit of cooperatorsOf(plan, r.taskNumber)) add(unit, 'cooperating', r.id);
  }

  const messages: OutboundMessage[] = [];
  const changes: Parameters<DigestDeps['digests']['save']>[1] = { create: [], extend: [], drawn: [], cursor: fresh.at(-1)?.id };
  const draw = async (d: Pick<Digest, 'unitCode' | 'role' | 'reportIds'>) => JSON.stringify(buildDigestCard(await digestView(deps, plan, d, units)));
  for (const t of targets.values()) {
    const latest = await deps.digests.latest(plan.slug, t.unitCode, t.chatId, t.role);
    if (latest && isRecent(latest, at, plan.timezone)) {
      const reportIds = [...new Set([...latest.reportIds, ...t.reportIds])];
      changes.extend.push({ id: latest.id, reportIds, at });
      // Not sent yet: it stays marked, and is drawn again once Lark has it.
      if (latest.messageId) {
        messages.push(update(latest, at, await draw({ ...latest, reportIds })));
        changes.drawn.push(latest.id);
      }
      continue;
    }
    const key = `digest:${plan.slug}:${t.unitCode}:${t.chatId}:${t.role}:${t.reportIds[0]}`;
    changes.create.push({ planSlug: plan.slug, unitCode: t.unitCode, chatId: t.chatId, role: t.role, outboxKey: key, reportIds: t.reportIds, openedAt: at, updatedAt: at });
    messages.push({ key, kind: 'lead.digest', to: { type: 'chat', id: t.chatId }, msgType: 'interactive', content: await draw(t) });
  }
  for (const d of dirty) {
    if (changes.extend.some((e) => e.id === d.id)) continue;
    messages.push(update(d, at, await draw(d)));
    changes.drawn.push(d.id);
  }
  // Messages first: a crash before the cursor moves only queues the same keys again (no-ops).
  await deps.outbox.enqueue(messages, at);
  await deps.digests.save(plan.slug, changes);
  return messages.length;
}

function update(d: Digest, at: Date, content: string): OutboundMessage {
  return { key: `digest.update:${d.id}:${at.getTime()}`, kind: 'lead.digest.update', to: { type: 'message', id: d.messageId! }, msgType: 'card.update', content };
}
