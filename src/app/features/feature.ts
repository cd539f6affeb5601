// What a feature is: the chat intents and card actions it owns, and the events it answers.
// Features are registered in one table (features/index.ts); a new button or command touches
// its feature, its texts and its card builder, and nothing else.
import type { CardAction } from '../../../cards/actions.js';
import type { Intent } from '../../core/intents.js';
import type { Plan } from '../../core/plan.js';
import type { Deps } from '../deps.js';
import type { BotAddedEvent, CardActionEvent, CardResponse, MessageEvent } from '../events.js';
import type { StoredUnit } from '../ports/index.js';

/** A chat message being answered: the event, its time, what was read to parse it, and replies. */
export interface ChatTurn {
  event: MessageEvent;
  now: Date;
  units: readonly StoredUnit[];
  /** The plan the asker is most likely about (their unit's, else the first). */
  plan: Plan | undefined;
  reply(text: string): Promise<void>;
  replyCard(card: unknown, kind: string): Promise<void>;
}

/** A card callback being answered, within Lark's 3 s. */
export interface CardClick {
  event: CardActionEvent;
  now: Date;
}

/**
 * A callback's answer; `processed` when the handler marked the event processed in its own write.
 * `after`: work too slow for Lark's 3 s (an export), done once the answer has gone; the event is
 * marked processed only when it is done, so a crash leaves it to be retried.
 */
export type ActionAnswer = CardResponse & { processed?: boolean; after?: (() => Promise<void>) | undefined };

export type IntentHandlers = { [K in Intent['kind']]?: (deps: Deps, intent: Extract<Intent, { kind: K }>, turn: ChatTurn) => Promise<void> };
export type ActionHandlers = { [K in CardAction['a']]?: (deps: Deps, action: Extract<CardAction, { a: K }>, click: CardClick) => Promise<ActionAnswer> };

export interface Feature {
  name: string;
  intents?: IntentHandlers;
  actions?: ActionHandlers;
  /** A message in a thread: true when it was under one of this feature's cards and was handled. */
  threadReply?(deps: Deps, event: MessageEvent, now: Date): Promise<boolean>;
  botAdded?(deps: Deps, event: BotAddedEvent, now: Date): Promise<void>;
}
