// A fake Lark Open API server for tests and the sandbox: the paths duban calls, with Lark's
// request checks, response shapes and error codes (lark-protocol.md §5, §7, §8), a record of
// every call, queryable state, fault injection, rate limits and a long-connection (WS) endpoint.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context } from 'hono';
import {
  FAKE_APP,
  buildBotAddedEvent,
  buildCardActionEvent,
  buildMessageReceiveEvent,
  buildUrlVerification,
  larkIds,
  toLarkRequest,
} from './fake-events.js';
import type {
  BotAddedEnvelope,
  BotAddedInput,
  CardActionEnvelope,
  CardActionInput,
  LarkEventContext,
  LarkEventPayload,
  LarkHttpRequest,
  LarkInboundPayload,
  LarkRequestOptions,
  MessageInput,
  MessageReceiveEnvelope,
  UrlVerificationBody,
  UrlVerificationInput,
} from './fake-events.js';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** A person in the fake tenant's contact directory. */
export interface FakeLarkUser {
  open_id: string;
  /** Derived from open_id when absent. */
  union_id?: string;
  /** Derived from open_id when absent. */
  user_id?: string;
  name: string;
  en_name?: string;
  email?: string;
  /** `+8613800000000` or a mainland number without the country code. */
  mobile?: string;
  department_ids?: string[];
  job_title?: string;
  resigned?: boolean;
}

export interface FakeLarkChat {
  chat_id: string;
  name?: string;
  /** open_ids of the (human) members; bots are never listed (§7.6). */
  members?: string[];
  /** Default true. */
  bot_in_chat?: boolean;
}

export interface FakeRateLimits {
  /** Sends + replies to one group, all bots together (§8). Default 5. */
  perChatPerSecond?: number;
  /** Sends + replies to one user (p2p). Default 5. */
  perUserPerSecond?: number;
  /** Per API per app (gateway tier). Default 50. */
  perAppPerSecond?: number;
  /** Per API per app (gateway tier). Default 1000. */
  perAppPerMinute?: number;
  /** PATCH of one card. Default 5. */
  perMessageUpdatePerSecond?: number;
}

export interface FakeLarkOptions {
  appId?: string;
  appSecret?: string;
  tenantKey?: string;
  verificationToken?: string;
  /** Used by `request()` to encrypt and sign inbound events like Lark. */
  encryptKey?: string;
  botOpenId?: string;
  botName?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  users?: FakeLarkUser[];
  chats?: FakeLarkChat[];
  /**
   * Default true: a chat_id never configured is a chat the bot is in, with no listed members
   * (handy for the sandbox). false: unknown chats answer like chats the bot is not in.
   */
  autoCreateChats?: boolean;
  /** Default false: p2p sends to open_ids not in `users` are accepted. true: 230013. */
  strictUsers?: boolean;
  /** Off by default; `true` = Lark's documented limits; or override some numbers. */
  rateLimits?: boolean | FakeRateLimits;
  /** tenant_access_token lifetime, seconds. Default 7200. */
  tokenTtlSeconds?: number;
  /** Clock (ms) for message times, token expiry, uuid window and rate limits. */
  now?: () => number;
  /** `om_000…001`-style ids instead of random ones, for stable snapshots. */
  sequentialIds?: boolean;
}

/** One HTTP call the fake received, with what it answered. */
export interface FakeLarkCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** authorization, content-type, user-agent, locale — when sent. */
  headers: Record<string, string>;
  /** Parsed JSON; multipart fields (file parts as {filename, content_type, size}); else text. */
  body: unknown;
  at: number;
  status: number;
  response: unknown;
  /** Set when the answer came from failNext or a rate limit, not from the API logic. */
  injected?: 'fault' | 'rate_limit';
}

export interface FakeMessageUpdate {
  via: 'patch' | 'card_update';
  content: unknown;
  at: number;
}

/** A message the bot sent (send or reply), as Lark holds it. */
export interface FakeMessage {
  message_id: string;
  chat_id: string;
  chat_type: 'group' | 'p2p';
  /** For sends: how the target was addressed. Absent for replies. */
  receive_id_type?: ReceiveIdType;
  receive_id?: string;
  msg_type: string;
  /** Current content, parsed (updates applied). */
  content: unknown;
  /** Content as first sent, parsed. */
  sent_content: unknown;
  uuid?: string;
  root_id?: string;
  parent_id?: string;
  thread_id?: string;
  reply_in_thread?: boolean;
  /** ids @-mentioned in the current content (text/post `<at user_id>`, card `<at id|ids|email>`). */
  mentions: string[];
  create_time: string;
  update_time: string;
  updates: FakeMessageUpdate[];
  recalled: boolean;
}

/** A message a user sent, registered through `inbound.message` so the bot can reply to it. */
export interface FakeInboundMessage {
  message_id: string;
  chat_id: string;
  sender_open_id: string;
  root_id?: string;
  parent_id?: string;
  thread_id?: string;
  content: string;
}

export interface FakeFile {
  file_key: string;
  file_type: string;
  file_name: string;
  duration?: number;
  /** The uploaded bytes, unchanged. */
  bytes: Buffer;
  /** Content-Type of the file part, if the client sent one. */
  content_type?: string;
  uploaded_at: number;
}

export interface FaultSpec {
  /** String: path prefix, with or without `/open-apis`. Absent: any API except the token endpoints. */
  path?: string | RegExp;
  method?: string;
  status: number;
  /** Lark code in the body. Defaults: 429 → 99991400, 5xx → 2200, other → 99992402. */
  code?: number;
  msg?: string;
  /** How many matching calls fail. Default 1. */
  times?: number;
  /** 429 gets x-ogw-ratelimit-limit / x-ogw-ratelimit-reset unless given here. */
  headers?: Record<string, string>;
  /**
   * Run the real handler first, then answer with the fault: the message is delivered but the
   * client sees an error (a timeout after delivery). Exercises uuid-based retries.
   */
  after?: boolean;
  /** Wait before answering. */
  delayMs?: number;
}

export type ReceiveIdType = 'open_id' | 'union_id' | 'user_id' | 'email' | 'chat_id';

/** What the bot answered to an event pushed over the long connection. */
export interface FakeWsAck {
  /** 200, or 500 when the handler threw (§9.5); -1 when the ack could not be read. */
  code: number;
  /** The handler's return value (decoded from the base64 `data`), if any. */
  result: unknown;
  headers: Record<string, string>;
}

export interface FakeLarkWs {
  /** Connected long-connection clients that are ready for events (they have pinged once). */
  readonly connections: number;
  /** Resolves once at least one client is connected and ready. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /**
   * Delivers an event/callback to one connected client (cluster mode) and resolves with its
   * ack. `fragments` > 1 splits the payload like Lark does for big events.
   */
  push(payload: LarkEventPayload, options?: { timeoutMs?: number; fragments?: number }): Promise<FakeWsAck>;
  /** Drops every connection (the SDK then reconnects). */
  disconnectAll(): void;
}

export interface FakeLarkInbound {
  /** A user's message; registered so the bot can reply to it. */
  message(input: MessageInput): MessageReceiveEnvelope;
  /** A card click on a message; its update token is registered for /interactive/v1/card/update. */
  cardAction(input: CardActionInput): CardActionEnvelope;
  /** The bot was added to a chat; the fake marks it as in the chat. */
  botAdded(input: BotAddedInput): BotAddedEnvelope;
  urlVerification(input?: UrlVerificationInput): UrlVerificationBody;
}

