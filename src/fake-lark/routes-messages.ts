// im/v1/messages: send, reply, get and delete (lark-protocol.md §7.2, §7.3), with Lark's checks
// on who may be addressed, uuid deduplication and the per-chat / per-user send limits.
import { collectMentions, parseContent } from './content.js';
import { isRecord } from './json.js';
import { fail, ok, type Reply } from './replies.js';
import type { ParsedRequest } from './router.js';
import type { ChatState, FakeState } from './state.js';
import type { FakeMessage, ReceiveIdType } from './types.js';

const UUID_WINDOW_MS = 60 * 60 * 1000;
const RECEIVE_ID_TYPES = new Set<ReceiveIdType>(['open_id', 'union_id', 'user_id', 'email', 'chat_id']);

/** A message as the API returns it. */
function messageData(s: FakeState, m: FakeMessage): Record<string, unknown> {
  return {
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
    sender: { id: s.app.appId, id_type: 'app_id', sender_type: 'app', tenant_key: s.app.tenantKey },
    body: { content: JSON.stringify(m.content) },
    mentions: m.mentions.map((id, i) => ({ key: `@_user_${i + 1}`, id, id_type: 'open_id', name: s.users.get(id)?.name ?? '', tenant_key: s.app.tenantKey })),
  };
}

function checkUuid(uuid: unknown): string | undefined {
  if (uuid === undefined || uuid === null || uuid === '') return undefined;
  if (typeof uuid !== 'string' || uuid.length > 50) fail('invalidParam', 'uuid must be a string of at most 50 characters');
  return uuid;
}

/** A uuid seen within the hour returns the message it created (§7.2: at most one success). */
function replayUuid(s: FakeState, uuid: string | undefined): Reply | undefined {
  if (!uuid) return undefined;
  const seen = s.uuids.get(uuid);
  if (!seen || seen.at <= s.now() - UUID_WINDOW_MS) return undefined;
  const m = s.messageById.get(seen.messageId);
  return m ? ok(messageData(s, m)) : undefined;
}

/** Records a message the bot sent into `chat` (a send: how it was addressed; a reply: where it sits) and answers with it. */
function answerSent(
  s: FakeState,
  chat: ChatState,
  msgType: string,
  content: unknown,
  uuid: string | undefined,
  addressed: Pick<FakeMessage, 'receive_id_type' | 'receive_id'>,
  placed: Pick<FakeMessage, 'root_id' | 'parent_id' | 'thread_id' | 'reply_in_thread'>,
): Reply {
  const t = String(s.now());
  const m: FakeMessage = {
    message_id: s.newId('om_', 16),
    chat_id: chat.chat_id,
    chat_type: chat.p2p_user ? 'p2p' : 'group',
    ...addressed,
    msg_type: msgType,
    content,
    sent_content: content,
    ...(uuid ? { uuid } : {}),
    ...placed,
    mentions: collectMentions(content),
    create_time: t,
    update_time: t,
    updates: [],
    recalled: false,
  };
  s.messages.push(m);
  s.messageById.set(m.message_id, m);
  if (m.uuid) s.uuids.set(m.uuid, { messageId: m.message_id, at: s.now() });
  return ok(messageData(s, m));
}

