// Lark's event crypto (lark-protocol.md §2): AES-256-CBC for `{"encrypt": …}` bodies and the
// SHA-256 request signature. Pure functions over node:crypto; the only randomness is the IV
// of encryptLark, and it can be passed in.
import { DubanError } from '../core/errors.js';
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Thrown when an `encrypt` value cannot be decrypted with the given Encrypt Key. */
export class LarkDecryptError extends DubanError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LARK_PAYLOAD', message, options);
    this.name = 'LarkDecryptError';
  }
}

const IV_BYTES = 16;
const BLOCK_BYTES = 16;

/** AES key = SHA-256(utf8(Encrypt Key)), 32 bytes. */
function aesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey, 'utf8').digest();
}

/**
 * Decrypts the `encrypt` field of a Lark event or callback body:
 * base64 → iv(16) ‖ ciphertext → AES-256-CBC with PKCS#7 → UTF-8.
 * The plaintext bytes are concatenated before decoding, so a multibyte character that
 * straddles a block boundary is never split.
 */
export function decryptLark(encrypt: string, encryptKey: string): string {
  // Buffer.from(…, 'base64') silently skips invalid characters; check the alphabet so a
  // mangled body reports as such instead of as a padding error.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) {
    throw new LarkDecryptError('encrypt is not standard base64');
  }
  const buf = Buffer.from(encrypt, 'base64');
  if (buf.length < IV_BYTES + BLOCK_BYTES || (buf.length - IV_BYTES) % BLOCK_BYTES !== 0) {
    throw new LarkDecryptError(`encrypt has ${buf.length} bytes; expected 16 IV bytes plus whole AES blocks`);
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), buf.subarray(0, IV_BYTES));
    const plain = Buffer.concat([decipher.update(buf.subarray(IV_BYTES)), decipher.final()]);
    return plain.toString('utf8');
  } catch (cause) {
    // A wrong key almost always surfaces here as a bad PKCS#7 padding.
    throw new LarkDecryptError('cannot decrypt: wrong Encrypt Key or corrupted body', { cause });
  }
}

/**
 * The mirror image of decryptLark, as Lark encrypts: random 16-byte IV, PKCS#7,
 * base64(iv ‖ ciphertext). `iv` is only for reproducible test vectors.
 */
export function encryptLark(plain: string, encryptKey: string, iv: Uint8Array = randomBytes(IV_BYTES)): string {
  if (iv.length !== IV_BYTES) throw new RangeError(`iv must be ${IV_BYTES} bytes, got ${iv.length}`);
  const cipher = createCipheriv('aes-256-cbc', aesKey(encryptKey), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body]).toString('base64');
}

/**
 * X-Lark-Signature = lowercase hex SHA-256(utf8(timestamp + nonce + encryptKey) ‖ rawBody).
 * `rawBody` must be the exact bytes on the wire (Lark signs those); never a re-serialised
 * JSON.parse result — that is the SDK's mistake this module exists to avoid.
 */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string | Uint8Array): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');
}

/**
 * Constant-time string comparison. Both sides are hashed first so the comparison takes the
 * same time whatever the lengths (timingSafeEqual itself throws on a length mismatch).
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** The three signature headers as Node/Hono expose them (lower-case names). */
export interface LarkSignatureHeaders {
  'x-lark-request-timestamp'?: string | undefined;
  'x-lark-request-nonce'?: string | undefined;
  'x-lark-signature'?: string | undefined;
}

/** True when the headers carry a signature that matches `rawBody` under `encryptKey`. */
export function verifyLarkSignature(headers: LarkSignatureHeaders, rawBody: string | Uint8Array, encryptKey: string): boolean {
  const timestamp = headers['x-lark-request-timestamp'];
  const nonce = headers['x-lark-request-nonce'];
  const signature = headers['x-lark-signature'];
  if (timestamp === undefined || nonce === undefined || signature === undefined) return false;
  return safeEqual(larkSignature(timestamp, nonce, encryptKey, rawBody), signature.toLowerCase());
}

/**
 * Lark's redelivery schedule for an event it could not deliver (no HTTP 200 within 3 s):
 * 4 retries, 15 s, 5 min, 1 h and 6 h apart; the docs put the whole window at about 7.1 h and
 * ask receivers to deduplicate within it (lark-protocol.md §3; 事件概述 "推送周期和频次":
 * "以 15秒、5分钟、1小时、6小时 的间隔重新推送事件，最多重试 4 次 … 事件重发的最长时间窗口约为
 * 7.1 小时", https://open.feishu.cn/document/server-docs/event-subscription-guide/overview).
 */
export const LARK_RETRY_INTERVALS_MS = [15_000, 5 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

/**
 * How old an X-Lark-Request-Timestamp may be. Whether a retry is signed afresh or carries the
 * first attempt's timestamp is not documented (§2.2), so the window covers the whole retry
 * schedule (7.1 h, plus the 3 s deadlines) with margin; event ids are kept at least as long
 * (src/storage/retention.ts), so a replay inside the window is only ever a duplicate.
 */
export const LARK_SIGNATURE_WINDOW_MS = 8 * 60 * 60_000;

/** How far ahead of our clock a timestamp may be: clock skew, not a retry. */
export const LARK_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The instant an X-Lark-Request-Timestamp names, in ms. Its format is unconfirmed (§2.2), so
 * this is lenient: Unix seconds (or ms, by digit count), ISO 8601, or Go's time.String().
 */
export function parseLarkTimestamp(value: string): number | undefined {
  const text = value.trim();
  if (/^\d{1,13}$/.test(text)) return text.length >= 12 ? Number(text) : Number(text) * 1000;
  // Go's time.String(): "2006-01-02 15:04:05.999 -0700 MST" (the zone name is ambiguous; the offset is not).
  const go = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ([+-]\d{2})(\d{2})(?: [A-Za-z0-9+-]+)?(?: m=\S+)?$/.exec(text);
  const t = go ? Date.parse(`${go[1]}T${go[2]}${go[3]}:${go[4]}`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** Why a signature timestamp is refused at `now`, or undefined when it is fresh. */
export function staleLarkTimestamp(value: string, now: Date, windowMs: number = LARK_SIGNATURE_WINDOW_MS): string | undefined {
  const at = parseLarkTimestamp(value);
  if (at === undefined) return 'X-Lark-Request-Timestamp is not a time';
  const age = now.getTime() - at;
  if (age > windowMs) return `X-Lark-Request-Timestamp is ${Math.round(age / 60_000)} min old; older than Lark's retry window`;
  if (age < -LARK_CLOCK_SKEW_MS) return 'X-Lark-Request-Timestamp is in the future: check the server clock';
  return undefined;
}
