// A byte-exact multipart/form-data parser for file uploads: the SDK's file parts are Buffers
// that the WHATWG FormData parser would mangle, so the fake reads the body itself.
import { E, LarkFailure } from './replies.js';

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Parses multipart/form-data byte-exactly. The SDK posts a Buffer `file` part without a
 * `filename=`, which WHATWG FormData would turn into a (UTF-8 mangled) string field.
 */
export function parseMultipart(raw: Buffer, contentType: string): MultipartPart[] {
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
