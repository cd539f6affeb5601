// What users do, as the bot will receive it: each builder returns Lark's event and records its
// side in the fake tenant (the message can be replied to, the click's token can update the card,
// the bot is in the chat it was added to).
import { randomBytes } from 'node:crypto';
import { buildBotAddedEvent, buildCardActionEvent, buildMessageReceiveEvent, buildUrlVerification, type LarkEventContext } from './events.js';
import { assertCardInteractive, issueCardToken } from './routes-cards.js';
import type { FakeState } from './state.js';
import type { FakeLarkInbound } from './types.js';

export function createInbound(s: FakeState): FakeLarkInbound {
  const eventContext = (): LarkEventContext => ({ appId: s.app.appId, tenantKey: s.app.tenantKey, verificationToken: s.app.verificationToken, now: s.now });
  const inbound: FakeLarkInbound = {
    message(input) {
      const envelope = buildMessageReceiveEvent(input, eventContext());
      const m = envelope.event.message;
      const sender = envelope.event.sender.sender_id.open_id;
      if (m.chat_type === 'group') {
        const chat = s.chatFor(m.chat_id) ?? { chat_id: m.chat_id, name: '', members: [], bot_in_chat: true };
        s.chats.set(chat.chat_id, chat);
        if (!chat.members.includes(sender)) chat.members.push(sender);
      } else if (!s.chats.has(m.chat_id)) {
        s.chats.set(m.chat_id, { chat_id: m.chat_id, name: '', members: [sender], bot_in_chat: true, p2p_user: sender });
      }
      s.inboundById.set(m.message_id, {
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
    file({ fileName, bytes, ...input }) {
      // Keys of files in users' messages look like Lark's (file_v3_…), apart from the bot's uploads.
      const fileKey = `file_v3_${randomBytes(12).toString('hex')}`;
      const envelope = inbound.message({ ...input, messageType: 'file', content: { file_key: fileKey, file_name: fileName } });
      const stored = s.inboundById.get(envelope.event.message.message_id)!;
      stored.resources = new Map([[fileKey, { file_name: fileName, bytes: Buffer.from(bytes) }]]);
      return envelope;
    },
    cardAction(input) {
      // Feishu's client refuses a click on a card older than 14 days: no callback is sent (§6.7a).
      assertCardInteractive(s, input.openMessageId);
      const token = issueCardToken(s, input.openMessageId, input.token);
      return buildCardActionEvent({ ...input, token }, eventContext());
    },
    botAdded(input) {
      const chat = s.chats.get(input.chatId);
      if (chat) chat.bot_in_chat = true;
      else s.addChat({ chat_id: input.chatId, ...(input.name !== undefined ? { name: input.name } : {}), bot_in_chat: true });
      return buildBotAddedEvent(input, eventContext());
    },
    urlVerification(input) {
      return buildUrlVerification(input, eventContext());
    },
  };
  return inbound;
}
