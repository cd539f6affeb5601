// The LarkGateway backed by the real @larksuiteoapi/node-sdk Client: send, reply, update.
// The SDK returns `code != 0` for business errors and throws AxiosErrors for HTTP ones;
// both become one SendResult with `retryable` decided here.
import { createHash } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import type { LarkGateway, OutboundMessage, SendResult } from '../app/ports/index.js';

export interface LarkClientConfig {
  appId: string;
  appSecret: string;
  /** `feishu`, `lark`, or a base URL (the fake Lark server in tests and the sandbox). */
  domain: string;
}

// Codes Lark answers when it is busy or limiting us: worth another try later.
const retryableCodes = new Set([99991400, 99991401, 230020, 11232, 1000004, 1000005, 90217, 99991672]);

export function toSdkDomain(domain: string): lark.Domain | string {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/, '');
}

// The tenant token was refused: the SDK keeps using a cached one, so it must be evicted.
const tokenCodes = new Set([99991661, 99991663, 99991664, 99991665, 99991668]);

/** A token cache per client: the SDK's default one is process-wide and keyed by nothing but the app. */
function createCache(): lark.Cache & { clear(): void } {
  const values = new Map<string | Symbol, { value: unknown; expire?: number | undefined }>();
  return {
    async set(key, value, expire) {
      values.set(key, { value, expire });
      return true;
    },
    async get(key) {
      const hit = values.get(key);
      if (!hit) return undefined;
      if (hit.expire !== undefined && hit.expire < Date.now()) {
        values.delete(key);
        return undefined;
      }
      return hit.value;
    },
    clear() {
      values.clear();
    },
  };
}

const quiet = () => undefined;
const quietLogger = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet };

const caches = new WeakMap<lark.Client, { clear(): void }>();

export function createSdkClient(config: LarkClientConfig): lark.Client {
  const cache = createCache();
  const client = new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: toSdkDomain(config.domain),
    cache,
    // Failures are classified and reported by the outbox; the SDK's own log would say it twice.
    logger: quietLogger,
  });
  caches.set(client, cache);
  return client;
}

/** The content of a file message (Lark's wire shape), for a file uploaded with uploadFile. */
export function fileMessageContent(fileKey: string): string {
  return JSON.stringify({ file_key: fileKey });
}

/** Lark's `uuid` is at most 50 characters; our keys are longer, so they are hashed. */
export function larkUuid(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40);
}

interface SdkAnswer {
  code?: number | undefined;
  msg?: string | undefined;
  data?: { message_id?: string | undefined } | undefined;
}

interface HttpErrorShape {
  response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, unknown> };
  message?: string;
  code?: string;
}

function fromAnswer(answer: SdkAnswer | undefined | null): SendResult {
  if (answer && answer.code === 0) return { ok: true, messageId: answer.data?.message_id ?? '' };
  const code = answer?.code;
  return { ok: false, retryable: code !== undefined && retryableCodes.has(code), code, message: answer?.msg ?? 'empty answer from Lark' };
}

export function fromError(e: unknown): SendResult {
  const err = e as HttpErrorShape;
  const status = err.response?.status;
  const code = err.response?.data?.code;
  if (status === undefined) {
    // No answer at all: a network failure, a timeout or a refused connection.
    return { ok: false, retryable: true, message: `network: ${err.code ?? ''} ${err.message ?? String(e)}`.trim() };
  }
  const reset = Number(err.response?.headers?.['x-ogw-ratelimit-reset']);
  const retryable = status === 429 || status >= 500 || (code !== undefined && retryableCodes.has(code));
  return {
    ok: false,
    retryable,
    code,
    message: `HTTP ${status}${err.response?.data?.msg ? `: ${err.response.data.msg}` : ''}`,
    ...(Number.isFinite(reset) && reset > 0 ? { retryAfterMs: reset * 1000 } : {}),
  };
}

type FileCall<T> = ({ ok: true } & T) | { ok: false; message: string; code?: number | undefined };

