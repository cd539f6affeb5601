// The HTTP side every route shares: parse the request (JSON, text or multipart), check the
// bearer token, apply an armed fault or the gateway rate tier, run the handler, turn a thrown
// LarkFailure into Lark's error body, record the call, answer. Unknown paths get a loud 404.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { checkBearer } from './auth.js';
import { faultReply } from './faults.js';
import { parseMultipart, type MultipartPart } from './multipart.js';
import { E, LarkFailure, errorReply, logId, type Reply } from './replies.js';
import type { FakeState } from './state.js';
import type { FakeLarkCall } from './types.js';

export interface ParsedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Headers;
  body: unknown;
  multipart: MultipartPart[];
  params: Record<string, string>;
}

export type Handler = (req: ParsedRequest) => Reply | Promise<Reply>;

export interface RouteOptions {
  /** Needs `Authorization: Bearer t-…`. Default true. */
  auth?: boolean;
  /** Counted against the per-app gateway tier. Default true when auth is. */
  tier?: boolean;
}

export type Route = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, name: string, handler: Handler, routeOptions?: RouteOptions) => void;

const RECORDED_HEADERS = ['authorization', 'content-type', 'user-agent', 'locale'];

const toQuery = (url: URL): Record<string, string> => Object.fromEntries(url.searchParams.entries());

async function parseRequest(c: Context): Promise<ParsedRequest> {
  const url = new URL(c.req.url);
  const raw = Buffer.from(await c.req.arrayBuffer());
  const contentType = c.req.header('content-type') ?? '';
  let body: unknown;
  let multipart: MultipartPart[] = [];
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    multipart = parseMultipart(raw, contentType);
    body = Object.fromEntries(
      multipart.map((p) => [
        p.name,
        p.name === 'file' || p.filename !== undefined
          ? { ...(p.filename !== undefined ? { filename: p.filename } : {}), ...(p.contentType !== undefined ? { content_type: p.contentType } : {}), size: p.data.length }
          : p.data.toString('utf8'),
      ]),
    );
  } else if (raw.length > 0) {
    const text = raw.toString('utf8');
    try {
      body = JSON.parse(text);
    } catch {
      if (contentType.includes('json')) throw new LarkFailure(400, E.invalidParam[0], 'request body is not valid JSON');
      body = text;
    }
  }
  return { method: c.req.method, path: url.pathname, query: toQuery(url), headers: c.req.raw.headers, body, multipart, params: c.req.param() };
}

/** The Hono app and `route`, which mounts a handler behind the shared checks. */
export function createRouter(s: FakeState): { hono: Hono; route: Route } {
  const hono = new Hono();

  const respond = (c: Context, reply: Reply): Response => {
    const headers = new Headers({ 'x-tt-logid': logId(s.now), ...reply.headers });
    if (reply.bytes) {
      headers.set('content-type', reply.bytes.contentType);
      return new Response(new Uint8Array(reply.bytes.data), { status: reply.status, headers });
    }
    headers.set('content-type', 'application/json; charset=utf-8');
    return c.body(JSON.stringify(reply.body), reply.status as 200, Object.fromEntries(headers.entries()));
  };

  const recordCall = (c: Context, req: Partial<ParsedRequest>, reply: Reply, injected?: FakeLarkCall['injected']): void => {
    const url = new URL(c.req.url);
    const headers: Record<string, string> = {};
    for (const name of RECORDED_HEADERS) {
      const v = c.req.header(name);
      if (v !== undefined) headers[name] = v;
    }
    s.calls.push({
      method: c.req.method,
      path: url.pathname,
      query: toQuery(url),
      headers,
      body: req.body,
      at: s.now(),
      status: reply.status,
      response: reply.bytes ? { bytes: reply.bytes.data.length } : reply.body,
      ...(injected ? { injected } : {}),
    });
  };

  const route: Route = (method, path, name, handler, routeOptions = {}) => {
    const auth = routeOptions.auth ?? true;
    const tier = routeOptions.tier ?? auth;
    hono.on(method, path, async (c) => {
      let req: Partial<ParsedRequest> = {};
      let reply: Reply;
      let injected: FakeLarkCall['injected'];
      try {
        req = await parseRequest(c);
        const parsed = req as ParsedRequest;
        if (auth) checkBearer(s, parsed.headers);
        const fault = s.faults.take(parsed.method, parsed.path);
        if (fault) {
          if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
          if (fault.after) {
            try {
              await handler(parsed);
            } catch {
              // the injected answer wins either way
            }
          }
          reply = faultReply(s.now, fault);
          injected = 'fault';
        } else {
          if (tier) s.rates.checkAppTier(name);
          reply = await handler(parsed);
        }
      } catch (e) {
        if (e instanceof LarkFailure) {
          reply = errorReply(s.now, e.status, e.code, e.detail, e.headers);
          if (e.code === E.rateLimited[0] || e.code === E.frequency[0]) injected = 'rate_limit';
        } else {
          // A bug in the fake: answer loudly and keep it in `calls` rather than a bare 500.
          reply = errorReply(s.now, 500, -1, `the fake Lark server crashed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        }
      }
      recordCall(c, req, reply, injected);
      return respond(c, reply);
    });
  };

  // Never a silent 200: an unimplemented path is a loud, Lark-shaped 404.
  hono.notFound(async (c) => {
    const req = await parseRequest(c).catch((): Partial<ParsedRequest> => ({}));
    const path = new URL(c.req.url).pathname;
    const reply = errorReply(s.now, 404, 404, `404 page not found: the fake Lark server does not implement ${c.req.method} ${path}`);
    recordCall(c, req, reply);
    return respond(c, reply);
  });

  return { hono, route };
}
