// Updating a card the bot sent: PATCH of a shared card (lark-protocol.md §5.5) and the delayed
// update with a click's token (§5.4: 30 minutes, 2 uses), plus issuing those tokens.
import { CARD_LIMIT, checkCard, collectMentions, isSharedCard, parseContent } from './content.js';
import { larkIds } from './events.js';
import { isRecord } from './json.js';
import { fail, ok, type Reply } from './replies.js';
import type { ParsedRequest } from './router.js';
import type { FakeState } from './state.js';
import type { FakeMessage, FakeMessageUpdate } from './types.js';

const CARD_TOKEN_TTL_MS = 30 * 60 * 1000;
const CARD_TOKEN_USES = 2;
/** Card JSON 2.0: interactive and updatable for 14 days after sending (lark-protocol.md §6.1, §6.7a). */
export const CARD_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

function applyUpdate(s: FakeState, m: FakeMessage, via: FakeMessageUpdate['via'], content: unknown): void {
  const t = s.now();
  m.content = content;
  m.mentions = collectMentions(content);
  m.update_time = String(t);
  m.updates.push({ via, content, at: t });
}

/** PATCH /im/v1/messages/:message_id */
export function patchMessage(s: FakeState, req: ParsedRequest): Reply {
  const id = req.params['message_id'] ?? '';
  const m = s.messageById.get(id);
  if (!m) fail(s.inboundById.has(id) ? 'noPermission' : 'messageNotExist', id);
  if (m.recalled) fail('messageRecalled');
  if (m.msg_type !== 'interactive') fail('badRequest', 'only interactive (card) messages can be updated');
  if (Number(m.create_time) <= s.now() - CARD_WINDOW_MS) fail('tooOld');
  const body = isRecord(req.body) ? req.body : {};
  const card = parseContent('interactive', body['content'], s.files);
  // Only shared cards can be patched, before and after (§5.5); Lark's exact code is unknown.
  if (!isSharedCard(m.content) || !isSharedCard(card)) fail('badRequest', 'only shared cards (config.update_multi: true) can be updated');
  s.rates.checkResource(`patch:${id}`, 'perMessageUpdatePerSecond');
  applyUpdate(s, m, 'patch', card);
  return ok({});
}

/** POST /interactive/v1/card/update */
export function delayedCardUpdate(s: FakeState, req: ParsedRequest): Reply {
  const body = isRecord(req.body) ? req.body : {};
  const token = body['token'];
  if (typeof token !== 'string' || !token.startsWith('c-')) fail('cardTokenMalformed');
  const state = s.cardTokens.get(token);
  if (!state || state.issuedAt <= s.now() - CARD_TOKEN_TTL_MS) fail('cardTokenExpired');
  if (state.uses >= CARD_TOKEN_USES) fail('cardTokenOveruse');
  const card = body['card'];
  if (!isRecord(card)) fail('cardFormat', 'card must be an object');
  if (Buffer.byteLength(JSON.stringify(card), 'utf8') > CARD_LIMIT) fail('cardTooLarge');
  const problem = checkCard(card);
  if (problem) fail('cardFormat', problem);
  const m = s.messageById.get(state.messageId);
  if (!m || m.recalled) fail('cardRecalled');
  state.uses += 1;
  applyUpdate(s, m, 'card_update', card);
  return { status: 200, body: { code: 0, msg: 'ok' } };
}

/**
 * What Feishu's client does with a click on a card sent more than 14 days ago: it sends no
 * callback and tells the user the card can no longer be used. The fake's callback builder
 * throws this instead of building an event the client would never send.
 */
export class CardExpiredError extends Error {
  constructor(readonly messageId: string, readonly sentAt: number) {
    super(`fake Lark: card ${messageId} was sent more than 14 days ago; Feishu's client sends no callback for it`);
    this.name = 'CardExpiredError';
  }
}

/** Throws CardExpiredError for a bot's card past its 14 days (by the send time the fake recorded). */
export function assertCardInteractive(s: FakeState, messageId: string): void {
  const m = s.messageById.get(messageId);
  if (m && Number(m.create_time) <= s.now() - CARD_WINDOW_MS) throw new CardExpiredError(messageId, Number(m.create_time));
}

/** Registers a delayed-update token for a message, returns it. */
export function issueCardToken(s: FakeState, messageId: string, token?: string): string {
  const t = token ?? larkIds.cardToken();
  s.cardTokens.set(t, { messageId, issuedAt: s.now(), uses: 0 });
  return t;
}

/** A callback's answer card, applied as the client applies it (lark-protocol.md §5.3). */
export function applyCallbackCard(s: FakeState, messageId: string, card: unknown): string | undefined {
  const m = s.messageById.get(messageId);
  if (!m || m.recalled) return 'the card is gone';
  if (Buffer.byteLength(JSON.stringify(card), 'utf8') > CARD_LIMIT) return 'card too large';
  const problem = checkCard(card);
  if (problem) return problem;
  applyUpdate(s, m, 'callback', card);
  return undefined;
}
