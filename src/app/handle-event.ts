// The bot's core: one normalized inbound event in, what should happen out — bind a chat,
// store a report, answer a card — with every outgoing message queued in the outbox.
import { buildBindHelpCard, buildNoticeCard } from '../../cards/bind-card.js';
import { buildReportCard } from '../../cards/report-card.js';
import { parseCardAction } from '../../cards/actions.js';
import { parseCommand } from '../core/commands.js';
import { parseNumeral } from '../core/questions.js';
import { contentKey, parseReportForm } from '../core/report-form.js';
import { statusAt } from '../core/status.js';
import { createUnitIndex } from '../core/units.js';
import { zh } from '../core/texts.js';
import { zhSchedule } from '../core/texts-schedule.js';
import { addDays, zonedDate, zonedInstant } from '../core/time.js';
import type { Clock } from '../core/time.js';
import type { BotAddedEvent, CardActionEvent, CardResponse, InboundEvent, MessageEvent, Person } from './events.js';
import { loadCardContext, openPeriods, queueReportCards, reportCardView, type CardDeps } from './report-cards.js';
import type { EventStore, LarkGateway, OutboundMessage, StoredUnit } from './ports.js';
import { answerQuestion, remindUnit, type AnswerDeps } from './answer-question.js';

export interface BotDeps extends CardDeps, Pick<AnswerDeps, 'summaryCard' | 'sendExport'> {
  events: EventStore;
  gateway: LarkGateway;
  clock: Clock;
  /** open_ids of office admins (DUBAN_ADMINS). */
  admins: readonly string[];
}

const doubleClickMs = 60_000;

/** Handles an event that was stored; card actions answer synchronously, the rest only queue messages. */
export async function handleEvent(deps: BotDeps, event: InboundEvent): Promise<CardResponse | undefined> {
  switch (event.type) {
    case 'bot.added':
      await onBotAdded(deps, event);
      return undefined;
    case 'message':
      await onMessage(deps, event);
      return undefined;
    case 'card.action':
      return onCardAction(deps, event);
    case 'unsupported':
      return undefined;
  }
}

async function isAdmin(deps: BotDeps, openId: string): Promise<boolean> {
  if (deps.admins.includes(openId)) return true;
  const units = await deps.plans.listUnits();
  return units.some((u) => u.kind === 'office' && u.contacts.some((c) => c.openId === openId));
}

function isContact(unit: StoredUnit, openId: string): boolean {
  return unit.contacts.some((c) => c.openId === openId);
}

const textMessage = (key: string, chatId: string, text: string, replyTo?: string): OutboundMessage => ({
  key,
  kind: 'text',
  to: replyTo ? { type: 'reply', id: replyTo, inThread: false } : { type: 'chat', id: chatId },
  msgType: 'text',
  content: JSON.stringify({ text }),
});

async function onBotAdded(deps: BotDeps, event: BotAddedEvent): Promise<void> {
  await deps.outbox.enqueue(
    [{ key: `welcome:${event.eventId}`, kind: 'bind.help', to: { type: 'chat', id: event.chatId }, msgType: 'interactive', content: JSON.stringify(buildBindHelpCard()) }],
    deps.clock.now(),
  );
}

