// POST /lark/events and /lark/cards: refused from the headers when possible, then the raw body
// read once (bounded), checked by src/lark, stored, answered within Lark's 3 s; a card
// callback gets its toast and card back.
import type { Context, Hono } from 'hono';
import type { CardResponse, InboundEvent } from '../app/events.js';
import type { Clock } from '../core/time.js';
import { parseInbound, precheckInbound, type InboundSecurity } from '../lark/inbound.js';
import { toLarkCardResponse } from '../lark/card-response.js';
import type { LarkSignatureHeaders } from '../lark/crypto.js';

export interface LarkRouteDeps {
  security: InboundSecurity;
  /** Stores and processes an event; resolves with the card response for callbacks. */
  receive(event: InboundEvent, payload: string): Promise<{ response?: CardResponse | undefined; background?: Promise<void> | undefined }>;
  /** Keeps background work alive where the runtime needs it (Workers' waitUntil). */
  defer?: ((work: Promise<void>) => void) | undefined;
  log(level: 'warn' | 'error', msg: string, extra?: Record<string, unknown>): void;
}

// Lark's own events are a few KB; a card form with long texts stays far below this.
export const maxEventBytes = 256 * 1024;

/**
 * The body, or undefined once it passes `max` bytes. The rest is left unread, not cancelled:
 * cancelling would tear the socket down under the answer (serve-node.ts drains or closes it).
 */
async function readBounded(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.releaseLock();
      return undefined;
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export function mountLarkRoutes(app: Hono, deps: LarkRouteDeps, clock: Clock): void {
  for (const path of ['/lark/events', '/lark/cards']) {
    app.post(path, async (c) => {
      const refuse = (status: 400 | 401 | 413 | 415, reason: string) => {
        deps.log('warn', 'rejected Lark request', { path, status, reason });
        return c.json({ error: reason }, status);
      };
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return refuse(415, 'expected Content-Type: application/json');
      const length = c.req.header('content-length');
      if (length !== undefined && !/^\d+$/.test(length)) return refuse(400, 'Content-Length is not a number');
      const declared = length === undefined ? undefined : Number(length);
      if (declared !== undefined && declared > maxEventBytes) return refuse(413, `body too large: at most ${maxEventBytes} bytes`);
      const headers = signatureHeaders(c);
      const early = precheckInbound(headers, declared, deps.security, clock.now());
      if (early?.kind === 'rejected') return refuse(early.status, early.reason);

      const raw = await readBounded(c.req.raw.body, maxEventBytes);
      if (!raw) {
        // A body without Content-Length ran over: how much is still coming is unknown.
        c.header('Connection', 'close');
        return refuse(413, `body too large: at most ${maxEventBytes} bytes`);
      }
      const result = parseInbound(raw, headers, deps.security, clock.now());
      if (result.kind === 'rejected') return refuse(result.status, result.reason);
      if (result.kind === 'challenge') return c.json({ challenge: result.challenge });
      const { response, background } = await deps.receive(result.event, result.payload);
      if (background) deps.defer?.(background);
      return c.json(response ? toLarkCardResponse(response) : { msg: 'success' });
    });
  }
}

function signatureHeaders(c: Context): LarkSignatureHeaders {
  return {
    'x-lark-request-timestamp': c.req.header('x-lark-request-timestamp'),
    'x-lark-request-nonce': c.req.header('x-lark-request-nonce'),
    'x-lark-signature': c.req.header('x-lark-signature'),
  };
}
