// Builders for what Lark POSTs to a bot: schema 2.0 event envelopes (im.message.receive_v1,
// im.chat.member.bot.added_v1), card.action.trigger callbacks and url_verification, plus the
// HTTP request Lark would send for them (encrypted and signed as in lark-protocol.md §1, §2, §4, §5).
import { randomBytes } from 'node:crypto';
import { encryptLark, larkSignature } from '../lark/crypto.js';

// ---------------------------------------------------------------------------------------------
// Wire types (snake_case, exactly as Lark sends them)
// ---------------------------------------------------------------------------------------------

/** A user as Lark identifies them; `union_id`/`user_id` only appear with the matching scopes. */
export interface LarkUserIdSet {
  open_id: string;
  union_id?: string;
  user_id?: string;
}

export interface LarkEventHeader<T extends string = string> {
  event_id: string;
  event_type: T;
  /** Always a string; ms for message events, µs for card callbacks (§1.1). */
  create_time: string;
  /** The Verification Token. */
  token: string;
  app_id: string;
  tenant_key: string;
}

export interface LarkEventEnvelope<T extends string, E> {
  schema: '2.0';
  header: LarkEventHeader<T>;
  event: E;
}

export interface LarkMention {
  /** `@_user_N`, N = order of mention in the text, starting at 1. */
  key: string;
  id: LarkUserIdSet;
  name: string;
  tenant_key: string;
}

export type LarkChatType = 'p2p' | 'group';

export interface MessageReceiveEvent {
  sender: {
    sender_id: LarkUserIdSet;
    sender_type: 'user';
    tenant_key: string;
  };
  message: {
    message_id: string;
    root_id?: string;
    parent_id?: string;
    create_time: string;
    update_time: string;
    chat_id: string;
    thread_id?: string;
    chat_type: LarkChatType;
    message_type: string;
    /** A JSON string, e.g. `{"text":"@_user_1 进度"}`. */
    content: string;
    mentions?: LarkMention[];
    user_agent?: string;
  };
}
export type MessageReceiveEnvelope = LarkEventEnvelope<'im.message.receive_v1', MessageReceiveEvent>;

export interface BotAddedEvent {
  chat_id: string;
  operator_id: LarkUserIdSet;
  external: boolean;
  operator_tenant_key: string;
  /** Chat name or bot name — sources disagree (§4.2); do not rely on it. */
  name: string;
  i18n_names: { zh_cn?: string; en_us?: string; ja_jp?: string };
}
export type BotAddedEnvelope = LarkEventEnvelope<'im.chat.member.bot.added_v1', BotAddedEvent>;

/** A JSON value as card components carry it in `value` / `form_value`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface CardAction {
  value?: JsonValue;
  tag: string;
  timezone?: string;
  name?: string;
  form_value?: Record<string, JsonValue>;
  input_value?: string;
  option?: string;
  options?: string[];
  checked?: boolean;
}

export interface CardActionTriggerEvent {
  operator: { tenant_key: string; open_id: string; union_id?: string; user_id?: string };
  /** Delayed-update token (`c-…`): 30 min, 2 uses (§5.4). */
  token: string;
  action: CardAction;
  host: string;
  delivery_type?: string;
  context: { url?: string; preview_token?: string; open_message_id: string; open_chat_id: string };
}
export type CardActionEnvelope = LarkEventEnvelope<'card.action.trigger', CardActionTriggerEvent>;

export interface UrlVerificationBody {
  challenge: string;
  token: string;
  type: 'url_verification';
}

export type LarkEventPayload = MessageReceiveEnvelope | BotAddedEnvelope | CardActionEnvelope;
export type LarkInboundPayload = LarkEventPayload | UrlVerificationBody;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** Who the events come from. */
export interface LarkEventContext {
  appId: string;
  tenantKey: string;
  verificationToken: string;
  /** Clock for default create_time values (ms since epoch); Date.now() when absent. */
  now?: () => number;
}

/**
 * The fake app every test and the sandbox use unless told otherwise. The appId matches
 * `/^cli_[0-9a-fA-F]{16}$/`, which the SDK's WSClient insists on (§9.5).
 */
