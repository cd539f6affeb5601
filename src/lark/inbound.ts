// From the raw bytes Lark POSTs to a domain event: signature (and its freshness) over the raw
// body before anything else, decryption, verification token, url_verification, zod validation, normalization.
import { z } from 'zod';
import type { InboundEvent, Person } from '../app/events.js';
import { decryptLark, LarkDecryptError, safeEqual, staleLarkTimestamp, verifyLarkSignature, type LarkSignatureHeaders } from './crypto.js';

export interface InboundSecurity {
  verificationToken?: string | undefined;
  encryptKey?: string | undefined;
  /** The bot's own open_id, to tell a mention of the bot from a mention of a person. */
  botOpenId?: string | undefined;
}

export type InboundResult =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; event: InboundEvent; payload: string }
  | { kind: 'rejected'; status: 400 | 401; reason: string };

const reject = (status: 400 | 401, reason: string): InboundResult => ({ kind: 'rejected', status, reason });

const ids = z.object({ open_id: z.string().optional(), user_id: z.string().optional(), union_id: z.string().optional() });

const header = z.object({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  token: z.string().optional(),
  create_time: z.string().optional(),
  app_id: z.string().optional(),
  tenant_key: z.string().optional(),
});

const messageEvent = z.object({
  sender: z.object({ sender_id: ids, sender_type: z.string().optional() }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: z.string().optional(),
    parent_id: z.string().optional(),
    thread_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(z.object({ key: z.string(), id: ids, name: z.string().optional() })).optional(),
  }),
});

const botAddedEvent = z.object({ chat_id: z.string().min(1), operator_id: ids.optional() });

const cardActionEvent = z.object({
  operator: ids.extend({ open_id: z.string().min(1) }),
  token: z.string().optional(),
  action: z.object({
    value: z.unknown().optional(),
    tag: z.string().optional(),
    name: z.string().optional(),
    option: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
  }),
  context: z.object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).optional(),
});

const envelope = z.object({ schema: z.literal('2.0'), header, event: z.unknown() });

/**
 * The most an unsigned body may weigh when an Encrypt Key is set. Only url_verification may
 * come unsigned (Lark excludes it from signature checks, §1.3), and it is ~200 bytes encrypted;
 * anything bigger is refused before it is read, parsed or decrypted.
 */
export const maxUnsignedBytes = 4096;

const hasSignature = (headers: LarkSignatureHeaders) =>
  headers['x-lark-request-timestamp'] !== undefined || headers['x-lark-request-nonce'] !== undefined || headers['x-lark-signature'] !== undefined;

/**
 * What can be refused from the headers alone, before the body is read: a stale or unreadable
 * signature timestamp, or an unsigned body too big to be a url_verification.
 * `declaredBytes` is the Content-Length, when there is one.
 */
export function precheckInbound(headers: LarkSignatureHeaders, declaredBytes: number | undefined, security: InboundSecurity, now: Date): InboundResult | undefined {
  if (!security.encryptKey) return undefined;
  if (!hasSignature(headers)) {
    return declaredBytes !== undefined && declaredBytes > maxUnsignedBytes ? reject(401, 'no signature headers: only url_verification may be unsigned') : undefined;
  }
  const timestamp = headers['x-lark-request-timestamp'];
  if (timestamp === undefined) return reject(401, 'signature without X-Lark-Request-Timestamp');
  const stale = staleLarkTimestamp(timestamp, now);
  return stale ? reject(401, stale) : undefined;
}

/**
 * The raw body (the bytes Lark signed) to a domain event. With an Encrypt Key the signature is
 * checked before anything is parsed or decrypted, so unsigned traffic costs one hash at most.
 */