async function onMessage(deps: BotDeps, event: MessageEvent): Promise<void> {
  const now = deps.clock.now();
  const reply = (text: string) => deps.outbox.enqueue([textMessage(`reply:${event.messageId}`, event.chatId, text, event.messageId)], now);

  // A reply in a report card's thread is a narrative update, not a command.
  const rootCard = event.rootId ? await deps.loop.cardByMessage(event.rootId) : undefined;
  if (rootCard) {
    if (!event.text) return;
    await onThreadReply(deps, event, rootCard, now);
    return;
  }
  // In a group only what @-mentions the bot is for us; in 1:1 everything is.
  if (event.chatType === 'group' && !event.mentionsBot) return;

  const command = parseCommand(event.text);
  switch (command.kind) {
    case 'bind': {
      if (!(await isAdmin(deps, event.sender.openId))) return void (await reply(zh.bind.notAdmin));
      // 绑定 领导 @段兆锦 @吴云龙: the leading group's members, matched by name, get their open_ids.
      if (/^(领导|领导小组|领导小组成员)$/.test(command.unit)) {
        const people = dedupe(event.mentions);
        if (people.length === 0) return void (await reply(zh.bind.leadersUsage));
        const bound: string[] = [];
        const unknown: string[] = [];
        for (const person of people) {
          const slugs = await deps.plans.bindLeader(person.name ?? '', person.openId, event.sender.openId, now);
          (slugs.length > 0 ? bound : unknown).push(person.name ?? person.openId);
        }
        return void (await reply(zh.bind.leaders(bound, unknown)));
      }
      if (event.chatType === 'p2p') return void (await reply(zh.bind.onlyInGroup));
      if (!command.unit) return void (await reply(zh.bind.missingUnit));
      const units = await deps.plans.listUnits();
      const match = createUnitIndex(units).match(command.unit);
      if (match.kind === 'unknown') return void (await reply(zh.bind.unknownUnit(command.unit, suggest(units, command.unit))));
      if (match.kind === 'ambiguous') return void (await reply(zh.bind.ambiguous(command.unit, match.candidates.map((u) => u.name))));
      if (match.kind === 'group') return void (await reply(zh.bind.ambiguous(command.unit, match.units.map((u) => u.name))));
      const unit = match.unit;
      const contacts = dedupe(event.mentions);
      const { previous } = await deps.loop.bindChat({ unitCode: unit.code, chatId: event.chatId, contacts, by: event.sender.openId, at: now });
      const previousName = previous && previous !== unit.code ? units.find((u) => u.code === previous)?.name : undefined;
      const bound = (await deps.plans.listUnits()).find((u) => u.code === unit.code)!;
      await reply(zh.bind.ok(unit.name, bound.contacts.map((c) => c.name ?? c.openId ?? '').filter(Boolean), previousName));
      await queueOwedCards(deps, bound, now);
      return;
    }
    case 'unbind': {
      if (!(await isAdmin(deps, event.sender.openId))) return void (await reply(zh.bind.notAdmin));
      const previous = await deps.loop.unbindChat(event.chatId, event.sender.openId, now);
      const name = previous ? (await deps.plans.listUnits()).find((u) => u.code === previous)?.name : undefined;
      await reply(name ? zh.bind.unbindOk(name) : zh.bind.notBound);
      return;
    }
    case 'leave':
    case 'back': {
      // Someone else's leave (请假 @张三 至…) is for the office to record.
      const subject = event.mentions[0] ?? event.sender;
      if (subject.openId !== event.sender.openId && !(await isAdmin(deps, event.sender.openId))) return void (await reply(zhSchedule.leave.notAdminForOthers));
      if (command.kind === 'leave' && !command.until) return void (await reply(zhSchedule.leave.usage));
      const until = command.kind === 'leave' ? leaveUntil(command.until!, zonedDate(now, 'Asia/Shanghai')) : null;
      const units = await deps.loop.setAway(subject.openId, until, event.sender.openId, now);
      if (units.length === 0) return void (await reply(zhSchedule.leave.notContact));
      const name = subject.name ?? (await deps.plans.listUnits()).flatMap((u) => u.contacts).find((c) => c.openId === subject.openId)?.name ?? '';
      await reply(until ? zhSchedule.leave.ok(name, zh.dateWeekday(zonedInstant(until, '12:00', 'Asia/Shanghai'), 'Asia/Shanghai')) : zhSchedule.leave.back(name));
      return;
    }
    case 'help':
    case 'unknown': {
      // Questions (进度, 任务三, 腾冲市, 谁没报, 日报, 导出…); anything else gets the help card.
      const answer = await answerQuestion(deps, event.text, { openId: event.sender.openId, chatId: event.chatId, messageId: event.messageId }, now);
      if ('card' in answer) {
        await deps.outbox.enqueue(
          [{ key: `reply:${event.messageId}`, kind: command.kind === 'help' ? 'help' : 'answer', to: { type: 'reply', id: event.messageId }, msgType: 'interactive', content: JSON.stringify(answer.card) }],
          now,
        );
      } else if ('text' in answer) await reply(answer.text);
    }
  }
}

/** 11月10日 said in November 2020 is 2020-11-10; said in December, it is next year's. */
function leaveUntil(d: { year?: number | undefined; month: number; day: number }, today: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const year = d.year ?? Number(today.slice(0, 4));
  const date = `${year}-${pad(d.month)}-${pad(d.day)}`;
  return d.year === undefined && date < addDays(today, -31) ? `${year + 1}-${pad(d.month)}-${pad(d.day)}` : date;
}