export const FAKE_APP = {
  appId: 'cli_a1b2c3d4e5f60718',
  appSecret: 'fake-app-secret-0123456789abcdef',
  tenantKey: '736588c9260f175e',
  verificationToken: 'fake-verification-token',
  botOpenId: 'ou_fakebot0000000000000000000000001',
  botName: '督办',
} as const;

const defaultContext: LarkEventContext = {
  appId: FAKE_APP.appId,
  tenantKey: FAKE_APP.tenantKey,
  verificationToken: FAKE_APP.verificationToken,
};

/** A person in an input: a bare open_id, or ids plus a display name. */
export type LarkPersonInput = string | (LarkUserIdSet & { name?: string });

/** A piece of message text: literal text, an @mention of a person, or @all. */
export type TextPart = string | { at: LarkPersonInput } | { atAll: true };

export interface MessageInput {
  chatId: string;
  /** Default `group`. */
  chatType?: LarkChatType;
  sender: LarkPersonInput;
  /**
   * For `text` messages. A string is used as is (write `@_user_N` placeholders yourself and
   * list `mentions` in the same order); an array builds both: `[{ at: bot }, ' 进度']` becomes
   * `"@_user_1 进度"` with the matching mentions entry.
   */
  text?: string | readonly TextPart[];
  /** Mentions for a string `text`, keyed `@_user_1…` in this order. */
  mentions?: readonly LarkPersonInput[];
  /** Default `text`. */
  messageType?: string;
  /** Content object for non-text messages (serialised to the JSON string Lark sends). */
  content?: Record<string, unknown>;
  messageId?: string;
  /** Thread root, for replies. */
  rootId?: string;
  /** The message replied to. */
  parentId?: string;
  /** Topic/thread id (`omt_…`), only for messages in a thread. */
  threadId?: string;
  /** ms since epoch, or the string Lark sends. */
  createTime?: number | string;
  eventId?: string;
  userAgent?: string;
}

export interface BotAddedInput {
  chatId: string;
  operator: LarkPersonInput;
  name?: string;
  external?: boolean;
  eventId?: string;
  createTime?: number | string;
}

export interface CardActionInput {
  operator: LarkPersonInput;
  openMessageId: string;
  openChatId: string;
  /** The component's callback value. */
  value?: JsonValue;
  /** Named form fields on a form submit. */
  formValue?: Record<string, JsonValue>;
  /** Default `button`. */
  tag?: string;
  name?: string;
  timezone?: string;
  inputValue?: string;
  option?: string;
  options?: string[];
  checked?: boolean;
  /** Delayed-update token; random `c-…` when absent. */
  token?: string;
  /** Default `im_message`. */
  host?: string;
  eventId?: string;
  /** µs since epoch as a string, or ms as a number (converted to µs). */
  createTime?: number | string;
}

export interface UrlVerificationInput {
  challenge?: string;
  /** Defaults to the context's Verification Token. */
  token?: string;
}

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Random ids in Lark's shapes. */
export const larkIds = {
  eventId: (): string => hex(16),
  messageId: (): string => `om_${hex(16)}`,
  chatId: (): string => `oc_${hex(16)}`,
  threadId: (): string => `omt_${hex(8)}`,
  openId: (): string => `ou_${hex(16)}`,
  unionId: (): string => `on_${hex(16)}`,
  cardToken: (): string => `c-${hex(20)}`,
  nonce: (): string => hex(8),
};

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

function withDefaults(ctx: Partial<LarkEventContext> | undefined): LarkEventContext {
  return { ...defaultContext, ...ctx };
}

function nowMs(ctx: LarkEventContext): number {
  return ctx.now ? ctx.now() : Date.now();
}

function toIdSet(person: LarkPersonInput): LarkUserIdSet {
  if (typeof person === 'string') return { open_id: person };
  // Key order as Lark prints it; an id not given is omitted, as when the scope is missing.
  return {
    ...(person.union_id !== undefined ? { union_id: person.union_id } : {}),
    ...(person.user_id !== undefined ? { user_id: person.user_id } : {}),
    open_id: person.open_id,
  };
}

