// POST /lark/events and /lark/cards: the raw body read once, checked by src/lark,
// stored, answered within Lark's 3 s; a card callback gets its toast and card back.
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CardResponse, InboundEvent } from '../app/events.js';
import { parseInbound, type InboundSecurity } from '../lark/inbound.js';
import { toLarkCardResponse } from '../lark/card-response.js';

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

export function mountLarkRoutes(app: Hono, deps: LarkRouteDeps): void {
  for (const path of ['/lark/events', '/lark/cards']) {
    app.post(
      path,
      bodyLimit({ maxSize: maxEventBytes, onError: (c) => c.json({ error: 'body too large' }, 413) }),
      async (c) => {
        const type = c.req.header('content-type') ?? '';
        if (!/^application\/json\b/i.test(type)) return c.json({ error: 'expected Content-Type: application/json' }, 415);
        const raw = await c.req.text();
        const result = parseInbound(raw, {
          'x-lark-request-timestamp': c.req.header('x-lark-request-timestamp'),
          'x-lark-request-nonce': c.req.header('x-lark-request-nonce'),
          'x-lark-signature': c.req.header('x-lark-signature'),
        }, deps.security);
        if (result.kind === 'rejected') {
          deps.log('warn', 'rejected Lark request', { path, status: result.status, reason: result.reason });
          return c.json({ error: result.reason }, result.status);
        }
        if (result.kind === 'challenge') return c.json({ challenge: result.challenge });
        const { response, background } = await deps.receive(result.event, result.payload);
        if (background) deps.defer?.(background);
        return c.json(response ? toLarkCardResponse(response) : { msg: 'success' });
      },
    );
  }
}
