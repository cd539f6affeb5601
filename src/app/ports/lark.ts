// Everything the app asks of Lark: the SDK-backed gateway and the fake server both answer it.
import type { OutboundMessage } from './outbox.js';

export type SendResult =
  | { ok: true; messageId: string }
  | { ok: false; retryable: boolean; code?: number | undefined; message: string; retryAfterMs?: number | undefined };

export interface LarkGateway {
  send(message: OutboundMessage): Promise<SendResult>;
  /** Replaces a sent card's content (update_multi cards). */
  updateCard(messageId: string, card: unknown): Promise<SendResult>;
  /** Uploads a file for a file message; resolves with Lark's file_key. */
  uploadFile(file: { name: string; kind: 'xls' | 'doc' | 'stream'; bytes: Uint8Array }): Promise<{ ok: true; fileKey: string } | { ok: false; message: string }>;
  /** The bytes of a file a user sent in a message (Lark's message resource API). */
  downloadMessageFile(file: { messageId: string; fileKey: string }): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }>;
  /** open_ids of people known by mobile or email (Lark's contact API); unknown ones are left out. */
  lookupOpenIds(query: { mobiles: string[]; emails: string[] }): Promise<{ mobile?: string; email?: string; openId: string }[]>;
  /** The bot's own open_id, to tell a mention of the bot from a mention of a person. */
  botOpenId(): Promise<string | undefined>;
}
