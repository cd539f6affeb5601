// What the fake tenant holds between calls: the app and bot, the directory (users, chats), the
// messages sent and received, uploaded files, issued tokens, card tokens, uuids, armed faults
// and rate windows. Routes read and change it; tests query it through FakeLark.
import { createHash, randomBytes } from 'node:crypto';
import { FAKE_APP } from './events.js';
import { Faults } from './faults.js';
import { RateLimits } from './rate-limits.js';
import type { FakeFile, FakeInboundMessage, FakeLark, FakeLarkCall, FakeLarkChat, FakeLarkOptions, FakeLarkUser, FakeMessage } from './types.js';

export interface ChatState {
  chat_id: string;
  name: string;
  members: string[];
  bot_in_chat: boolean;
  p2p_user?: string;
}

export interface CardTokenState {
  messageId: string;
  issuedAt: number;
  uses: number;
}

const shortHash = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The union_id the fake derives for a user configured without one. */
export const derivedUnionId = (openId: string): string => `on_${shortHash(`union:${openId}`, 32)}`;
/** The user_id the fake derives for a user configured without one. */
export const derivedUserId = (openId: string): string => shortHash(`user:${openId}`, 8);

export class FakeState {
  readonly now: () => number;
  readonly app: FakeLark['app'];
  readonly bot: FakeLark['bot'];
  readonly calls: FakeLarkCall[] = [];
  /** Messages the bot sent, in order. */
  readonly messages: FakeMessage[] = [];
  readonly messageById = new Map<string, FakeMessage>();
  /** Users' messages, registered so the bot can reply to them. */
  readonly inboundById = new Map<string, FakeInboundMessage>();
  readonly files = new Map<string, FakeFile>();
  readonly uuids = new Map<string, { messageId: string; at: number }>();
  readonly cardTokens = new Map<string, CardTokenState>();
  /** Issued tenant_access_token → expiresAt. */
  readonly tokens = new Map<string, number>();
  readonly chats = new Map<string, ChatState>();
  /** By open_id. */
  readonly users = new Map<string, FakeLarkUser>();
  readonly faults = new Faults();
  readonly rates: RateLimits;
  private seq = 0;

  constructor(readonly options: FakeLarkOptions) {
    this.now = options.now ?? Date.now;
    this.app = {
      appId: options.appId ?? FAKE_APP.appId,
      appSecret: options.appSecret ?? FAKE_APP.appSecret,
      tenantKey: options.tenantKey ?? FAKE_APP.tenantKey,
      verificationToken: options.verificationToken ?? FAKE_APP.verificationToken,
      encryptKey: options.encryptKey,
    };
    this.bot = { open_id: options.botOpenId ?? FAKE_APP.botOpenId, name: options.botName ?? FAKE_APP.botName };
    this.rates = new RateLimits(this.now);
    this.configure();
  }

  newId(prefix: string, randomHexBytes: number): string {
    this.seq += 1;
    return this.options.sequentialIds
      ? `${prefix}${this.seq.toString(16).padStart(randomHexBytes * 2, '0')}`
      : `${prefix}${randomBytes(randomHexBytes).toString('hex')}`;
  }

  addUser(user: FakeLarkUser): void {
    this.users.set(user.open_id, {
      ...user,
      union_id: user.union_id ?? derivedUnionId(user.open_id),
      user_id: user.user_id ?? derivedUserId(user.open_id),
    });
  }

  addChat(chat: FakeLarkChat): void {
    this.chats.set(chat.chat_id, {
      chat_id: chat.chat_id,
      name: chat.name ?? '',
      members: [...(chat.members ?? [])],
      bot_in_chat: chat.bot_in_chat ?? true,
    });
  }

  /** The chat id the fake uses for the bot's 1:1 chat with a user. */
  p2pChatId(openId: string): string {
    return `oc_${shortHash(`p2p:${this.app.appId}:${openId}`, 32)}`;
  }

  /** The chat, creating it if unknown and auto-creation is on. */
  chatFor(chatId: string): ChatState | undefined {
    let chat = this.chats.get(chatId);
    if (!chat && (this.options.autoCreateChats ?? true)) {
      chat = { chat_id: chatId, name: '', members: [], bot_in_chat: true };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  findUser(idType: 'open_id' | 'union_id' | 'user_id' | 'email', id: string): FakeLarkUser | undefined {
    for (const u of this.users.values()) {
      if (idType === 'email' ? u.email?.toLowerCase() === id.toLowerCase() : u[idType] === id) return u;
    }
    return undefined;
  }

  /** FakeLark.reset(): issued tokens survive it. */
  reset(): void {
    this.calls.length = 0;
    this.messages.length = 0;
    this.messageById.clear();
    this.inboundById.clear();
    this.files.clear();
    this.uuids.clear();
    this.cardTokens.clear();
    this.faults.clear();
    this.rates.clear();
    this.configure();
  }

  /** Chats, users and rate limits as the options give them. */
  private configure(): void {
    this.chats.clear();
    this.users.clear();
    for (const u of this.options.users ?? []) this.addUser(u);
    for (const c of this.options.chats ?? []) this.addChat(c);
    this.rates.set(this.options.rateLimits);
  }
}