/** POST /im/v1/messages */
export function sendMessage(s: FakeState, req: ParsedRequest): Reply {
  const idType = req.query['receive_id_type'];
  if (!idType || !RECEIVE_ID_TYPES.has(idType as ReceiveIdType)) fail('invalidParam', 'receive_id_type is required: open_id|union_id|user_id|email|chat_id');
  const receiveIdType = idType as ReceiveIdType;
  const body = isRecord(req.body) ? req.body : {};
  const receiveId = body['receive_id'];
  if (typeof receiveId !== 'string' || receiveId === '') fail('invalidParam', 'receive_id is required');
  const content = parseContent(body['msg_type'], body['content'], s.files);
  const uuid = checkUuid(body['uuid']);
  const replay = replayUuid(s, uuid);
  if (replay) return replay;

  let chat: ChatState | undefined;
  let rateKey: string;
  let limit: 'perChatPerSecond' | 'perUserPerSecond';
  if (receiveIdType === 'chat_id') {
    if (!receiveId.startsWith('oc_')) fail('badRequest', `invalid receive_id: ${receiveId}`);
    chat = s.chatFor(receiveId);
    if (!chat || !chat.bot_in_chat) fail('botNotInChat');
    rateKey = `chat:${receiveId}`;
    limit = 'perChatPerSecond';
  } else {
    if (receiveIdType === 'open_id' && !receiveId.startsWith('ou_')) fail('badRequest', `invalid receive_id: ${receiveId}`);
    if (receiveIdType === 'union_id' && !receiveId.startsWith('on_')) fail('badRequest', `invalid receive_id: ${receiveId}`);
    const user = s.findUser(receiveIdType, receiveId);
    if (!user && (receiveIdType === 'email' || s.options.strictUsers)) fail('noAvailability', `no such user: ${receiveId}`);
    const openId = user?.open_id ?? receiveId;
    const chatId = s.p2pChatId(openId);
    chat = s.chats.get(chatId) ?? { chat_id: chatId, name: '', members: [openId], bot_in_chat: true, p2p_user: openId };
    s.chats.set(chatId, chat);
    rateKey = `user:${openId}`;
    limit = 'perUserPerSecond';
  }
  s.rates.checkResource(rateKey, limit);

  return answerSent(s, chat, body['msg_type'] as string, content, uuid, { receive_id_type: receiveIdType, receive_id: receiveId }, {});
}

/** POST /im/v1/messages/:message_id/reply */
export function replyMessage(s: FakeState, req: ParsedRequest): Reply {
  const targetId = req.params['message_id'] ?? '';
  const body = isRecord(req.body) ? req.body : {};
  const content = parseContent(body['msg_type'], body['content'], s.files);
  const uuid = checkUuid(body['uuid']);
  const replay = replayUuid(s, uuid);
  if (replay) return replay;
  const bot_target = s.messageById.get(targetId);
  const target: { chat_id: string; root_id?: string; thread_id?: string } | undefined = bot_target ?? s.inboundById.get(targetId);
  if (!target) fail('messageNotExist', targetId);
  const chat = s.chatFor(target.chat_id);
  if (!chat || !chat.bot_in_chat) fail('botNotInChat');
  s.rates.checkResource(chat.p2p_user ? `user:${chat.p2p_user}` : `chat:${chat.chat_id}`, chat.p2p_user ? 'perUserPerSecond' : 'perChatPerSecond');

  // A reply to a message already in a thread goes into that thread anyway (§7.3).
  const inThread = body['reply_in_thread'] === true;
  let threadId = target.thread_id;
  if (!threadId && inThread) {
    threadId = s.newId('omt_', 8);
    target.thread_id = threadId; // the target becomes the thread's root
  }
  return answerSent(s, chat, body['msg_type'] as string, content, uuid, {}, {
    root_id: target.root_id ?? targetId,
    parent_id: targetId,
    ...(threadId ? { thread_id: threadId } : {}),
    reply_in_thread: inThread,
  });
}

/** GET /im/v1/messages/:message_id */
export function getMessage(s: FakeState, req: ParsedRequest): Reply {
  const id = req.params['message_id'] ?? '';
  const m = s.messageById.get(id);
  if (!m) fail('messageNotExist', id);
  return ok({ items: [messageData(s, m)] });
}

/** DELETE /im/v1/messages/:message_id */
export function deleteMessage(s: FakeState, req: ParsedRequest): Reply {
  const id = req.params['message_id'] ?? '';
  const m = s.messageById.get(id);
  if (!m) fail('messageNotExist', id);
  m.recalled = true;
  return ok({});
}