export interface FakeLark {
  /** Base URL for the SDK's `domain`, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly app: {
    appId: string;
    appSecret: string;
    tenantKey: string;
    verificationToken: string;
    encryptKey: string | undefined;
  };
  /** The bot itself, usable as a mention in `inbound.message({ text: [{ at: fake.bot }, …] })`. */
  readonly bot: { open_id: string; name: string };
  readonly calls: readonly FakeLarkCall[];
  /** Messages the bot sent, in order. */
  readonly messages: readonly FakeMessage[];
  readonly files: ReadonlyMap<string, FakeFile>;
  readonly ws: FakeLarkWs;
  readonly inbound: FakeLarkInbound;
  messagesIn(chatId: string): FakeMessage[];
  message(messageId: string): FakeMessage | undefined;
  /** Calls whose path matches (string: exact path, or with `/open-apis` omitted). */
  callsTo(path: string | RegExp, method?: string): FakeLarkCall[];
  /** The chat id the fake uses for the bot's 1:1 chat with a user. */
  p2pChatId(openId: string): string;
  failNext(fault: FaultSpec): void;
  setBotInChat(chatId: string, inChat: boolean): void;
  addUser(user: FakeLarkUser): void;
  addChat(chat: FakeLarkChat): void;
  setRateLimits(limits: boolean | FakeRateLimits): void;
  /** Invalidates every issued tenant_access_token (next API call: 99991663). */
  expireTokens(): void;
  /** The user recalls/deletes the message: further patches answer 230011. */
  recallMessage(messageId: string): void;
  /** Registers a delayed-update token for a message (30 min, 2 uses), returns it. */
  issueCardToken(messageId: string, token?: string): string;
  /** The HTTP request Lark would POST for this payload (encrypted/signed with the fake's encryptKey). */
  request(payload: LarkInboundPayload, options?: LarkRequestOptions): LarkHttpRequest;
  /** Answers a Request in-process, without the network. */
  fetch(request: Request): Promise<Response>;
  /**
   * Forgets calls, messages, files, faults, uuids, card tokens and rate windows; restores chats
   * and users to the options. Issued tokens stay valid (the SDK caches them process-wide).
   */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Lark's error answers
// ---------------------------------------------------------------------------------------------

/** Codes and messages from lark-protocol.md §5, §7, §8 (texts as Lark words them where known). */
const E = {
  missingToken: [99991661, 'Missing access token for authorization. Please make a request with token attached.'],
  invalidToken: [99991663, 'Invalid access token for authorization. Please make a request with token attached.'],
  tokenFormat: [99991671, "Invalid token: token must start with 't-' or 'u-'."],
  rateLimited: [99991400, 'request trigger frequency limit'],
  invalidParam: [99992402, 'field validation failed'],
  openIdNotExist: [99992351, 'open_id not exist'],
  messageNotExist: [99992354, 'message_id not exist'],
  badRequest: [230001, 'Your request contains an invalid request parameter.'],
  botNotInChat: [230002, 'Bot/User can NOT be out of the chat.'],
  noAvailability: [230013, 'Bot has NO availability to this user.'],
  messageRecalled: [230011, 'The message was withdrawn.'],
  frequency: [230020, 'This operation triggers the frequency limit.'],
  tooLong: [230025, 'The length of the message content reaches its limit.'],
  noPermission: [230027, 'Lack of necessary permissions.'],
  tooOld: [230031, 'The message is too old to be updated (more than 14 days).'],
  uploadTypeMismatch: [230055, 'The type of file upload does not match the type of message being sent.'],
  cardBuild: [230099, 'Failed to create card content'],
  // Chat-member and file API codes below are not in the protocol notes (UNCONFIRMED numbers).
  operatorNotInChat: [232011, 'Operator can NOT be out of the chat.'],
  fileInvalidParam: [234001, 'Invalid request param.'],
  fileTooLarge: [234006, 'The file size exceed the max value.'],
  fileEmpty: [234010, "File's size can't be 0."],
  // Delayed card update (§5.4).
  cardFormat: [11311, 'card format error'],
  cardTooLarge: [100000, 'card content is too large'],
  cardRecalled: [200000, 'the card has been recalled'],
  cardTokenMalformed: [300020, 'token format error'],
  cardTokenExpired: [300030, 'token expired or invalid'],
  cardTokenOveruse: [300040, 'token used too many times'],
  // Token endpoint. The numbers and HTTP 400 are from third-party fakes, not the protocol notes.
  appIdInvalid: [10003, 'invalid param'],
  appSecretInvalid: [10014, 'app secret invalid'],
} as const satisfies Record<string, readonly [number, string]>;

type LarkErrorKey = keyof typeof E;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Raw bytes instead of JSON (file download). */
  bytes?: { data: Buffer; contentType: string };
}

class LarkFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly detail: string,
    readonly headers?: Record<string, string>,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Throws Lark's error answer; `ext` is appended like Lark's `ext=` details. */
function fail(key: LarkErrorKey, ext?: string, status = 400): never {
  const [code, msg] = E[key];
  throw new LarkFailure(status, code, ext ? `${msg} ext=${ext}` : msg);
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KB = 1024;
const CARD_LIMIT = 30 * KB;
const TEXT_LIMIT = 150 * KB;
const FILE_LIMIT = 30 * 1024 * KB;
const UUID_WINDOW_MS = 60 * 60 * 1000;
const CARD_TOKEN_TTL_MS = 30 * 60 * 1000;
const CARD_TOKEN_USES = 2;
const PATCH_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
const TOKEN_REFRESH_BELOW_MS = 30 * 60 * 1000;

const MSG_TYPES = new Set([
  'text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user', 'system',
]);
const RECEIVE_ID_TYPES = new Set<ReceiveIdType>(['open_id', 'union_id', 'user_id', 'email', 'chat_id']);
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);
/** Top-level properties a JSON 2.0 card may have; 2.0 rejects any other (§6.1). */
const CARD_V2_KEYS = new Set(['schema', 'config', 'card_link', 'header', 'body']);
const RECORDED_HEADERS = ['authorization', 'content-type', 'user-agent', 'locale'];
const AUTH_PATHS = ['/open-apis/auth/v3/tenant_access_token/internal', '/open-apis/auth/v3/app_access_token/internal'];

const shortHash = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** Normalises a phone number for matching: mainland numbers may come without +86 (§7.7). */
function normalizeMobile(mobile: string): string {
  const trimmed = mobile.replace(/[\s-]/g, '');
  return trimmed.startsWith('+') ? trimmed : `+86${trimmed}`;
}

/** Collects ids mentioned in message content: text/post `<at user_id="…">`, card `<at id=…>`, `ids=`, `email=`. */
function collectMentions(content: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/<at\s+(user_id|id|ids|email)\s*=\s*["']?([^"'>\s]+)["']?[^>]*>/g)) {
        const attr = m[1];
        const v = m[2] ?? '';
        for (const id of attr === 'ids' ? v.split(',') : [v]) if (id) found.push(id);
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isRecord(value)) {
      // post `{"tag":"at","user_id":"ou_…"}` elements.
      if (value['tag'] === 'at' && typeof value['user_id'] === 'string') found.push(value['user_id']);
      Object.values(value).forEach(visit);
    }
  };
  visit(content);
  return [...new Set(found)];
}

/** Checks a card as Lark does when building it; returns the failure or undefined. */
function checkCard(card: unknown): string | undefined {
  if (!isRecord(card)) return 'ErrCode: 200621; ErrMsg: card content is not a JSON object';
  if (card['type'] === 'template') {
    const data = card['data'];
    if (!isRecord(data) || typeof data['template_id'] !== 'string') {
      return 'ErrCode: 200380; ErrMsg: template_id is required';
    }
    return undefined;
  }
  if (card['schema'] !== '2.0') return undefined; // JSON 1.0 ignores what it does not know.
  for (const key of Object.keys(card)) {
    if (!CARD_V2_KEYS.has(key)) return `ErrCode: 200621; ErrMsg: unknown property "${key}" in card JSON 2.0`;
  }
  const config = card['config'];
  if (isRecord(config) && config['update_multi'] === false) {
    return 'ErrCode: 200861; ErrMsg: JSON 2.0 cards only support update_multi: true';
  }
  const body = card['body'];
  if (body === undefined) return undefined;
  if (!isRecord(body) || (body['elements'] !== undefined && !Array.isArray(body['elements']))) {
    return 'ErrCode: 200621; ErrMsg: body.elements must be an array';
  }
  let components = 0;
  let tables = 0;
  let problem: string | undefined;
  const walk = (value: unknown, depth: number, atRoot: boolean): void => {
    if (problem) return;
    if (Array.isArray(value)) {
      value.forEach((v) => walk(v, depth, atRoot));
      return;
    }
    if (!isRecord(value)) return;
    const tag = value['tag'];
    const isComponent = typeof tag === 'string' && depth > 0;
    if (isComponent) {
      components += 1;
      if (tag === 'table') tables += 1;
      if (tag === 'action') problem = 'ErrCode: 200861; ErrMsg: the "action" module is not supported in JSON 2.0';
      if ((tag === 'form' || tag === 'table') && !atRoot) problem = `ErrCode: 200621; ErrMsg: "${tag}" must be at the body root`;
    }
    for (const [k, v] of Object.entries(value)) {
      // Only element lists nest components; text objects (tag plain_text) are not components.
      if (k === 'elements' || k === 'columns' || k === 'actions') walk(v, depth + 1, depth === 0 && k === 'elements');
    }
  };
  walk(body, 0, true);
  if (problem) return problem;
  if (components > 200) return `ErrCode: 11310; ErrMsg: element exceeds the limit (${components} > 200)`;
  if (tables > 5) return `ErrCode: 11310; ErrMsg: element exceeds the limit (${tables} tables > 5)`;
  return undefined;
}

