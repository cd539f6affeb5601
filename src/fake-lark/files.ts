// im/v1/files: upload (multipart, Lark's type and size checks) and download of the bytes as sent;
// and the files in users' messages, downloaded by message id and file_key.
import { fail, ok, type Reply } from './replies.js';
import type { ParsedRequest } from './router.js';
import type { FakeState } from './state.js';

const FILE_LIMIT = 30 * 1024 * 1024;
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);

/** POST /im/v1/files */
export function uploadFile(s: FakeState, req: ParsedRequest): Reply {
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
  const fileKey = s.newId('file_v3_00', 16);
  s.files.set(fileKey, {
    file_key: fileKey,
    file_type: fileType,
    file_name: fileName,
    ...(duration !== undefined ? { duration: Number(duration) } : {}),
    bytes: filePart.data,
    ...(filePart.contentType !== undefined ? { content_type: filePart.contentType } : {}),
    uploaded_at: s.now(),
  });
  return ok({ file_key: fileKey });
}

/** GET /im/v1/files/:file_key */
export function downloadFile(s: FakeState, req: ParsedRequest): Reply {
  const file = s.files.get(req.params['file_key'] ?? '');
  if (!file) fail('fileInvalidParam', 'no such file_key');
  return { status: 200, body: null, bytes: { data: file.bytes, contentType: file.content_type ?? 'application/octet-stream' } };
}

const RESOURCE_LIMIT = 100 * 1024 * 1024;

/**
 * GET /im/v1/messages/:message_id/resources/:file_key?type=image|file — 获取消息中的资源文件
 * (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-resource/get):
 * `type` is required (image for images; file for files, audio and video); the bot and the message
 * must be in the same chat; the file_key must be one of that message's; merged-forward and card
 * messages are refused with 234043; at most 100 MB. The other codes are not documented there
 * (UNCONFIRMED numbers): 234001 for a bad parameter, 230002 for a chat without the bot.
 */
export function messageResource(s: FakeState, req: ParsedRequest): Reply {
  const messageId = req.params['message_id'] ?? '';
  const fileKey = req.params['file_key'] ?? '';
  const type = req.query['type'];
  if (type !== 'image' && type !== 'file') fail('fileInvalidParam', 'type must be image|file');
  const sent = s.messageById.get(messageId);
  if (sent && (sent.msg_type === 'interactive' || sent.msg_type === 'merge_forward')) fail('resourceUnsupported', `${sent.msg_type} message`);
  const message = s.inboundById.get(messageId);
  if (!message) fail('fileInvalidParam', `no such message_id: ${messageId}`);
  const chat = s.chats.get(message.chat_id);
  if (!chat || !chat.bot_in_chat) fail('botNotInChat');
  const resource = message.resources?.get(fileKey);
  if (!resource) fail('fileInvalidParam', 'file_key does not belong to message_id');
  if (resource.bytes.length > RESOURCE_LIMIT) fail('fileTooLarge');
  return {
    status: 200,
    body: null,
    headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(resource.file_name)}` },
    bytes: { data: resource.bytes, contentType: 'application/octet-stream' },
  };
}