function dedupe(people: readonly Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of people) if (!seen.has(p.openId)) seen.set(p.openId, p);
  return [...seen.values()];
}

function suggest(units: readonly StoredUnit[], text: string): string[] {
  const chars = new Set(text);
  return units
    .map((u) => ({ u, score: [...u.name].filter((c) => chars.has(c)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((x) => x.u.name);
}

/** After a unit is bound, it gets the cards of every open period in which it still owes something. */
async function queueOwedCards(deps: BotDeps, unit: StoredUnit, now: Date): Promise<void> {
  for (const { slug } of await deps.plans.listPlans()) {
    const plan = await deps.plans.readPlan(slug);
    if (!plan) continue;
    const facts = await deps.plans.assignmentFacts(slug, { unitCode: unit.code });
    // Periods still reportable on time; what is already overdue is chased by the reminders.
    const owed = openPeriods(plan, now, deps.calendar).filter(({ roundKey, period }) =>
      facts.some((f) => f.roundKey === roundKey && f.period === period && ['pending', 'returned'].includes(statusAt(f, now))),
    );
    await queueReportCards(deps, owed.map((p) => ({ planSlug: slug, ...p, unitCode: unit.code })), now);
  }
}

async function onThreadReply(deps: BotDeps, event: MessageEvent, card: { planSlug: string; roundKey: string; period: string; unitCode: string; selectedTask?: string | undefined }, now: Date) {
  const replyInThread = (text: string) =>
    deps.outbox.enqueue([{ ...textMessage(`reply:${event.messageId}`, event.chatId, text, event.messageId), to: { type: 'reply', id: event.messageId, inThread: true } }], now);
  const ctx = await loadCardContext(deps, card);
  if (!ctx) return;
  if (!isContact(ctx.unit, event.sender.openId) && !(await isAdmin(deps, event.sender.openId))) {
    await replyInThread(zh.toast.notContact(ctx.unit.name));
    return;
  }
  // "任务三 …" names the task; otherwise the task the card shows.
  const named = parseNumeral(/^任务\s*([一二三四五六七八九十]+|\d+)/.exec(event.text)?.[1] ?? '');
  const number = named !== undefined ? String(named) : card.selectedTask;
  const fact = ctx.facts.find((f) => f.taskNumber === number) ?? ctx.facts.find((f) => statusAt(f, now) !== 'accepted');
  if (!fact) return;
  const last = (await deps.loop.latestReports([fact.id])).get(fact.id);
  // The reply adds to the narrative; everything else carries over from the last version.
  const content = {
    progress: last?.progress ?? ('in_progress' as const),
    percent: last?.percent ?? 0,
    narrative: last ? `${last.narrative}\n${event.text}` : event.text,
    problems: last?.problems ?? '',
    nextSteps: last?.nextSteps ?? '',
    indicatorValues: last?.indicatorValues ?? {},
  };
  const saved = await deps.loop.saveReport(
    {
      assignmentId: fact.id,
      ...content,
      submittedBy: event.sender.openId,
      submittedByName: event.sender.name ?? contactName(ctx.unit, event.sender.openId),
      submittedAt: now,
      source: 'thread',
      sourceEventId: event.eventId,
      contentHash: contentKey({ task: fact.taskNumber, ...content }),
    },
    now,
  );
  await replyInThread(zh.thread.ack(ctx.unit.name, fact.taskNumber, saved.version));
}


function contactName(unit: StoredUnit, openId: string): string | undefined {
  return unit.contacts.find((c) => c.openId === openId)?.name;
}

async function onCardAction(deps: BotDeps, event: CardActionEvent): Promise<CardResponse> {
  const now = deps.clock.now();
  const action = parseCardAction(event.value, { option: event.option });
  if (!action.ok) return { toast: { type: 'warning', content: zh.toast.staleCard } };
  const a = action.action;
  if (a.a === 'remind.unit') return { toast: await remindUnit(deps, a.plan, a.unit, event.operator.openId, now) };
  if (a.a === 'query.overdue' || a.a === 'query.export') {
    // The buttons of an answer card ask the same as typing 谁没报 / 导出 in the chat.
    const chatId = event.chatId ?? '';
    const answer = await answerQuestion(deps, a.a === 'query.overdue' ? '谁没报' : `导出${a.format === 'xlsx' ? '' : a.format}`, { openId: event.operator.openId, chatId, messageId: event.eventId }, now);
    if ('card' in answer && chatId) {
      await deps.outbox.enqueue([{ key: `answer:${event.eventId}`, kind: 'answer', to: { type: 'chat', id: chatId }, msgType: 'interactive', content: JSON.stringify(answer.card) }], now);
    }
    return { toast: { type: 'info', content: 'text' in answer ? answer.text : zh.answer.sentBelow } };
  }
  if (a.a !== 'report.submit' && a.a !== 'report.pick') return { toast: { type: 'info', content: zh.toast.notYetAvailable } };

  const ctx = await loadCardContext(deps, { planSlug: a.plan, roundKey: a.round, period: a.period, unitCode: a.unit });
  if (!ctx || ctx.facts.length === 0) return { toast: { type: 'warning', content: zh.toast.staleCard } };
  if (!isContact(ctx.unit, event.operator.openId) && !(await isAdmin(deps, event.operator.openId))) {
    return { toast: { type: 'warning', content: zh.toast.notContact(ctx.unit.name) } };
  }

  if (a.a === 'report.pick') {
    if (event.messageId) await deps.loop.selectTask(event.messageId, a.task);
    return { card: buildReportCard(await reportCardView(deps, ctx, now, a.task)) };
  }

  const tasks = ctx.facts.map((f) => f.taskNumber);
  const parsed = parseReportForm(event.formValue, {
    tasks,
    defaultTask: typeof event.formValue.task === 'string' ? undefined : tasks[0],
    indicatorKeys: (n) => ctx.tasks.find((x) => x.number === n)?.indicators.map((i) => i.key) ?? [],
  });
  if (!parsed.ok) {
    const indicatorName = (key: string) => ctx.tasks.flatMap((x) => x.indicators).find((i) => i.key === key)?.name ?? key;
    return { toast: { type: 'error', content: zh.toast.formProblem(parsed.problems[0]!, indicatorName) } };
  }
  const form = parsed.form;
  const fact = ctx.facts.find((f) => f.taskNumber === form.task)!;
  const hash = contentKey(form);
  const last = (await deps.loop.latestReports([fact.id])).get(fact.id);
  if (last && last.submittedBy === event.operator.openId && last.contentHash === hash && now.getTime() - last.submittedAt.getTime() < doubleClickMs) {
    return { toast: { type: 'success', content: zh.toast.duplicate(form.task, last.version) } };
  }
  const saved = await deps.loop.saveReport(
    {
      assignmentId: fact.id,
      progress: form.progress,
      percent: form.percent,
      narrative: form.narrative,
      problems: form.problems,
      nextSteps: form.nextSteps,
      indicatorValues: form.indicatorValues,
      submittedBy: event.operator.openId,
      submittedByName: event.operator.name ?? contactName(ctx.unit, event.operator.openId),
      submittedAt: now,
      source: 'card',
      sourceEventId: event.eventId,
      contentHash: hash,
    },
    now,
  );
  // Only the unit's facts changed: the plan and the unit are the ones already read.
  const updated = (await loadCardContext(deps, { planSlug: a.plan, roundKey: a.round, period: a.period, unitCode: a.unit }, { plan: ctx.plan, units: new Map([[ctx.unit.code, ctx.unit]]) })) ?? ctx;
  const card = buildReportCard(await reportCardView(deps, updated, now, form.task));
  // The unit's other chats show the same card: bring them up to date too — after the answer,
  // since Lark waits only 3 s for it; a failed update leaves an older (still working) card.
  const others = (await deps.loop.cardsFor(ctx.plan.slug, a.round, a.period, a.unit)).filter((o) => o.messageId && o.messageId !== event.messageId);
  void Promise.allSettled(others.map((o) => deps.gateway.updateCard(o.messageId!, card)));
  const late = now.getTime() > fact.dueAt.getTime();
  return { toast: { type: 'success', content: late ? zh.toast.submittedLate(form.task, saved.version) : zh.toast.submitted(form.task, saved.version) }, card };
}
