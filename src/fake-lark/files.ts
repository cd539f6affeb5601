// im/v1/files: upload (multipart, Lark's type and size checks) and download of the bytes as sent.
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
