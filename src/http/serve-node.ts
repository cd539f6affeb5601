// The Node HTTP server around the app's fetch: its own timeouts for headers and for bodies,
// and what happens to a body the app refused without reading, so a rejection never breaks
// the keep-alive connection it came on (or closes it cleanly, saying so).
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

type FetchCallback = (request: Request, env: HttpBindings) => Response | Promise<Response>;

export type ServeLog = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

export interface ServeNodeLimits {
  /** From the first byte of a request to the end of its headers (Node's headersTimeout). */
  headersMs: number;
  /** From the end of the headers to the end of the body; then 408 and the connection closes. */
  bodyMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveMs: number;
  /**
   * The most of a refused body read and thrown away to keep its connection. A request that
   * declares more is answered with `Connection: close`.
   */
  maxDrainBytes: number;
  /** After a `Connection: close` answer, how long the rest of the body is read before the socket is destroyed. */
  lingerMs: number;
}

export const defaultServeNodeLimits: ServeNodeLimits = {
  headersMs: 10_000,
  bodyMs: 10_000,
  keepAliveMs: 5_000,
  maxDrainBytes: 1024 * 1024,
  lingerMs: 2_000,
};

export interface ServeNodeOptions {
  port: number;
  hostname?: string | undefined;
  log?: ServeLog | undefined;
  onListen?: ((info: AddressInfo) => void) | undefined;
  limits?: Partial<ServeNodeLimits> | undefined;
}

const jsonError = (reason: string) => JSON.stringify({ error: reason });

/** Starts listening; resolves nothing, like `serve` — `onListen` says when and where. */
export function serveNode(fetch: FetchCallback, options: ServeNodeOptions): Server {
  const limits = { ...defaultServeNodeLimits, ...options.limits };
  const log: ServeLog = options.log ?? (() => undefined);
  const listener = getRequestListener(
    // When the body timer below has already answered, the app's late answer is dropped.
    async (request, env) => {
      const bindings = env as HttpBindings; // this server is HTTP/1 only
      const response = await fetch(request, bindings);
      return bindings.outgoing.headersSent ? RESPONSE_ALREADY_SENT : response;
    },
    // Bodies the app did not read are dealt with here, not by the adapter's 500 ms drain.
    { hostname: options.hostname, autoCleanupIncoming: false },
  );

  const server = createServer(
    {
      headersTimeout: limits.headersMs,
      // Node's whole-request limit is the backstop behind the body timer.
      requestTimeout: limits.headersMs + limits.bodyMs,
      keepAliveTimeout: limits.keepAliveMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersMs / 4))),
    },
    (incoming, outgoing) => {
      guardBody(incoming, outgoing, limits, log);
      void listener(incoming, outgoing);
    },
  );

  server.on('connection', (socket: Socket) => {
    // Node closes a `Connection: close` socket right after the answer; with body bytes still
    // arriving that close is a reset, which can destroy the answer before the client reads it.
    // Instead: send FIN, keep reading for a while, then close (RFC 9112 §9.6, "lingering close").
    socket.destroySoon = () => lingerClose(socket, limits.lingerMs);
  });

  // Malformed requests and header timeouts: a JSON answer and a closed connection, at info.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const code = err.code ?? 'unknown';
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, text, reason] =
      code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request not received in time']
        : code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'request headers too large']
          : [400, 'Bad Request', 'malformed HTTP request'];
    log('info', 'refused HTTP request', { status, reason, code });
    const body = jsonError(reason);
    socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });

  server.listen(options.port, options.hostname, () => options.onListen?.(server.address() as AddressInfo));
  return server;
}

/**
 * The body's own deadline, and the fate of whatever the app leaves unread: drained (bounded)
 * when that keeps the connection, else announced with `Connection: close`.
 */
function guardBody(incoming: IncomingMessage, outgoing: ServerResponse, limits: ServeNodeLimits, log: ServeLog): void {
  if (incoming.complete || (incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] === undefined)) return;
  const declared = Number(incoming.headers['content-length'] ?? NaN);
  if (declared > limits.maxDrainBytes) outgoing.setHeader('Connection', 'close');

  const timer = setTimeout(() => {
    if (incoming.complete) return;
    log('info', 'request body not received in time', { path: incoming.url, bodyMs: limits.bodyMs });
    if (outgoing.headersSent) {
      incoming.socket.destroy();
      return;
    }
    const body = jsonError('request body not received in time');
    outgoing.writeHead(408, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
    outgoing.end(body);
  }, limits.bodyMs);
  timer.unref();
  const stop = () => clearTimeout(timer);
  incoming.once('end', stop);
  incoming.once('close', stop);

  outgoing.once('finish', () => {
    if (incoming.complete) return;
    // Answered before the body was read (or fully read): throw the rest away, as Node's own
    // dump does, but with a bound; the body timer still bounds the time.
    let drained = 0;
    incoming.removeAllListeners('data');
    incoming.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > limits.maxDrainBytes) incoming.socket.destroy();
    });
    incoming.resume();
  });
}

function lingerClose(socket: Socket, lingerMs: number): void {
  if (socket.destroyed) return;
  socket.end();
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
