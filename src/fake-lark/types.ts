// The fake's public types: what tests, benches and the sandbox configure, query and receive.
// Kept apart from the server so every part of the fake can name them without importing it.
import type {
  BotAddedEnvelope,
  BotAddedInput,
  CardActionEnvelope,
  CardActionInput,
  LarkEventPayload,
  LarkHttpRequest,
  LarkInboundPayload,
  LarkRequestOptions,
  MessageInput,
  MessageReceiveEnvelope,
  UrlVerificationBody,
  UrlVerificationInput,
} from './events.js';

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
  /** PATCH, a delayed update with a click's token, or the card a callback answered with. */
  via: 'patch' | 'card_update' | 'callback';
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
  /** What the message carries (a file message's file), by file_key: served by its resources path. */
  resources?: Map<string, { file_name: string; bytes: Buffer }>;
}

/** A user sending a file: a `file` message whose bytes the bot can download by message id and file_key. */
export type FileMessageInput = Omit<MessageInput, 'text' | 'mentions' | 'messageType' | 'content'> & { fileName: string; bytes: Uint8Array };

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
  /** A user's file message (content `{file_key, file_name}`); its bytes are served by GET …/resources/:file_key. */
  file(input: FileMessageInput): MessageReceiveEnvelope;
  /**
   * A card click on a message; its update token is registered for /interactive/v1/card/update.
   * Throws CardExpiredError for a bot's card sent more than 14 days ago: the client sends nothing.
   */
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
  /**
   * What the Lark client does with a card callback's answer `{card: {type: 'raw', data}}`: the
   * shared card changes for everyone in the chat. Returns Lark's complaint when the card is not
   * valid (the client then keeps the old card), else undefined.
   */
  applyCallbackCard(messageId: string, card: unknown): string | undefined;
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