export function parseInbound(body: string | Uint8Array, headers: LarkSignatureHeaders, security: InboundSecurity, now: Date): InboundResult {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  const early = precheckInbound(headers, bytes, security, now);
  if (early) return early;
  // Lark signs the exact bytes it sends; the SDK's re-serialized check would reject valid bodies.
  const signed = security.encryptKey !== undefined && hasSignature(headers);
  if (signed && !verifyLarkSignature(headers, body, security.encryptKey!)) {
    return reject(401, 'signature mismatch: check LARK_ENCRYPT_KEY');
  }
  const raw = typeof body === 'string' ? body : new TextDecoder().decode(body);

  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return reject(400, 'body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reject(400, 'body is not a JSON object');

  let plain = raw;
  let payload = parsed as Record<string, unknown>;
  if (typeof payload.encrypt === 'string') {
    if (!security.encryptKey) return reject(400, 'encrypted body but no LARK_ENCRYPT_KEY is configured');
    try {
      plain = decryptLark(payload.encrypt, security.encryptKey);
      const decrypted: unknown = JSON.parse(plain);
      if (typeof decrypted !== 'object' || decrypted === null || Array.isArray(decrypted)) return reject(400, 'decrypted body is not a JSON object');
      payload = decrypted as Record<string, unknown>;
    } catch (e) {
      if (e instanceof LarkDecryptError) return reject(401, 'cannot decrypt: check LARK_ENCRYPT_KEY');
      return reject(400, 'decrypted body is not JSON');
    }
  }

  // The URL check may come unsigned (see maxUnsignedBytes), but only with the right token.
  if (payload.type === 'url_verification') {
    if (typeof payload.challenge !== 'string') return reject(400, 'url_verification without a challenge');
    if (!tokenMatches(payload.token, security)) return reject(401, 'verification token mismatch: check LARK_VERIFICATION_TOKEN');
    return { kind: 'challenge', challenge: payload.challenge };
  }
  if (security.encryptKey && !signed) return reject(401, 'no signature headers: only url_verification may be unsigned');

  return fromEnvelope(payload, plain, security);
}

/**
 * A decrypted schema 2.0 envelope to a domain event. Also the way in for the long
 * connection (authenticated by the connection itself) and for stored events being retried.
 */
export function fromEnvelope(payload: unknown, plain: string, security: InboundSecurity): InboundResult {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) return reject(400, `not a schema 2.0 event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const { header: h, event } = parsed.data;
  if (!tokenMatches(h.token, security)) return reject(401, 'verification token mismatch: check LARK_VERIFICATION_TOKEN');

  const normalized = normalize(h.event_id, h.event_type, event, security.botOpenId);
  if ('error' in normalized) return reject(400, normalized.error);
  return { kind: 'event', event: normalized, payload: plain };
}

/** The SDK's WSClient hands handlers header and event fields merged flat; this undoes it. */
export function envelopeFromFlat(data: Record<string, unknown>): Record<string, unknown> {
  const headerKeys = ['event_id', 'event_type', 'create_time', 'app_id', 'tenant_key'];
  const header: Record<string, unknown> = {};
  const event: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (headerKeys.includes(k)) header[k] = v;
    else if (k !== 'schema' && k !== 'token') event[k] = v;
  }
  // For card callbacks `token` is the update token (the event's), not the verification token.
  if (data.event_type === 'card.action.trigger') event.token = data.token;
  else header.token = data.token;
  return { schema: '2.0', header, event };
}

function tokenMatches(token: unknown, security: InboundSecurity): boolean {
  if (!security.verificationToken) return true;
  return typeof token === 'string' && safeEqual(token, security.verificationToken);
}

function person(id: z.infer<typeof ids> | undefined, name?: string): Person | undefined {
  return id?.open_id ? { openId: id.open_id, ...(name ? { name } : {}) } : undefined;
}

function normalize(eventId: string, eventType: string, event: unknown, botOpenId?: string): InboundEvent | { error: string } {
  const fail = (r: { error: z.ZodError }) => ({ error: `invalid ${eventType}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` });
  switch (eventType) {
    case 'im.message.receive_v1': {
      const r = messageEvent.safeParse(event);
      if (!r.success) return fail(r);
      const m = r.data.message;
      const sender = person(r.data.sender.sender_id);
      if (!sender) return { error: 'invalid im.message.receive_v1: sender has no open_id' };
      const mentions = m.mentions ?? [];
      // Without a known bot id, the first mention of a group message is the bot (the usual "@bot …").
      const isBot = (key: string, openId?: string) =>
        botOpenId ? openId === botOpenId : m.chat_type !== 'p2p' && mentions[0]?.key === key;
      let text = textOf(m.message_type, m.content);
      for (const mention of mentions) {
        text = text.split(mention.key).join(isBot(mention.key, mention.id.open_id) ? '' : `@${mention.name ?? ''}`);
      }
      return {
        type: 'message',
        eventId,
        messageId: m.message_id,
        chatId: m.chat_id,
        chatType: m.chat_type === 'p2p' ? 'p2p' : 'group',
        sender,
        text: text.replace(/\s+/g, ' ').trim(),
        mentions: mentions.filter((x) => !isBot(x.key, x.id.open_id)).flatMap((x) => person(x.id, x.name) ?? []),
        mentionsBot: mentions.some((x) => isBot(x.key, x.id.open_id)),
        messageType: m.message_type,
        file: m.message_type === 'file' ? fileOf(m.content) : undefined,
        rootId: m.root_id || undefined,
        parentId: m.parent_id || undefined,
        threadId: m.thread_id || undefined,
      };
    }
    case 'im.chat.member.bot.added_v1': {
      const r = botAddedEvent.safeParse(event);
      if (!r.success) return fail(r);
      return { type: 'bot.added', eventId, chatId: r.data.chat_id, operator: person(r.data.operator_id) };
    }
    case 'card.action.trigger': {
      const r = cardActionEvent.safeParse(event);
      if (!r.success) return fail(r);
      return {
        type: 'card.action',
        eventId,
        operator: { openId: r.data.operator.open_id },
        chatId: r.data.context?.open_chat_id,
        messageId: r.data.context?.open_message_id,
        value: r.data.action.value,
        option: r.data.action.option,
        formValue: r.data.action.form_value ?? {},
        updateToken: r.data.token,
      };
    }
    default:
      return { type: 'unsupported', eventId, eventType };
  }
}

/** A file message's `{"file_key","file_name"}`. */
function fileOf(content: string): { key: string; name: string } | undefined {
  const parsed = fileContent.safeParse(parseJson(content));
  return parsed.success ? { key: parsed.data.file_key, name: parsed.data.file_name ?? '' } : undefined;
}

const fileContent = z.object({ file_key: z.string().min(1), file_name: z.string().optional() });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The readable text of a message: text as is, post flattened; other kinds have none. */
function textOf(messageType: string, content: string): string {
  const parsed = parseJson(content);
  if (typeof parsed !== 'object' || parsed === null) return '';
  const c = parsed as { text?: unknown; title?: unknown; content?: unknown };
  if (messageType === 'text') return typeof c.text === 'string' ? c.text : '';
  if (messageType === 'post' && Array.isArray(c.content)) {
    const lines = c.content.map((line: unknown) =>
      Array.isArray(line)
        ? line
            .map((el: { tag?: string; text?: string; user_id?: string }) => (el.tag === 'at' ? (el.user_id ?? '') : (el.text ?? '')))
            .join('')
        : '',
    );
    return [typeof c.title === 'string' ? c.title : '', ...lines].filter(Boolean).join('\n');
  }
  return '';
}