/** A shared card can be patched (§5.5): JSON 2.0 always, 1.0 only with config.update_multi. */
function isSharedCard(card: unknown): boolean {
  if (!isRecord(card)) return false;
  if (card['type'] === 'template') return true;
  if (card['schema'] === '2.0') return true;
  const config = card['config'];
  return isRecord(config) && config['update_multi'] === true;
}

// --- multipart ---------------------------------------------------------------------------------

interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Parses multipart/form-data byte-exactly. The SDK posts a Buffer `file` part without a
 * `filename=`, which WHATWG FormData would turn into a (UTF-8 mangled) string field.
 */
function parseMultipart(raw: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) throw new LarkFailure(400, E.invalidParam[0], 'multipart body without boundary');
  const delimiter = Buffer.from(`--${b}`);
  const parts: MultipartPart[] = [];
  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    if (raw.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start, next - 2); // strip the CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headerText = part.subarray(0, headerEnd).toString('utf8');
      const disposition = /content-disposition:[^\r\n]*/i.exec(headerText)?.[0] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headerText)?.[1];
      if (name !== undefined) {
        parts.push({
          name,
          ...(filename !== undefined ? { filename } : {}),
          ...(type !== undefined ? { contentType: type.trim() } : {}),
          data: Buffer.from(part.subarray(headerEnd + 4)),
        });
      }
    }
    pos = next;
  }
  return parts;
}

// --- sliding windows for rate limits ------------------------------------------------------------

class Windows {
  private readonly hits = new Map<string, number[]>();

  /** Count of hits for `key` within `windowMs` before `now`. */
  count(key: string, windowMs: number, now: number): number {
    const list = this.hits.get(key);
    if (!list) return 0;
    while (list.length > 0 && (list[0] ?? 0) <= now - 60_000) list.shift(); // keep one minute
    return list.filter((t) => t > now - windowMs).length;
  }

  /** Seconds until the oldest hit in the window leaves it (≥ 1). */
  resetSeconds(key: string, windowMs: number, now: number): number {
    const oldest = (this.hits.get(key) ?? []).find((t) => t > now - windowMs);
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
  }

  add(key: string, now: number): void {
    const list = this.hits.get(key) ?? [];
    list.push(now);
    this.hits.set(key, list);
  }

  clear(): void {
    this.hits.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// Long connection: a minimal RFC 6455 server and the pbbp2.Frame protobuf codec (§9.5)
// ---------------------------------------------------------------------------------------------

interface PbHeader {
  key: string;
  value: string;
}

interface PbFrame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 control, 1 data. */
  method: number;
  headers: PbHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // int32 negatives are 10-byte varints
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
}

function encodeFrame(frame: PbFrame): Buffer {
  const parts: Buffer[] = [
    Buffer.from([...varint((1 << 3) | 0), ...varint(frame.SeqID)]),
    Buffer.from([...varint((2 << 3) | 0), ...varint(frame.LogID)]),
    Buffer.from([...varint((3 << 3) | 0), ...varint(frame.service)]),
    Buffer.from([...varint((4 << 3) | 0), ...varint(frame.method)]),
  ];
  for (const h of frame.headers) {
    const inner = Buffer.concat([lengthDelimited(1, Buffer.from(h.key)), lengthDelimited(2, Buffer.from(h.value))]);
    parts.push(lengthDelimited(5, inner));
  }
  if (frame.payloadEncoding !== undefined) parts.push(lengthDelimited(6, Buffer.from(frame.payloadEncoding)));
  if (frame.payloadType !== undefined) parts.push(lengthDelimited(7, Buffer.from(frame.payloadType)));
  if (frame.payload !== undefined) parts.push(lengthDelimited(8, frame.payload));
  if (frame.LogIDNew !== undefined) parts.push(lengthDelimited(9, Buffer.from(frame.LogIDNew)));
  return Buffer.concat(parts);
}

class PbReader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
    }
    return Number(BigInt.asIntN(64, result));
  }
  bytes(): Buffer {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    if (out.length !== len) throw new Error('truncated field');
    this.pos += len;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function decodeFrame(buf: Buffer): PbFrame {
  const r = new PbReader(buf);
  const frame: PbFrame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  while (!r.done) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) frame.SeqID = r.varint();
    else if (field === 2 && wire === 0) frame.LogID = r.varint();
    else if (field === 3 && wire === 0) frame.service = r.varint();
    else if (field === 4 && wire === 0) frame.method = r.varint();
    else if (field === 5 && wire === 2) {
      const hr = new PbReader(r.bytes());
      const header: PbHeader = { key: '', value: '' };
      while (!hr.done) {
        const htag = hr.varint();
        if (htag >>> 3 === 1 && (htag & 7) === 2) header.key = hr.bytes().toString('utf8');
        else if (htag >>> 3 === 2 && (htag & 7) === 2) header.value = hr.bytes().toString('utf8');
        else hr.skip(htag & 7);
      }
      frame.headers.push(header);
    } else if (field === 6 && wire === 2) frame.payloadEncoding = r.bytes().toString('utf8');
    else if (field === 7 && wire === 2) frame.payloadType = r.bytes().toString('utf8');
    else if (field === 8 && wire === 2) frame.payload = Buffer.from(r.bytes());
    else if (field === 9 && wire === 2) frame.LogIDNew = r.bytes().toString('utf8');
    else r.skip(wire);
  }
  return frame;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One server-side WebSocket: enough of RFC 6455 for the SDK's `ws` client (binary frames, ping, close). */
