// Inbound events as the app sees them: normalized from Lark's wire format by src/lark.

export interface Person {
  openId: string;
  name?: string | undefined;
}

export interface MessageEvent {
  type: 'message';
  eventId: string;
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  sender: Person;
  /** The text with @-placeholders replaced by @name, trimmed. */
  text: string;
  /** People @-mentioned, the bot excluded. */
  mentions: Person[];
  mentionsBot: boolean;
  messageType: string;
  /** A file message's file: its key (to download it from the message) and name as sent. */
  file?: { key: string; name: string } | undefined;
  rootId?: string | undefined;
  parentId?: string | undefined;
  threadId?: string | undefined;
}

export interface BotAddedEvent {
  type: 'bot.added';
  eventId: string;
  chatId: string;
  operator?: Person | undefined;
}

export interface CardActionEvent {
  type: 'card.action';
  eventId: string;
  operator: Person;
  chatId?: string | undefined;
  messageId?: string | undefined;
  value: unknown;
  /** The option picked in a select outside a form. */
  option?: string | undefined;
  formValue: Record<string, unknown>;
  /** Lark's delayed-update token (30 min, two uses). */
  updateToken?: string | undefined;
}

export interface UnsupportedEvent {
  type: 'unsupported';
  eventId: string;
  eventType: string;
}

export type InboundEvent = MessageEvent | BotAddedEvent | CardActionEvent | UnsupportedEvent;

/** What a card callback answers synchronously: a toast and, optionally, the updated card. */
export interface CardResponse {
  toast?: { type: 'success' | 'error' | 'warning' | 'info'; content: string } | undefined;
  card?: unknown;
}
