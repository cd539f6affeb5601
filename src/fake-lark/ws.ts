// The long-connection (WebSocket) endpoint the SDK's WSClient uses instead of an event URL
// (lark-protocol.md §9.5): the endpoint that hands out a ticketed URL, the upgrade, pings, and
// pushing an event to one connected client and reading its ack.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isRecord } from './json.js';
import type { Reply } from './replies.js';
import type { ParsedRequest } from './router.js';
import type { FakeState } from './state.js';
import type { FakeLarkWs, FakeWsAck } from './types.js';
import { WsConnection, decodeFrame, encodeFrame, websocketAccept, type PbFrame } from './ws-codec.js';

interface WsClientState {
  id: number;
  conn: WsConnection;
  serviceId: number;
  /**
   * Set by the client's first ping. The SDK pings from its 'open' handler and attaches its
   * 'message' listener just after, so a frame pushed before that ping could be lost.
   */
  ready: boolean;
}

export interface LongConnection {
  /** POST /callback/ws/endpoint */
  endpoint(req: ParsedRequest): Reply;
  /** The HTTP server's 'upgrade' listener. */
  onUpgrade(request: IncomingMessage, socket: Duplex): void;
  readonly ws: FakeLarkWs;
  /** Drops every client and forgets pending acks. */
  close(): void;
}

const headerValue = (frame: PbFrame, key: string): string | undefined => frame.headers.find((h) => h.key === key)?.value;

/** `baseUrl` is read when a client asks for the endpoint: the server's address is known by then. */
export function createLongConnection(s: FakeState, baseUrl: () => string): LongConnection {
  const wsClients = new Map<number, WsClientState>();
  const wsTickets = new Set<string>();
  const wsWaiters: Array<() => void> = [];
  const wsPending = new Map<string, { resolve: (ack: FakeWsAck) => void; timer: NodeJS.Timeout }>();
  let wsSeq = 0;
  const clientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

  const endpoint = (req: ParsedRequest): Reply => {
    const body = isRecord(req.body) ? req.body : {};
    // The SDK destructures `data` even on failure, so failures carry `data: {}` (§8: 514 auth failed).
    if (body['AppID'] !== s.app.appId || body['AppSecret'] !== s.app.appSecret) {
      return { status: 200, body: { code: 514, msg: 'auth failed', data: {} } };
    }
    const ticket = randomBytes(16).toString('hex');
    wsTickets.add(ticket);
    const serviceId = 100 + (wsSeq % 100);
    const url = `${baseUrl().replace(/^http/, 'ws')}/ws/v2?fpid=1&aid=1&device_id=${randomBytes(8).toString('hex')}&access_key=${ticket}&service_id=${serviceId}&ticket=${ticket}`;
    return { status: 200, body: { code: 0, msg: 'ok', data: { URL: url, ClientConfig: clientConfig } } };
  };

  const onWsFrame = (client: WsClientState, data: Buffer): void => {
    let frame: PbFrame;
    try {
      frame = decodeFrame(data);
    } catch {
      return; // garbage from a client is ignored, as a gateway would
    }
    const type = headerValue(frame, 'type');
    if (frame.method === 0 && type === 'ping') {
      if (!client.ready) {
        client.ready = true;
        for (const wake of wsWaiters.splice(0)) wake();
      }
      client.conn.sendBinary(
        encodeFrame({
          SeqID: 0,
          LogID: 0,
          service: client.serviceId,
          method: 0,
          headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify(clientConfig)),
        }),
      );
      return;
    }
    if (frame.method === 1) {
      const messageId = headerValue(frame, 'message_id') ?? '';
      const pending = wsPending.get(messageId);
      if (!pending) return;
      wsPending.delete(messageId);
      clearTimeout(pending.timer);
      let code = 0;
      let result: unknown;
      try {
        const ackBody: unknown = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8'));
        if (isRecord(ackBody)) {
          code = typeof ackBody['code'] === 'number' ? ackBody['code'] : 0;
          if (typeof ackBody['data'] === 'string') result = JSON.parse(Buffer.from(ackBody['data'], 'base64').toString('utf8'));
        }
      } catch {
        code = -1;
      }
      pending.resolve({ code, result, headers: Object.fromEntries(frame.headers.map((h) => [h.key, h.value])) });
    }
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex): void => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const key = request.headers['sec-websocket-key'];
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/ws/v2' || typeof key !== 'string' || !wsTickets.has(ticket)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = websocketAccept(key);
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const id = ++wsSeq;
    const serviceId = Number(url.searchParams.get('service_id') ?? '0');
    const client: WsClientState = {
      id,
      serviceId,
      ready: false,
      conn: new WsConnection(
        socket,
        (data) => onWsFrame(client, data),
        () => wsClients.delete(id),
      ),
    };
    wsClients.set(id, client);
  };

  const readyClients = (): WsClientState[] => [...wsClients.values()].filter((c) => c.ready);

  const ws: FakeLarkWs = {
    get connections() {
      return readyClients().length;
    },
    waitForConnection(timeoutMs = 5000) {
      if (readyClients().length > 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no long connection within ${timeoutMs} ms`)), timeoutMs);
        wsWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    push(payload, pushOptions = {}) {
      // Cluster mode: one connected client gets the event (§9.5); the newest one here.
      const client = readyClients().at(-1);
      if (!client) return Promise.reject(new Error('no long-connection client is connected'));
      const messageId = randomBytes(16).toString('hex');
      const traceId = randomBytes(8).toString('hex');
      const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
      const sum = Math.max(1, Math.min(pushOptions.fragments ?? 1, bytes.length));
      const size = Math.ceil(bytes.length / sum);
      return new Promise<FakeWsAck>((resolve, reject) => {
        const timeoutMs = pushOptions.timeoutMs ?? 5000;
        const timer = setTimeout(() => {
          wsPending.delete(messageId);
          reject(new Error(`no ack for pushed event within ${timeoutMs} ms`));
        }, timeoutMs);
        wsPending.set(messageId, { resolve, timer });
        for (let i = 0; i < sum; i++) {
          wsSeq += 1;
          client.conn.sendBinary(
            encodeFrame({
              SeqID: wsSeq,
              LogID: wsSeq,
              service: client.serviceId,
              method: 1,
              headers: [
                { key: 'type', value: 'event' },
                { key: 'message_id', value: messageId },
                { key: 'sum', value: String(sum) },
                { key: 'seq', value: String(i) },
                { key: 'trace_id', value: traceId },
              ],
              payload: bytes.subarray(i * size, (i + 1) * size),
            }),
          );
        }
      });
    },
    disconnectAll() {
      for (const c of wsClients.values()) c.conn.terminate();
      wsClients.clear();
    },
  };

  return {
    endpoint,
    onUpgrade,
    ws,
    close() {
      ws.disconnectAll();
      for (const p of wsPending.values()) clearTimeout(p.timer);
      wsPending.clear();
    },
  };
}
