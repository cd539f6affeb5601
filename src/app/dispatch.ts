// From a normalized event to the feature that owns it: thread replies to the feature of the
// card, chat text through the one intent parser, card actions by name. Built once from the
// feature table, which may not register an intent or an action twice.
import { parseCardAction, type CardAction } from '../../cards/actions.js';
import { parseIntent, type Intent } from '../core/intents.js';
import type { Plan } from '../core/plan.js';
import { zh } from '../core/texts.js';
import { zonedDate } from '../core/time.js';
import type { Deps } from './deps.js';
import type { InboundEvent, MessageEvent } from './events.js';
import type { ActionAnswer, CardClick, ChatTurn, Feature } from './features/feature.js';
import type { OutboundMessage, StoredUnit } from './ports/index.js';

type AnyIntentHandler = (deps: Deps, intent: Intent, turn: ChatTurn) => Promise<void>;
type AnyActionHandler = (deps: Deps, action: CardAction, click: CardClick) => Promise<ActionAnswer>;

export interface Dispatcher {
  /** Handles a stored event at `now` (its first arrival); card actions answer, the rest queue messages. */
  handle(deps: Deps, event: InboundEvent, now: Date): Promise<ActionAnswer | undefined>;
}

export function createDispatcher(features: readonly Feature[]): Dispatcher {
  const intents = new Map<string, AnyIntentHandler>();
  const actions = new Map<string, AnyActionHandler>();
  const owner = new Map<string, string>();
  const register = <H>(map: Map<string, H>, kind: string, handler: H, feature: string) => {
    if (owner.has(kind)) throw new Error(`${kind} is registered by both ${owner.get(kind)} and ${feature}`);
    owner.set(kind, feature);
    map.set(kind, handler);
  };
  for (const f of features) {
    // The table's types tie each handler to its intent or action; the maps only look them up.
    for (const [kind, handler] of Object.entries(f.intents ?? {})) register(intents, `intent:${kind}`, handler as AnyIntentHandler, f.name);
    for (const [name, handler] of Object.entries(f.actions ?? {})) register(actions, `action:${name}`, handler as AnyActionHandler, f.name);
  }

  async function onMessage(deps: Deps, event: MessageEvent, now: Date): Promise<void> {
    if (event.rootId) {
      for (const f of features) if (f.threadReply && (await f.threadReply(deps, event, now))) return;
    }
    // In a group only what @-mentions the bot is for us (and files, which cannot mention it:
    // the importing feature decides); in 1:1 everything is.
    if (event.chatType === 'group' && !event.mentionsBot && !event.file) return;
    const units = await deps.directory.units();
    const plan = await planFor(deps, units, event.sender.openId);
    const intent: Intent = event.file
      ? { kind: 'import', file: event.file }
      : parseIntent(event.text, {
          tasks: plan ? plan.tasks.flatMap((t) => [t, ...t.subtasks]) : [],
          units,
          today: zonedDate(now, plan?.timezone ?? 'Asia/Shanghai'),
        });
    const reply = (message: Omit<OutboundMessage, 'key' | 'to'>) =>
      deps.outbox.enqueue([{ key: `reply:${event.messageId}`, to: { type: 'reply', id: event.messageId }, ...message }], now).then(() => undefined);
    const turn: ChatTurn = {
      event,
      now,
      units,
      plan,
      // Replies echo what was typed (an unknown unit's name): in a text message `<at …>` is a
      // real mention, so it is made inert, as cards do with escapeMarkdown.
      reply: (text) => reply({ kind: 'text', msgType: 'text', content: JSON.stringify({ text: text.replace(/<(\/?)at\b/gi, '＜$1at') }) }),
      replyCard: (card, kind) => reply({ kind, msgType: 'interactive', content: JSON.stringify(card) }),
    };
    const handler = intents.get(`intent:${intent.kind}`) ?? intents.get('intent:unknown');
    await handler?.(deps, intent, turn);
  }

  return {
    async handle(deps, event, now) {
      switch (event.type) {
        case 'bot.added':
          for (const f of features) await f.botAdded?.(deps, event, now);
          return undefined;
        case 'message':
          await onMessage(deps, event, now);
          return undefined;
        case 'card.action': {
          const parsed = parseCardAction(event.value, { option: event.option });
          if (!parsed.ok) return { toast: { type: 'warning', content: zh.toast.staleCard } };
          const handler = actions.get(`action:${parsed.action.a}`);
          if (!handler) return { toast: { type: 'info', content: zh.toast.notYetAvailable } };
          return handler(deps, parsed.action, { event, now });
        }
        case 'unsupported':
          return undefined;
      }
    },
  };
}

/** The plan a person's message is about: their unit's plan, else the first one. */
export async function planFor(deps: Pick<Deps, 'plans'>, units: readonly StoredUnit[], openId: string): Promise<Plan | undefined> {
  const plans = await deps.plans.listPlans();
  const mine = units.filter((u) => u.contacts.some((c) => c.openId === openId)).map((u) => u.code);
  for (const { slug } of plans) {
    const plan = await deps.plans.readPlan(slug);
    if (plan && (mine.length === 0 || plan.tasks.some((t) => [...t.lead, ...t.responsible].some((c) => mine.includes(c))))) return plan;
  }
  return plans[0] ? deps.plans.readPlan(plans[0].slug) : undefined;
}
