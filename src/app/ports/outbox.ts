// Every message the bot sends, stored under an idempotency key before it is sent.
export interface OutboundMessage {
  /** Idempotency key: stored unique, and sent to Lark as `uuid` (hashed to its 50-char limit). */
  key: string;
  kind: string;
  /** `message`: a sent message itself (a card update), by its message id. */
  to: { type: 'chat' | 'user' | 'reply' | 'message'; id: string; inThread?: boolean };
  /** `card.update` replaces the content of a sent card (`to` is that message). */
  msgType: 'text' | 'interactive' | 'file' | 'card.update';
  content: string;
}

export interface OutboxStore {
  /** Stores messages not stored before; returns the keys it added. */
  enqueue(messages: readonly OutboundMessage[], at: Date): Promise<string[]>;
  /**
   * Claims up to `limit` messages due at `at` for this sender, for `leaseMs`: another
   * process does not send them meanwhile, and takes them over if this one dies.
   */
  claimDue(at: Date, limit: number, by: string, leaseMs: number): Promise<(OutboundMessage & { attempts: number })[]>;
  markSent(key: string, messageId: string, at: Date): Promise<void>;
  markFailed(key: string, error: string, retryAt: Date | null): Promise<void>;
  pendingCount(): Promise<number>;
}
