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

export function createLarkGateway(client: lark.Client): LarkGateway {
  let botOpenId: Promise<string | undefined> | undefined;
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
    async uploadFile({ name, kind, bytes }) {
      const upload = async (): Promise<{ ok: true; fileKey: string } | { ok: false; message: string; code?: number | undefined }> => {
        try {
          const answer = await client.im.v1.file.create({ data: { file_type: kind, file_name: name, file: Buffer.from(bytes) } });
          return answer?.file_key ? { ok: true, fileKey: answer.file_key } : { ok: false, message: 'Lark returned no file_key' };
        } catch (e) {
          const failed = fromError(e);
          return failed.ok ? { ok: false, message: 'upload failed' } : { ok: false, message: failed.message, code: failed.code };
        }
      };
      // The person waits for this file: an expired tenant token is evicted and the upload tried
      // once more at once (nothing was stored by the refused one), not left to a retry later.
      const first = await upload();
      if (first.ok || first.code === undefined || !tokenCodes.has(first.code)) return first;
      caches.get(client)?.clear();
      return upload();
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