/** A stream's bytes, whole (a downloaded file, or the error body of a streamed request). */
async function readAll(stream: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function parseBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A streamed request's HTTP error carries its JSON body as a stream: read it, so its code is seen. */
async function withBody(e: unknown): Promise<unknown> {
  const response = (e as { response?: { data?: unknown } }).response;
  const data = response?.data;
  if (!response || typeof data !== 'object' || data === null || !(Symbol.asyncIterator in data)) return e;
  const body = parseBody(await readAll(data as AsyncIterable<unknown>).catch(() => new Uint8Array()));
  return { ...(e as object), message: (e as Error).message, response: { ...response, data: body } };
}

export function createLarkGateway(client: lark.Client): LarkGateway {
  let botOpenId: Promise<string | undefined> | undefined;
  /**
   * A file call someone waits for (an upload, a download): an expired tenant token is evicted
   * and the call tried once more at once (the refused one did nothing), not left to a retry later.
   */
  const onceMoreOnTokenError = async <T extends object>(call: () => Promise<FileCall<T>>): Promise<FileCall<T>> => {
    const attempt = async (): Promise<FileCall<T>> => {
      try {
        return await call();
      } catch (e) {
        const failed = fromError(await withBody(e));
        return failed.ok ? { ok: false, message: 'Lark call failed' } : { ok: false, message: failed.message, code: failed.code };
      }
    };
    const first = await attempt();
    if (first.ok || first.code === undefined || !tokenCodes.has(first.code)) return first;
    caches.get(client)?.clear();
    return attempt();
  };
  const evictOnTokenError = (result: SendResult): SendResult => {
    if (result.ok || result.code === undefined || !tokenCodes.has(result.code)) return result;
    caches.get(client)?.clear();
    return { ...result, retryable: true };
  };
  const guard = async (call: () => Promise<SendResult>): Promise<SendResult> => {
    try {
      return evictOnTokenError(await call());
    } catch (e) {
      return evictOnTokenError(fromError(e));
    }
  };
  return {
    send(message: OutboundMessage): Promise<SendResult> {
      // A card update in the outbox (the same card in a unit's other chats) is a PATCH.
      if (message.msgType === 'card.update') return this.updateCard(message.to.id, JSON.parse(message.content));
      return guard(async () => {
        if (message.to.type === 'reply') {
          return fromAnswer(
            await client.im.v1.message.reply({
              path: { message_id: message.to.id },
              data: { content: message.content, msg_type: message.msgType, reply_in_thread: message.to.inThread ?? false, uuid: larkUuid(message.key) },
            }),
          );
        }
        return fromAnswer(
          await client.im.v1.message.create({
            params: { receive_id_type: message.to.type === 'user' ? 'open_id' : 'chat_id' },
            data: { receive_id: message.to.id, msg_type: message.msgType, content: message.content, uuid: larkUuid(message.key) },
          }),
        );
      });
    },
    updateCard(messageId, card) {
      return guard(async () => {
        const answer = await client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } });
        return answer.code === 0 ? { ok: true, messageId } : fromAnswer(answer);
      });
    },
    uploadFile({ name, kind, bytes }) {
      return onceMoreOnTokenError<{ fileKey: string }>(async () => {
        const answer = await client.im.v1.file.create({ data: { file_type: kind, file_name: name, file: Buffer.from(bytes) } });
        return answer?.file_key ? { ok: true, fileKey: answer.file_key } : { ok: false, message: 'Lark returned no file_key' };
      });
    },
    downloadMessageFile({ messageId, fileKey }) {
      return onceMoreOnTokenError<{ bytes: Uint8Array }>(async () => {
        const answer = await client.im.v1.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: 'file' } });
        const bytes = await readAll(answer.getReadableStream());
        // A JSON body on a 200 is Lark's error envelope (`code != 0`), not the file.
        const contentType = String((answer.headers as Record<string, unknown> | undefined)?.['content-type'] ?? '');
        if (contentType.includes('application/json')) {
          const failed = fromAnswer(parseBody(bytes) as SdkAnswer);
          if (!failed.ok) return { ok: false, message: failed.message, code: failed.code };
        }
        return { ok: true, bytes };
      });
    },
    async lookupOpenIds({ mobiles, emails }) {
      const found: { mobile?: string; email?: string; openId: string }[] = [];
      // Lark takes at most 50 of each per call.
      for (let i = 0; i < Math.max(mobiles.length, emails.length); i += 50) {
        const answer = await client.contact.v3.user.batchGetId({
          params: { user_id_type: 'open_id' },
          data: { mobiles: mobiles.slice(i, i + 50), emails: emails.slice(i, i + 50) },
        });
        if (answer.code !== 0) throw new Error(`contact lookup failed: ${answer.code} ${answer.msg}`);
        for (const u of answer.data?.user_list ?? []) {
          if (u.user_id) found.push({ ...(u.mobile ? { mobile: u.mobile } : {}), ...(u.email ? { email: u.email } : {}), openId: u.user_id });
        }
      }
      return found;
    },
    botOpenId() {
      botOpenId ??= client
        .request<{ code?: number; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' })
        .then((r) => r?.bot?.open_id)
        .catch(() => {
          botOpenId = undefined;
          return undefined;
        });
      return botOpenId;
    },
  };
}