function nameOf(person: LarkPersonInput): string {
  return typeof person === 'string' ? '' : (person.name ?? '');
}

function header<T extends string>(ctx: LarkEventContext, eventType: T, eventId: string | undefined, createTime: string): LarkEventHeader<T> {
  return {
    event_id: eventId ?? larkIds.eventId(),
    event_type: eventType,
    create_time: createTime,
    token: ctx.verificationToken,
    app_id: ctx.appId,
    tenant_key: ctx.tenantKey,
  };
}

/** Builds `text` + `mentions` from parts, numbering `@_user_N` as Lark does. */
function buildText(parts: readonly TextPart[], tenantKey: string): { text: string; mentions: LarkMention[] } {
  const mentions: LarkMention[] = [];
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
    } else if ('atAll' in part) {
      // @all has its own placeholder and usually no mentions entry (§4.1).
      text += '@_all';
    } else {
      const key = `@_user_${mentions.length + 1}`;
      mentions.push({ key, id: toIdSet(part.at), name: nameOf(part.at), tenant_key: tenantKey });
      text += key;
    }
  }
  return { text, mentions };
}

/** `im.message.receive_v1` as Lark delivers it for a user's message. */
export function buildMessageReceiveEvent(input: MessageInput, context?: Partial<LarkEventContext>): MessageReceiveEnvelope {
  const ctx = withDefaults(context);
  const createTime = input.createTime === undefined ? String(nowMs(ctx)) : String(input.createTime);
  const messageType = input.messageType ?? 'text';

  let content: string;
  let mentions: LarkMention[] = [];
  if (messageType === 'text') {
    if (typeof input.text === 'string' || input.text === undefined) {
      content = JSON.stringify({ text: input.text ?? '' });
      mentions = (input.mentions ?? []).map((m, i) => ({
        key: `@_user_${i + 1}`,
        id: toIdSet(m),
        name: nameOf(m),
        tenant_key: ctx.tenantKey,
      }));
    } else {
      const built = buildText(input.text, ctx.tenantKey);
      content = JSON.stringify({ text: built.text });
      mentions = built.mentions;
    }
  } else {
    content = JSON.stringify(input.content ?? {});
  }

  const message: MessageReceiveEvent['message'] = {
    message_id: input.messageId ?? larkIds.messageId(),
    ...(input.rootId !== undefined ? { root_id: input.rootId } : {}),
    ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
    create_time: createTime,
    update_time: createTime,
    chat_id: input.chatId,
    ...(input.threadId !== undefined ? { thread_id: input.threadId } : {}),
    chat_type: input.chatType ?? 'group',
    message_type: messageType,
    content,
    // Lark omits `mentions` when nobody is mentioned.
    ...(mentions.length > 0 ? { mentions } : {}),
    ...(input.userAgent !== undefined ? { user_agent: input.userAgent } : {}),
  };

  return {
    schema: '2.0',
    header: header(ctx, 'im.message.receive_v1', input.eventId, createTime),
    event: {
      sender: { sender_id: toIdSet(input.sender), sender_type: 'user', tenant_key: ctx.tenantKey },
      message,
    },
  };
}

/** `im.chat.member.bot.added_v1`: someone added the bot to a group. */
export function buildBotAddedEvent(input: BotAddedInput, context?: Partial<LarkEventContext>): BotAddedEnvelope {
  const ctx = withDefaults(context);
  const createTime = input.createTime === undefined ? String(nowMs(ctx)) : String(input.createTime);
  const name = input.name ?? '';
  return {
    schema: '2.0',
    header: header(ctx, 'im.chat.member.bot.added_v1', input.eventId, createTime),
    event: {
      chat_id: input.chatId,
      operator_id: toIdSet(input.operator),
      external: input.external ?? false,
      operator_tenant_key: ctx.tenantKey,
      name,
      i18n_names: { zh_cn: name, en_us: name },
    },
  };
}