class WsConnection {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly onMessage: (data: Buffer) => void,
    private readonly onClose: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.finish());
    socket.on('error', () => this.finish());
  }

  sendBinary(data: Buffer): void {
    this.sendFrame(0x2, data);
  }

  close(): void {
    if (this.closed) return;
    this.sendFrame(0x8, Buffer.from([0x03, 0xe8])); // 1000 normal closure
    this.socket.end();
    this.finish();
  }

  terminate(): void {
    this.socket.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private sendFrame(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    const len = payload.length;
    let head: Buffer;
    if (len < 126) head = Buffer.from([0x80 | opcode, len]);
    else if (len < 65536) {
      head = Buffer.alloc(4);
      head[0] = 0x80 | opcode;
      head[1] = 126;
      head.writeUInt16BE(len, 2);
    } else {
      head = Buffer.alloc(10);
      head[0] = 0x80 | opcode;
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
    this.socket.write(Buffer.concat([head, payload]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const b0 = this.buffer[0] ?? 0;
      const b1 = this.buffer[1] ?? 0;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (this.buffer.length < offset + len) return;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + len));
      if (masked) {
        for (let i = 0; i < payload.length; i++) {
          payload[i] = (payload[i] ?? 0) ^ (this.buffer[maskOffset + (i % 4)] ?? 0);
        }
      }
      this.buffer = this.buffer.subarray(offset + len);
      this.handleFrame(fin, opcode, payload);
    }
  }

  private handleFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === 0x8) {
      this.close();
    } else if (opcode === 0x9) {
      this.sendFrame(0xa, payload);
    } else if (opcode === 0x0 || opcode === 0x1 || opcode === 0x2) {
      this.fragments.push(payload);
      if (fin) {
        const data = Buffer.concat(this.fragments);
        this.fragments = [];
        this.onMessage(data);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

interface ChatState {
  chat_id: string;
  name: string;
  members: string[];
  bot_in_chat: boolean;
  p2p_user?: string;
}

interface CardTokenState {
  messageId: string;
  issuedAt: number;
  uses: number;
}

interface WsClientState {
  id: number;
  conn: WsConnection;
  serviceId: number;
  /**
   * Set by the client's first ping. The SDK pings from its 'open' handler and attaches its
   * 'message' listener just after, so a frame pushed before that ping could be lost.
   */
  ready: boolean;
}

interface ParsedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Headers;
  body: unknown;
  multipart: MultipartPart[];
  params: Record<string, string>;
}

type Handler = (req: ParsedRequest) => Reply | Promise<Reply>;

interface RouteOptions {
  /** Needs `Authorization: Bearer t-…`. Default true. */
  auth?: boolean;
  /** Counted against the per-app gateway tier. Default true when auth is. */
  tier?: boolean;
}

const DEFAULT_LIMITS: Required<FakeRateLimits> = {
  perChatPerSecond: 5,
  perUserPerSecond: 5,
  perAppPerSecond: 50,
  perAppPerMinute: 1000,
  perMessageUpdatePerSecond: 5,
};

/** Starts the fake on 127.0.0.1 (a free port unless `port` is given). */
export async function createFakeLark(options: FakeLarkOptions = {}): Promise<FakeLark> {
  const now = options.now ?? Date.now;
  const app = {
    appId: options.appId ?? FAKE_APP.appId,
    appSecret: options.appSecret ?? FAKE_APP.appSecret,
    tenantKey: options.tenantKey ?? FAKE_APP.tenantKey,
    verificationToken: options.verificationToken ?? FAKE_APP.verificationToken,
    encryptKey: options.encryptKey,
  };
  const bot = { open_id: options.botOpenId ?? FAKE_APP.botOpenId, name: options.botName ?? FAKE_APP.botName };
  const autoCreateChats = options.autoCreateChats ?? true;
  const tokenTtlMs = (options.tokenTtlSeconds ?? 7200) * 1000;

  // --- state ---
  let seq = 0;
  const newId = (prefix: string, randomHexBytes: number): string => {
    seq += 1;
    return options.sequentialIds
      ? `${prefix}${seq.toString(16).padStart(randomHexBytes * 2, '0')}`
      : `${prefix}${randomBytes(randomHexBytes).toString('hex')}`;
  };
  const calls: FakeLarkCall[] = [];
  const messages: FakeMessage[] = [];
  const messageById = new Map<string, FakeMessage>();
  const inboundById = new Map<string, FakeInboundMessage>();
  const files = new Map<string, FakeFile>();
  const uuids = new Map<string, { messageId: string; at: number }>();
  const cardTokens = new Map<string, CardTokenState>();
  const tokens = new Map<string, number>(); // token → expiresAt
  let faults: Array<FaultSpec & { remaining: number }> = [];
  let limits: Required<FakeRateLimits> | undefined;
  const windows = new Windows();
  const chats = new Map<string, ChatState>();
  const users = new Map<string, FakeLarkUser>(); // by open_id

  const setLimits = (l: boolean | FakeRateLimits | undefined): void => {
    limits = l === true ? { ...DEFAULT_LIMITS } : l ? { ...DEFAULT_LIMITS, ...l } : undefined;
  };
  const addUser = (user: FakeLarkUser): void => {
    users.set(user.open_id, {
      ...user,
      union_id: user.union_id ?? `on_${shortHash(`union:${user.open_id}`, 32)}`,
      user_id: user.user_id ?? shortHash(`user:${user.open_id}`, 8),
    });
  };
  const addChat = (chat: FakeLarkChat): void => {
    chats.set(chat.chat_id, {
      chat_id: chat.chat_id,
      name: chat.name ?? '',
      members: [...(chat.members ?? [])],
      bot_in_chat: chat.bot_in_chat ?? true,
    });
  };
  const configure = (): void => {
    chats.clear();
    users.clear();
    for (const u of options.users ?? []) addUser(u);
    for (const c of options.chats ?? []) addChat(c);
    setLimits(options.rateLimits);
  };
  configure();

  const p2pChatId = (openId: string): string => `oc_${shortHash(`p2p:${app.appId}:${openId}`, 32)}`;

  /** The chat, creating it if unknown and auto-creation is on. */
  const chatFor = (chatId: string): ChatState | undefined => {
    let chat = chats.get(chatId);
    if (!chat && autoCreateChats) {
      chat = { chat_id: chatId, name: '', members: [], bot_in_chat: true };
      chats.set(chatId, chat);
    }
    return chat;
  };

  const findUser = (idType: 'open_id' | 'union_id' | 'user_id' | 'email', id: string): FakeLarkUser | undefined => {
    for (const u of users.values()) {
      if (idType === 'email' ? u.email?.toLowerCase() === id.toLowerCase() : u[idType] === id) return u;
    }
    return undefined;
  };

  // --- responses ---
  const logId = (): string => `${new Date(now()).toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(10).toString('hex').toUpperCase()}`;
  const ok = (data?: unknown, msg = 'success'): Reply => ({
    status: 200,
    body: data === undefined ? { code: 0, msg } : { code: 0, msg, data },
  });
  const errorReply = (status: number, code: number, msg: string, headers?: Record<string, string>): Reply => ({
    status,
    body: { code, msg, error: { log_id: logId() } },
    ...(headers ? { headers } : {}),
  });

  const messageData = (m: FakeMessage): Record<string, unknown> => ({
    message_id: m.message_id,
    ...(m.root_id !== undefined ? { root_id: m.root_id } : {}),
    ...(m.parent_id !== undefined ? { parent_id: m.parent_id } : {}),
    ...(m.thread_id !== undefined ? { thread_id: m.thread_id } : {}),
    msg_type: m.msg_type,
    create_time: m.create_time,
    update_time: m.update_time,
    deleted: m.recalled,
    updated: m.updates.length > 0,
    chat_id: m.chat_id,
    sender: { id: app.appId, id_type: 'app_id', sender_type: 'app', tenant_key: app.tenantKey },
    body: { content: JSON.stringify(m.content) },
    mentions: m.mentions.map((id, i) => ({ key: `@_user_${i + 1}`, id, id_type: 'open_id', name: users.get(id)?.name ?? '', tenant_key: app.tenantKey })),
  });

  // --- auth ---
  const checkBearer = (headers: Headers): void => {
    const auth = headers.get('authorization');
    const match = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
    const token = match?.[1];
    if (!token) fail('missingToken');
    if (!token.startsWith('t-') && !token.startsWith('u-')) fail('tokenFormat');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined || expiresAt <= now()) fail('invalidToken');
  };

  const issueToken = (body: unknown): { token: string; expire: number } => {
    if (!isRecord(body) || typeof body['app_id'] !== 'string' || typeof body['app_secret'] !== 'string') fail('appIdInvalid');
    if (body['app_id'] !== app.appId) fail('appIdInvalid');
    if (body['app_secret'] !== app.appSecret) fail('appSecretInvalid');
    // Lark hands out the same token until < 30 min remain, then a new one (§7.1).
    const t = now();
    let best: [string, number] | undefined;
    for (const entry of tokens) if (entry[1] > t && (!best || entry[1] > best[1])) best = entry;
    if (best && best[1] - t >= TOKEN_REFRESH_BELOW_MS) return { token: best[0], expire: Math.floor((best[1] - t) / 1000) };
    const token = `t-${randomBytes(20).toString('hex')}`;
    tokens.set(token, t + tokenTtlMs);
    return { token, expire: Math.floor(tokenTtlMs / 1000) };
  };

  // --- rate limits ---
  /** Per-API gateway tier: HTTP 429 + 99991400 + x-ogw-ratelimit-* (§8). */
  const checkAppTier = (route: string): void => {
    if (!limits) return;
    const t = now();
    const key = `api:${route}`;
    for (const [limit, windowMs] of [[limits.perAppPerSecond, 1000], [limits.perAppPerMinute, 60_000]] as const) {
      if (windows.count(key, windowMs, t) >= limit) {
        throw new LarkFailure(429, E.rateLimited[0], E.rateLimited[1], {
          'x-ogw-ratelimit-limit': String(limit),
          'x-ogw-ratelimit-reset': String(windows.resetSeconds(key, windowMs, t)),
        });
      }
    }
    windows.add(key, t);
  };

  /** Message-level limits (per chat, per user, per card): HTTP 400 + 230020 (§8). */
  const checkResource = (key: string, limit: number): void => {
    if (!limits) return;
    const t = now();
    if (windows.count(key, 1000, t) >= limit) fail('frequency');
    windows.add(key, t);
  };

  // --- message creation ---
  const parseContent = (msgType: unknown, content: unknown): unknown => {
    if (typeof msgType !== 'string' || !MSG_TYPES.has(msgType)) fail('badRequest', `invalid msg_type: ${String(msgType)}`);
    if (typeof content !== 'string') fail('invalidParam', 'content must be a JSON string');
    const limit = msgType === 'text' ? TEXT_LIMIT : CARD_LIMIT;
    if (Buffer.byteLength(content, 'utf8') > limit) fail('tooLong', `content is ${Buffer.byteLength(content, 'utf8')} bytes > ${limit}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      fail('badRequest', 'invalid content: not a JSON string');
    }
    if (!isRecord(parsed)) fail('badRequest', 'invalid content: not a JSON object');
    if (msgType === 'text' && typeof parsed['text'] !== 'string') fail('badRequest', 'text content needs a "text" string');
    if (msgType === 'post' && Object.keys(parsed).length === 0) fail('badRequest', 'post content needs a locale key');
    if (msgType === 'image' && typeof parsed['image_key'] !== 'string') fail('badRequest', 'image content needs "image_key"');
    if (msgType === 'interactive') {
      const problem = checkCard(parsed);
      if (problem) fail('cardBuild', problem);
    }
    if (msgType === 'file' || msgType === 'audio' || msgType === 'media') {
      const key = parsed['file_key'];
      const file = typeof key === 'string' ? files.get(key) : undefined;
      if (!file) fail('badRequest', `invalid file_key: ${String(key)}`);
      const expected = msgType === 'audio' ? 'opus' : msgType === 'media' ? 'mp4' : undefined;
      if ((expected && file.file_type !== expected) || (msgType === 'file' && (file.file_type === 'opus' || file.file_type === 'mp4'))) {
        fail('uploadTypeMismatch', `${file.file_type} file sent as ${msgType}`);
      }
    }
    return parsed;
  };

  const checkUuid = (uuid: unknown): string | undefined => {
    if (uuid === undefined || uuid === null || uuid === '') return undefined;
    if (typeof uuid !== 'string' || uuid.length > 50) fail('invalidParam', 'uuid must be a string of at most 50 characters');
    return uuid;
  };

  /** A uuid seen within the hour returns the message it created (§7.2: at most one success). */
  const replayUuid = (uuid: string | undefined): Reply | undefined => {
    if (!uuid) return undefined;
    const seen = uuids.get(uuid);
    if (!seen || seen.at <= now() - UUID_WINDOW_MS) return undefined;
    const m = messageById.get(seen.messageId);
    return m ? ok(messageData(m)) : undefined;
  };

  const record = (m: FakeMessage): FakeMessage => {
    messages.push(m);
    messageById.set(m.message_id, m);
    if (m.uuid) uuids.set(m.uuid, { messageId: m.message_id, at: now() });
    return m;
  };

  const sendMessage: Handler = (req) => {
    const idType = req.query['receive_id_type'];
    if (!idType || !RECEIVE_ID_TYPES.has(idType as ReceiveIdType)) fail('invalidParam', 'receive_id_type is required: open_id|union_id|user_id|email|chat_id');
    const receiveIdType = idType as ReceiveIdType;
    const body = isRecord(req.body) ? req.body : {};
    const receiveId = body['receive_id'];
    if (typeof receiveId !== 'string' || receiveId === '') fail('invalidParam', 'receive_id is required');
    const content = parseContent(body['msg_type'], body['content']);
    const uuid = checkUuid(body['uuid']);
    const replay = replayUuid(uuid);
    if (replay) return replay;

    let chat: ChatState | undefined;
    let rateKey: string;
    let limit: number;
    if (receiveIdType === 'chat_id') {
      if (!receiveId.startsWith('oc_')) fail('badRequest', `invalid receive_id: ${receiveId}`);
      chat = chatFor(receiveId);
      if (!chat || !chat.bot_in_chat) fail('botNotInChat');
      rateKey = `chat:${receiveId}`;
      limit = limits?.perChatPerSecond ?? 0;
    } else {
      if (receiveIdType === 'open_id' && !receiveId.startsWith('ou_')) fail('badRequest', `invalid receive_id: ${receiveId}`);
      if (receiveIdType === 'union_id' && !receiveId.startsWith('on_')) fail('badRequest', `invalid receive_id: ${receiveId}`);
      const user = findUser(receiveIdType, receiveId);
      if (!user && (receiveIdType === 'email' || options.strictUsers)) fail('noAvailability', `no such user: ${receiveId}`);
      const openId = user?.open_id ?? receiveId;
      const chatId = p2pChatId(openId);
      chat = chats.get(chatId) ?? { chat_id: chatId, name: '', members: [openId], bot_in_chat: true, p2p_user: openId };
      chats.set(chatId, chat);
      rateKey = `user:${openId}`;
      limit = limits?.perUserPerSecond ?? 0;
    }
    checkResource(rateKey, limit);

    const t = String(now());
    return ok(
      messageData(
        record({
          message_id: newId('om_', 16),
          chat_id: chat.chat_id,
          chat_type: chat.p2p_user ? 'p2p' : 'group',
          receive_id_type: receiveIdType,
          receive_id: receiveId,
          msg_type: body['msg_type'] as string,
          content,
          sent_content: content,
          ...(uuid ? { uuid } : {}),
          mentions: collectMentions(content),
          create_time: t,
          update_time: t,
          updates: [],
          recalled: false,
        }),
      ),
    );
  };

  const replyMessage: Handler = (req) => {
    const targetId = req.params['message_id'] ?? '';
    const body = isRecord(req.body) ? req.body : {};
    const content = parseContent(body['msg_type'], body['content']);
    const uuid = checkUuid(body['uuid']);
    const replay = replayUuid(uuid);
    if (replay) return replay;
    const bot_target = messageById.get(targetId);
    const target: { chat_id: string; root_id?: string; thread_id?: string } | undefined = bot_target ?? inboundById.get(targetId);
    if (!target) fail('messageNotExist', targetId);
    const chat = chatFor(target.chat_id);
    if (!chat || !chat.bot_in_chat) fail('botNotInChat');
    checkResource(chat.p2p_user ? `user:${chat.p2p_user}` : `chat:${chat.chat_id}`, (chat.p2p_user ? limits?.perUserPerSecond : limits?.perChatPerSecond) ?? 0);

    // A reply to a message already in a thread goes into that thread anyway (§7.3).
    const inThread = body['reply_in_thread'] === true;
    let threadId = target.thread_id;
    if (!threadId && inThread) {
      threadId = newId('omt_', 8);
      target.thread_id = threadId; // the target becomes the thread's root
    }
    const t = String(now());
    return ok(
      messageData(
        record({
          message_id: newId('om_', 16),
          chat_id: chat.chat_id,
          chat_type: chat.p2p_user ? 'p2p' : 'group',
          msg_type: body['msg_type'] as string,
          content,
          sent_content: content,
          ...(uuid ? { uuid } : {}),
          root_id: target.root_id ?? targetId,
          parent_id: targetId,
          ...(threadId ? { thread_id: threadId } : {}),
          reply_in_thread: inThread,
          mentions: collectMentions(content),
          create_time: t,
          update_time: t,
          updates: [],
          recalled: false,
        }),
      ),
    );
  };

  const applyUpdate = (m: FakeMessage, via: FakeMessageUpdate['via'], content: unknown): void => {
    const t = now();
    m.content = content;
    m.mentions = collectMentions(content);
    m.update_time = String(t);
    m.updates.push({ via, content, at: t });
  };

  const patchMessage: Handler = (req) => {
    const id = req.params['message_id'] ?? '';
    const m = messageById.get(id);
    if (!m) fail(inboundById.has(id) ? 'noPermission' : 'messageNotExist', id);
    if (m.recalled) fail('messageRecalled');
    if (m.msg_type !== 'interactive') fail('badRequest', 'only interactive (card) messages can be updated');
    if (Number(m.create_time) <= now() - PATCH_WINDOW_MS) fail('tooOld');
    const body = isRecord(req.body) ? req.body : {};
    const card = parseContent('interactive', body['content']);
    // Only shared cards can be patched, before and after (§5.5); Lark's exact code is unknown.
    if (!isSharedCard(m.content) || !isSharedCard(card)) fail('badRequest', 'only shared cards (config.update_multi: true) can be updated');
    checkResource(`patch:${id}`, limits?.perMessageUpdatePerSecond ?? 0);
    applyUpdate(m, 'patch', card);
    return ok({});
  };

  const getMessage: Handler = (req) => {
    const id = req.params['message_id'] ?? '';
    const m = messageById.get(id);
    if (!m) fail('messageNotExist', id);
    return ok({ items: [messageData(m)] });
  };

  const deleteMessage: Handler = (req) => {
    const id = req.params['message_id'] ?? '';
    const m = messageById.get(id);
    if (!m) fail('messageNotExist', id);
    m.recalled = true;
    return ok({});
  };

  const delayedCardUpdate: Handler = (req) => {
    const body = isRecord(req.body) ? req.body : {};
    const token = body['token'];
    if (typeof token !== 'string' || !token.startsWith('c-')) fail('cardTokenMalformed');
    const state = cardTokens.get(token);
    if (!state || state.issuedAt <= now() - CARD_TOKEN_TTL_MS) fail('cardTokenExpired');
    if (state.uses >= CARD_TOKEN_USES) fail('cardTokenOveruse');
    const card = body['card'];
    if (!isRecord(card)) fail('cardFormat', 'card must be an object');
    if (Buffer.byteLength(JSON.stringify(card), 'utf8') > CARD_LIMIT) fail('cardTooLarge');
    const problem = checkCard(card);
    if (problem) fail('cardFormat', problem);
    const m = messageById.get(state.messageId);
    if (!m || m.recalled) fail('cardRecalled');
    state.uses += 1;
    applyUpdate(m, 'card_update', card);
    return { status: 200, body: { code: 0, msg: 'ok' } };
  };

  const uploadFile: Handler = (req) => {
    const field = (name: string): string | undefined => {
      const part = req.multipart.find((p) => p.name === name && p.filename === undefined);
      return part?.data.toString('utf8');
    };
    const fileType = field('file_type');
    const fileName = field('file_name');
    const duration = field('duration');
    const filePart = req.multipart.find((p) => p.name === 'file');
    if (!fileType || !FILE_TYPES.has(fileType)) fail('fileInvalidParam', 'file_type must be opus|mp4|pdf|doc|xls|ppt|stream');
    if (!fileName) fail('fileInvalidParam', 'file_name is required');
    if (!filePart) fail('fileInvalidParam', 'file is required');
    if (filePart.data.length === 0) fail('fileEmpty');
    if (filePart.data.length > FILE_LIMIT) fail('fileTooLarge');
    const fileKey = newId('file_v3_00', 16);
    files.set(fileKey, {
      file_key: fileKey,
      file_type: fileType,
      file_name: fileName,
      ...(duration !== undefined ? { duration: Number(duration) } : {}),
      bytes: filePart.data,
      ...(filePart.contentType !== undefined ? { content_type: filePart.contentType } : {}),
      uploaded_at: now(),
    });
    return ok({ file_key: fileKey });
  };

  const downloadFile: Handler = (req) => {
    const file = files.get(req.params['file_key'] ?? '');
    if (!file) fail('fileInvalidParam', 'no such file_key');
    return { status: 200, body: null, bytes: { data: file.bytes, contentType: file.content_type ?? 'application/octet-stream' } };
  };

  const memberIdOf = (openId: string, type: string): string => {
    const u = users.get(openId);
    if (type === 'union_id') return u?.union_id ?? `on_${shortHash(`union:${openId}`, 32)}`;
    if (type === 'user_id') return u?.user_id ?? shortHash(`user:${openId}`, 8);
    return openId;
  };

  const chatMembers: Handler = (req) => {
    const chatId = req.params['chat_id'] ?? '';
    const chat = chats.get(chatId) ?? (chatId.startsWith('oc_') ? chatFor(chatId) : undefined);
    if (!chat || !chat.bot_in_chat) fail('operatorNotInChat');
    const type = req.query['member_id_type'] ?? 'open_id';
    if (!['open_id', 'union_id', 'user_id'].includes(type)) fail('invalidParam', 'member_id_type');
    const pageSize = req.query['page_size'] === undefined ? 20 : Number(req.query['page_size']);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) fail('invalidParam', 'page_size must be 1..100');
    const offset = req.query['page_token'] ? Number(req.query['page_token']) : 0;
    if (!Number.isInteger(offset) || offset < 0) fail('invalidParam', 'page_token');
    const page = chat.members.slice(offset, offset + pageSize);
    const hasMore = offset + pageSize < chat.members.length;
    return ok({
      items: page.map((openId) => ({
        member_id_type: type,
        member_id: memberIdOf(openId, type),
        name: users.get(openId)?.name ?? '',
        tenant_key: app.tenantKey,
      })),
      page_token: hasMore ? String(offset + pageSize) : '',
      has_more: hasMore,
      member_total: chat.members.length,
    });
  };

  const userData = (u: FakeLarkUser): Record<string, unknown> => {
    const avatar = `https://fake-lark.invalid/avatar/${u.open_id}`;
    return {
      union_id: u.union_id,
      user_id: u.user_id,
      open_id: u.open_id,
      name: u.name,
      en_name: u.en_name ?? '',
      nickname: '',
      ...(u.email !== undefined ? { email: u.email } : {}),
      ...(u.mobile !== undefined ? { mobile: u.mobile, mobile_visible: true } : {}),
      avatar: { avatar_72: `${avatar}_72`, avatar_240: `${avatar}_240`, avatar_640: `${avatar}_640`, avatar_origin: avatar },
      status: { is_frozen: false, is_resigned: u.resigned ?? false, is_activated: !u.resigned, is_exited: false, is_unjoin: false },
      department_ids: u.department_ids ?? [],
      ...(u.job_title !== undefined ? { job_title: u.job_title } : {}),
      is_tenant_manager: false,
    };
  };

  const getUser: Handler = (req) => {
    const type = req.query['user_id_type'] ?? 'open_id';
    if (type !== 'open_id' && type !== 'union_id' && type !== 'user_id') fail('invalidParam', 'user_id_type');
    const id = req.params['user_id'] ?? '';
    const u = findUser(type, id);
    if (!u) fail('openIdNotExist', id);
    return ok({ user: userData(u) });
  };

  const batchGetId: Handler = (req) => {
    const type = req.query['user_id_type'] ?? 'open_id';
    if (type !== 'open_id' && type !== 'union_id' && type !== 'user_id') fail('invalidParam', 'user_id_type');
    const body = isRecord(req.body) ? req.body : {};
    const strings = (v: unknown): string[] | undefined =>
      v === undefined ? undefined : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fail('invalidParam', 'emails/mobiles must be string arrays');
    const emails = strings(body['emails']) ?? [];
    const mobiles = strings(body['mobiles']) ?? [];
    if (emails.length > 50 || mobiles.length > 50) fail('invalidParam', 'at most 50 emails and 50 mobiles');
    if (emails.length + mobiles.length === 0) fail('invalidParam', 'emails or mobiles required');
    const includeResigned = body['include_resigned'] === true;
    const visible = (u: FakeLarkUser | undefined): FakeLarkUser | undefined => (u && (!u.resigned || includeResigned) ? u : undefined);
    const status = (u: FakeLarkUser) => ({ is_frozen: false, is_resigned: u.resigned ?? false, is_activated: !u.resigned, is_exited: false, is_unjoin: false });
    const userList = [
      ...emails.map((email) => {
        const u = visible(findUser('email', email));
        return u ? { user_id: u[type], email, status: status(u) } : { email };
      }),
      ...mobiles.map((mobile) => {
        const wanted = normalizeMobile(mobile);
        const u = visible([...users.values()].find((x) => x.mobile !== undefined && normalizeMobile(x.mobile) === wanted));
        return u ? { user_id: u[type], mobile, status: status(u) } : { mobile };
      }),
    ];
    return ok({ user_list: userList });
  };

  // --- long connection ---
  const wsClients = new Map<number, WsClientState>();
  const wsTickets = new Set<string>();
  const wsWaiters: Array<() => void> = [];
  const wsPending = new Map<string, { resolve: (ack: FakeWsAck) => void; timer: NodeJS.Timeout }>();
  let wsSeq = 0;
  const clientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };
  let baseUrl = '';

  const wsEndpoint: Handler = (req) => {
    const body = isRecord(req.body) ? req.body : {};
    // The SDK destructures `data` even on failure, so failures carry `data: {}` (§8: 514 auth failed).
    if (body['AppID'] !== app.appId || body['AppSecret'] !== app.appSecret) {
      return { status: 200, body: { code: 514, msg: 'auth failed', data: {} } };
    }
    const ticket = randomBytes(16).toString('hex');
    wsTickets.add(ticket);
    const serviceId = 100 + (wsSeq % 100);
    const url = `${baseUrl.replace(/^http/, 'ws')}/ws/v2?fpid=1&aid=1&device_id=${randomBytes(8).toString('hex')}&access_key=${ticket}&service_id=${serviceId}&ticket=${ticket}`;
    return { status: 200, body: { code: 0, msg: 'ok', data: { URL: url, ClientConfig: clientConfig } } };
  };

  const headerValue = (frame: PbFrame, key: string): string | undefined => frame.headers.find((h) => h.key === key)?.value;

  const onWsFrame = (client: WsClientState, data: Buffer): void => {
    let frame: PbFrame;
    try {
      frame = decodeFrame(data);
    } catch {
      return; // garbage from a client is ignored, as a gateway would
    }
    const type = headerValue(frame, 'type');
    if (frame.method === 0 && type === 'ping') {
      if (!client.ready) {
        client.ready = true;
        for (const wake of wsWaiters.splice(0)) wake();
      }
      client.conn.sendBinary(
        encodeFrame({
          SeqID: 0,
          LogID: 0,
          service: client.serviceId,
          method: 0,
          headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify(clientConfig)),
        }),
      );
      return;
    }
    if (frame.method === 1) {
      const messageId = headerValue(frame, 'message_id') ?? '';
      const pending = wsPending.get(messageId);
      if (!pending) return;
      wsPending.delete(messageId);
      clearTimeout(pending.timer);
      let code = 0;
      let result: unknown;
      try {
        const ackBody: unknown = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8'));
        if (isRecord(ackBody)) {
          code = typeof ackBody['code'] === 'number' ? ackBody['code'] : 0;
          if (typeof ackBody['data'] === 'string') result = JSON.parse(Buffer.from(ackBody['data'], 'base64').toString('utf8'));
        }
      } catch {
        code = -1;
      }
      pending.resolve({ code, result, headers: Object.fromEntries(frame.headers.map((h) => [h.key, h.value])) });
    }
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex): void => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const key = request.headers['sec-websocket-key'];
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/ws/v2' || typeof key !== 'string' || !wsTickets.has(ticket)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const id = ++wsSeq;
    const serviceId = Number(url.searchParams.get('service_id') ?? '0');
    const client: WsClientState = {
      id,
      serviceId,
      ready: false,
      conn: new WsConnection(
        socket,
        (data) => onWsFrame(client, data),
        () => wsClients.delete(id),
      ),
    };
    wsClients.set(id, client);
  };

  const readyClients = (): WsClientState[] => [...wsClients.values()].filter((c) => c.ready);

  const ws: FakeLarkWs = {
    get connections() {
      return readyClients().length;
    },
    waitForConnection(timeoutMs = 5000) {
      if (readyClients().length > 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no long connection within ${timeoutMs} ms`)), timeoutMs);
        wsWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    push(payload, pushOptions = {}) {
      // Cluster mode: one connected client gets the event (§9.5); the newest one here.
      const client = readyClients().at(-1);
      if (!client) return Promise.reject(new Error('no long-connection client is connected'));
      const messageId = randomBytes(16).toString('hex');
      const traceId = randomBytes(8).toString('hex');
      const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
      const sum = Math.max(1, Math.min(pushOptions.fragments ?? 1, bytes.length));
      const size = Math.ceil(bytes.length / sum);
      return new Promise<FakeWsAck>((resolve, reject) => {
        const timeoutMs = pushOptions.timeoutMs ?? 5000;
        const timer = setTimeout(() => {
          wsPending.delete(messageId);
          reject(new Error(`no ack for pushed event within ${timeoutMs} ms`));
        }, timeoutMs);
        wsPending.set(messageId, { resolve, timer });
        for (let i = 0; i < sum; i++) {
          wsSeq += 1;
          client.conn.sendBinary(
            encodeFrame({
              SeqID: wsSeq,
              LogID: wsSeq,
              service: client.serviceId,
              method: 1,
              headers: [
                { key: 'type', value: 'event' },
                { key: 'message_id', value: messageId },
                { key: 'sum', value: String(sum) },
                { key: 'seq', value: String(i) },
                { key: 'trace_id', value: traceId },
              ],
              payload: bytes.subarray(i * size, (i + 1) * size),
            }),
          );
        }
      });
    },
    disconnectAll() {
      for (const c of wsClients.values()) c.conn.terminate();
      wsClients.clear();
    },
  };

  // --- routing ---
  const hono = new Hono();

  const toQuery = (url: URL): Record<string, string> => Object.fromEntries(url.searchParams.entries());

  const matchesFault = (f: FaultSpec, method: string, path: string): boolean => {
    if (f.method && f.method.toUpperCase() !== method) return false;
    if (f.path === undefined) return !AUTH_PATHS.includes(path);
    if (f.path instanceof RegExp) return f.path.test(path);
    return path.startsWith(f.path) || path.startsWith(`/open-apis${f.path.startsWith('/') ? '' : '/'}${f.path}`);
  };

  const faultReply = (f: FaultSpec): Reply => {
    const status = f.status;
    const code = f.code ?? (status === 429 ? E.rateLimited[0] : status >= 500 ? 2200 : E.invalidParam[0]);
    const msg = f.msg ?? (status === 429 ? E.rateLimited[1] : status >= 500 ? 'Internal Error' : E.invalidParam[1]);
    const headers = status === 429 ? { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1', ...f.headers } : f.headers;
    return errorReply(status, code, msg, headers);
  };

  const respond = (c: Context, reply: Reply): Response => {
    const headers = new Headers({ 'x-tt-logid': logId(), ...reply.headers });
    if (reply.bytes) {
      headers.set('content-type', reply.bytes.contentType);
      return new Response(new Uint8Array(reply.bytes.data), { status: reply.status, headers });
    }
    headers.set('content-type', 'application/json; charset=utf-8');
    return c.body(JSON.stringify(reply.body), reply.status as 200, Object.fromEntries(headers.entries()));
  };

  const parseRequest = async (c: Context): Promise<ParsedRequest> => {
    const url = new URL(c.req.url);
    const raw = Buffer.from(await c.req.arrayBuffer());
    const contentType = c.req.header('content-type') ?? '';
    let body: unknown;
    let multipart: MultipartPart[] = [];
    if (contentType.toLowerCase().startsWith('multipart/form-data')) {
      multipart = parseMultipart(raw, contentType);
      body = Object.fromEntries(
        multipart.map((p) => [
          p.name,
          p.name === 'file' || p.filename !== undefined
            ? { ...(p.filename !== undefined ? { filename: p.filename } : {}), ...(p.contentType !== undefined ? { content_type: p.contentType } : {}), size: p.data.length }
            : p.data.toString('utf8'),
        ]),
      );
    } else if (raw.length > 0) {
      const text = raw.toString('utf8');
      try {
        body = JSON.parse(text);
      } catch {
        if (contentType.includes('json')) throw new LarkFailure(400, E.invalidParam[0], 'request body is not valid JSON');
        body = text;
      }
    }
    return { method: c.req.method, path: url.pathname, query: toQuery(url), headers: c.req.raw.headers, body, multipart, params: c.req.param() };
  };

  const recordCall = (c: Context, req: Partial<ParsedRequest>, reply: Reply, injected?: FakeLarkCall['injected']): void => {
    const url = new URL(c.req.url);
    const headers: Record<string, string> = {};
    for (const name of RECORDED_HEADERS) {
      const v = c.req.header(name);
      if (v !== undefined) headers[name] = v;
    }
    calls.push({
      method: c.req.method,
      path: url.pathname,
      query: toQuery(url),
      headers,
      body: req.body,
      at: now(),
      status: reply.status,
      response: reply.bytes ? { bytes: reply.bytes.data.length } : reply.body,
      ...(injected ? { injected } : {}),
    });
  };

  const route = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, name: string, handler: Handler, routeOptions: RouteOptions = {}): void => {
    const auth = routeOptions.auth ?? true;
    const tier = routeOptions.tier ?? auth;
    hono.on(method, path, async (c) => {
      let req: Partial<ParsedRequest> = {};
      let reply: Reply;
      let injected: FakeLarkCall['injected'];
      try {
        req = await parseRequest(c);
        const parsed = req as ParsedRequest;
        if (auth) checkBearer(parsed.headers);
        const fault = faults.find((f) => f.remaining > 0 && matchesFault(f, parsed.method, parsed.path));
        if (fault) {
          fault.remaining -= 1;
          faults = faults.filter((f) => f.remaining > 0);
          if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
          if (fault.after) {
            try {
              await handler(parsed);
            } catch {
              // the injected answer wins either way
            }
          }
          reply = faultReply(fault);
          injected = 'fault';
        } else {
          if (tier) checkAppTier(name);
          reply = await handler(parsed);
        }
      } catch (e) {
        if (e instanceof LarkFailure) {
          reply = errorReply(e.status, e.code, e.detail, e.headers);
          if (e.code === E.rateLimited[0] || e.code === E.frequency[0]) injected = 'rate_limit';
        } else {
          // A bug in the fake: answer loudly and keep it in `calls` rather than a bare 500.
          reply = errorReply(500, -1, `the fake Lark server crashed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        }
      }
      recordCall(c, req, reply, injected);
      return respond(c, reply);
    });
  };

  route('POST', '/open-apis/auth/v3/tenant_access_token/internal', 'tenant_access_token', (req) => {
    const { token, expire } = issueToken(req.body);
    // Flat, no `data` (§7.1).
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire } };
  }, { auth: false });
  route('POST', '/open-apis/auth/v3/app_access_token/internal', 'app_access_token', (req) => {
    const { token, expire } = issueToken(req.body);
    // For a self-built app the app and tenant tokens coincide.
    return { status: 200, body: { code: 0, msg: 'ok', app_access_token: token, tenant_access_token: token, expire } };
  }, { auth: false });
  route('GET', '/open-apis/bot/v3/info', 'bot_info', () => ({
    status: 200,
    // `bot` is top-level, not under `data` (§4.1).
    body: { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: bot.name, avatar_url: '', ip_white_list: [], open_id: bot.open_id } },
  }));
  route('POST', '/open-apis/im/v1/messages', 'im.message.create', sendMessage);
  route('POST', '/open-apis/im/v1/messages/:message_id/reply', 'im.message.reply', replyMessage);
  route('PATCH', '/open-apis/im/v1/messages/:message_id', 'im.message.patch', patchMessage);
  route('GET', '/open-apis/im/v1/messages/:message_id', 'im.message.get', getMessage);
  route('DELETE', '/open-apis/im/v1/messages/:message_id', 'im.message.delete', deleteMessage);
  route('POST', '/open-apis/interactive/v1/card/update', 'interactive.card.update', delayedCardUpdate);
  route('POST', '/open-apis/im/v1/files', 'im.file.create', uploadFile);
  route('GET', '/open-apis/im/v1/files/:file_key', 'im.file.get', downloadFile);
  route('GET', '/open-apis/im/v1/chats/:chat_id/members', 'im.chat.members.get', chatMembers);
  route('POST', '/open-apis/contact/v3/users/batch_get_id', 'contact.user.batch_get_id', batchGetId);
  route('GET', '/open-apis/contact/v3/users/:user_id', 'contact.user.get', getUser);
  route('POST', '/callback/ws/endpoint', 'ws.endpoint', wsEndpoint, { auth: false });

  // Never a silent 200: an unimplemented path is a loud, Lark-shaped 404.
  hono.notFound(async (c) => {
    const req = await parseRequest(c).catch((): Partial<ParsedRequest> => ({}));
    const path = new URL(c.req.url).pathname;
    const reply = errorReply(404, 404, `404 page not found: the fake Lark server does not implement ${c.req.method} ${path}`);
    recordCall(c, req, reply);
    return respond(c, reply);
  });

  // --- server ---
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: hono.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  server.on('upgrade', onUpgrade);
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host}:${address.port}`;

  const eventContext = (): LarkEventContext => ({ appId: app.appId, tenantKey: app.tenantKey, verificationToken: app.verificationToken, now });

  const issueCardToken = (messageId: string, token?: string): string => {
    const t = token ?? larkIds.cardToken();
    cardTokens.set(t, { messageId, issuedAt: now(), uses: 0 });
    return t;
  };

  const inbound: FakeLarkInbound = {
    message(input) {
      const envelope = buildMessageReceiveEvent(input, eventContext());
      const m = envelope.event.message;
      const sender = envelope.event.sender.sender_id.open_id;
      if (m.chat_type === 'group') {
        const chat = chatFor(m.chat_id) ?? { chat_id: m.chat_id, name: '', members: [], bot_in_chat: true };
        chats.set(chat.chat_id, chat);
        if (!chat.members.includes(sender)) chat.members.push(sender);
      } else if (!chats.has(m.chat_id)) {
        chats.set(m.chat_id, { chat_id: m.chat_id, name: '', members: [sender], bot_in_chat: true, p2p_user: sender });
      }
      inboundById.set(m.message_id, {
        message_id: m.message_id,
        chat_id: m.chat_id,
        sender_open_id: sender,
        ...(m.root_id !== undefined ? { root_id: m.root_id } : {}),
        ...(m.parent_id !== undefined ? { parent_id: m.parent_id } : {}),
        ...(m.thread_id !== undefined ? { thread_id: m.thread_id } : {}),
        content: m.content,
      });
      return envelope;
    },
    cardAction(input) {
      const token = issueCardToken(input.openMessageId, input.token);
      return buildCardActionEvent({ ...input, token }, eventContext());
    },
    botAdded(input) {
      const chat = chats.get(input.chatId);
      if (chat) chat.bot_in_chat = true;
      else addChat({ chat_id: input.chatId, ...(input.name !== undefined ? { name: input.name } : {}), bot_in_chat: true });
      return buildBotAddedEvent(input, eventContext());
    },
    urlVerification(input) {
      return buildUrlVerification(input, eventContext());
    },
  };

  const matchPath = (pattern: string | RegExp, path: string): boolean =>
    pattern instanceof RegExp ? pattern.test(path) : path === pattern || path === `/open-apis${pattern.startsWith('/') ? '' : '/'}${pattern}`;

  return {
    url: baseUrl,
    app,
    bot,
    calls,
    messages,
    files,
    ws,
    inbound,
    messagesIn: (chatId) => messages.filter((m) => m.chat_id === chatId),
    message: (id) => messageById.get(id),
    callsTo: (path, method) => calls.filter((c) => matchPath(path, c.path) && (!method || c.method === method.toUpperCase())),
    p2pChatId,
    failNext(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    setBotInChat(chatId, inChat) {
      const chat = chats.get(chatId);
      if (chat) chat.bot_in_chat = inChat;
      else addChat({ chat_id: chatId, bot_in_chat: inChat });
    },
    addUser,
    addChat,
    setRateLimits: setLimits,
    expireTokens() {
      tokens.clear();
    },
    recallMessage(id) {
      const m = messageById.get(id);
      if (!m) throw new Error(`fake Lark: no message ${id}`);
      m.recalled = true;
    },
    issueCardToken,
    request(payload, requestOptions = {}) {
      return toLarkRequest(payload, { ...(app.encryptKey !== undefined ? { encryptKey: app.encryptKey } : {}), now, ...requestOptions });
    },
    fetch: (request) => Promise.resolve(hono.fetch(request)),
    reset() {
      calls.length = 0;
      messages.length = 0;
      messageById.clear();
      inboundById.clear();
      files.clear();
      uuids.clear();
      cardTokens.clear();
      faults = [];
      windows.clear();
      configure();
    },
    close() {
      ws.disconnectAll();
      for (const p of wsPending.values()) clearTimeout(p.timer);
      wsPending.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