/** `card.action.trigger` (new-style card callback, schema 2.0). */
export function buildCardActionEvent(input: CardActionInput, context?: Partial<LarkEventContext>): CardActionEnvelope {
  const ctx = withDefaults(context);
  // Card callbacks carry a microsecond create_time (§5.2).
  const createTime =
    input.createTime === undefined
      ? `${nowMs(ctx)}000`
      : typeof input.createTime === 'number'
        ? `${input.createTime}000`
        : input.createTime;
  const op = toIdSet(input.operator);
  const action: CardAction = {
    ...(input.value !== undefined ? { value: input.value } : {}),
    tag: input.tag ?? 'button',
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.formValue !== undefined ? { form_value: input.formValue } : {}),
    ...(input.inputValue !== undefined ? { input_value: input.inputValue } : {}),
    ...(input.option !== undefined ? { option: input.option } : {}),
    ...(input.options !== undefined ? { options: input.options } : {}),
    ...(input.checked !== undefined ? { checked: input.checked } : {}),
  };
  return {
    schema: '2.0',
    header: header(ctx, 'card.action.trigger', input.eventId, createTime),
    event: {
      operator: { tenant_key: ctx.tenantKey, ...op },
      token: input.token ?? larkIds.cardToken(),
      action,
      host: input.host ?? 'im_message',
      context: { open_message_id: input.openMessageId, open_chat_id: input.openChatId },
    },
  };
}

/** The request-URL check Lark sends when the URL is saved in the console (§1.3). */
export function buildUrlVerification(input: UrlVerificationInput = {}, context?: Partial<LarkEventContext>): UrlVerificationBody {
  const ctx = withDefaults(context);
  return {
    challenge: input.challenge ?? hex(12),
    token: input.token ?? ctx.verificationToken,
    type: 'url_verification',
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP request
// ---------------------------------------------------------------------------------------------

export interface LarkRequestOptions {
  /** The app's Encrypt Key. With it the body is encrypted and signed, as Lark does. */
  encryptKey?: string;
  /** Default: true when encryptKey is set. `false` sends plaintext (still signed if `sign`). */
  encrypt?: boolean;
  /**
   * Add X-Lark-Request-Timestamp/-Nonce/-Signature. Default: true when encryptKey is set,
   * except for url_verification, which Lark excludes from signature checking (§1.3, §2.2).
   */
  sign?: boolean;
  /** Unix seconds as a string (§2.2: format unconfirmed, hash it verbatim). */
  timestamp?: string;
  nonce?: string;
  /** Fixed IV for reproducible encrypted bodies. */
  iv?: Uint8Array;
  /**
   * JSON indentation of the body. Lark signs the raw bytes; a non-compact body proves a
   * receiver verifies the bytes it got, not a re-serialisation.
   */
  space?: number;
  /** Clock for the default timestamp (ms). */
  now?: () => number;
}

/** A ready POST for the bot's event URL; usable as a fetch RequestInit. */
export interface LarkHttpRequest {
  method: 'POST';
  body: string;
  headers: Record<string, string>;
}

function isUrlVerification(payload: LarkInboundPayload): payload is UrlVerificationBody {
  return 'type' in payload && payload.type === 'url_verification';
}

/** Turns a payload into the HTTP request Lark would send (header names lower-case). */
export function toLarkRequest(payload: LarkInboundPayload, options: LarkRequestOptions = {}): LarkHttpRequest {
  const { encryptKey } = options;
  const plain = JSON.stringify(payload, null, options.space);
  const encrypt = options.encrypt ?? encryptKey !== undefined;
  if (encrypt && encryptKey === undefined) throw new Error('toLarkRequest: encrypt needs an encryptKey');
  const body =
    encrypt && encryptKey !== undefined
      ? JSON.stringify({ encrypt: encryptLark(plain, encryptKey, options.iv) }, null, options.space)
      : plain;

  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const sign = options.sign ?? (encryptKey !== undefined && !isUrlVerification(payload));
  if (sign) {
    if (encryptKey === undefined) throw new Error('toLarkRequest: sign needs an encryptKey');
    const timestamp = options.timestamp ?? String(Math.floor((options.now ? options.now() : Date.now()) / 1000));
    const nonce = options.nonce ?? larkIds.nonce();
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = larkSignature(timestamp, nonce, encryptKey, body);
  }
  return { method: 'POST', body, headers };
}
