// The HTTP front door under hostile traffic, through real sockets: serveNode around the real
// app, with a stub `receive` as the only driver behind the Lark routes.
import { request as httpRequest, Agent, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { serveNode, type ServeNodeLimits } from '../../src/http/serve-node.js';
import { maxEventBytes } from '../../src/http/lark-routes.js';
import { LARK_RETRY_INTERVALS_MS, LARK_SIGNATURE_WINDOW_MS, larkSignature } from '../../src/lark/crypto.js';
import { buildMessageReceiveEvent, buildUrlVerification, toLarkRequest } from '../../src/fake-lark/index.js';

const KEY = 'front-door-key';
const TOKEN = 'front-door-token';
const NOW = Date.parse('2020-10-22T09:00:00+08:00');
const ctx = { verificationToken: TOKEN, now: () => NOW };

interface Logged {
  level: string;
  msg: string;
  extra?: Record<string, unknown> | undefined;
}

let server: Server | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  agent?.destroy();
  vi.restoreAllMocks();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The app with a stub receive; `handled` resolves each time the app has finished a request. */
function buildApp(logs: Logged[], onHandled: () => void = () => undefined) {
  const app = createApp({
    plans: { listPlans: async () => [] },
    clock: { now: () => new Date(NOW) },
    ping: async () => undefined,
    mode: 'lark',
    version: 'test',
    log: (level, msg, extra) => void logs.push({ level, msg, extra }),
    lark: {
      security: { encryptKey: KEY, verificationToken: TOKEN },
      receive: async () => ({ response: {} }),
      log: (level, msg, extra) => void logs.push({ level, msg, extra }),
    },
  });
  return async (req: Request, env: unknown) => {
    try {
      return await app.fetch(req, env);
    } finally {
      onHandled();
    }
  };
}

async function start(logs: Logged[], limits: Partial<ServeNodeLimits> = {}, onHandled?: () => void): Promise<number> {
  const fetch = buildApp(logs, onHandled);
  return new Promise((resolve) => {
    server = serveNode(fetch, { port: 0, hostname: '127.0.0.1', limits, log: (level, msg, extra) => void logs.push({ level, msg, extra }), onListen: (info) => resolve(info.port) });
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
  socket: Socket;
}

/** One request through `agent`; the body is written whole (the server may answer before it is read). */
function send(port: number, init: { path?: string; headers: Record<string, string>; body: string | Buffer; chunked?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
    const headers = init.chunked ? init.headers : { ...init.headers, 'content-length': String(body.length) };
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: init.path ?? '/lark/events', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()), socket: req.socket! }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const signedEvent = (text = '进度') => toLarkRequest(buildMessageReceiveEvent({ chatId: 'oc_g', sender: 'ou_zhang', text }, ctx), { encryptKey: KEY, now: () => NOW });
const urlVerification = () => toLarkRequest(buildUrlVerification({ challenge: 'c-1' }, ctx), { encryptKey: KEY });
const big = (bytes: number) => JSON.stringify({ encrypt: 'A'.repeat(bytes) });
const errorLines = (logs: Logged[]) => logs.filter((l) => l.level === 'error');

describe('a rejection leaves the keep-alive connection usable', () => {
  it('413, url_verification, 415 with a 300 KB body and a valid event are all answered on one socket', async () => {
    const logs: Logged[] = [];
    const port = await start(logs);
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const json = { 'content-type': 'application/json' };
    const answers = [
      await send(port, { headers: json, body: big(300_000) }),
      await send(port, urlVerification()),
      await send(port, { headers: { 'content-type': 'text/plain' }, body: big(300_000) }),
      await send(port, signedEvent()),
    ];
    expect(answers.map((a) => a.status)).toEqual([413, 200, 415, 200]);
    expect(answers[0]!.body).toEqual({ error: `body too large: at most ${maxEventBytes} bytes` });
    expect(answers[1]!.body).toEqual({ challenge: 'c-1' });
    expect(answers[2]!.body).toEqual({ error: 'expected Content-Type: application/json' });
    for (const a of answers) {
      expect(a.socket).toBe(answers[0]!.socket);
      expect(a.headers.connection).toBe('keep-alive');
    }
    // Every rejection is logged at warn with its reason, never the body.
    const warned = logs.filter((l) => l.level === 'warn');
    expect(warned.map((l) => l.extra?.status)).toEqual([413, 415]);
    expect(JSON.stringify(warned)).not.toContain('AAAA');
  });

  it('an early 401 (unsigned 240 KB body) keeps the socket too', async () => {
    const port = await start([]);
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(port, { headers: { 'content-type': 'application/json' }, body: big(240_000) });
    const next = await send(port, signedEvent());
    expect([refused.status, next.status]).toEqual([401, 200]);
    expect(next.socket).toBe(refused.socket);
  });

  it('a body declared bigger than the drain bound is answered with Connection: close, and the next request gets a new socket', async () => {
    const port = await start([], { maxDrainBytes: 400_000 });
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(port, { headers: { 'content-type': 'text/plain' }, body: big(600_000) });
    expect([refused.status, refused.headers.connection, refused.body]).toEqual([415, 'close', { error: 'expected Content-Type: application/json' }]);
    const next = await send(port, signedEvent());
    expect(next.status).toBe(200);
    expect(next.socket).not.toBe(refused.socket);
  });

  it('a chunked body that runs over the limit gets 413 with Connection: close, and the next request a new socket', async () => {
    const port = await start([]);
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(port, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: big(300_000), chunked: true });
    expect([refused.status, refused.headers.connection]).toEqual([413, 'close']);
    const next = await send(port, signedEvent());
    expect(next.status).toBe(200);
    expect(next.socket).not.toBe(refused.socket);
  });
});

describe('the signature is checked before anything is parsed or decrypted', () => {
  it('an unsigned 240 KB body whose encrypt is garbage is refused for its signature, not its encryption', async () => {
    const logs: Logged[] = [];
    const port = await start(logs);
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const garbage = JSON.stringify({ encrypt: '@'.repeat(240_000) });
    const unsigned = await send(port, { headers: { 'content-type': 'application/json' }, body: garbage });
    expect([unsigned.status, unsigned.body]).toEqual([401, { error: 'no signature headers: only url_verification may be unsigned' }]);
    const ts = String(Math.floor(NOW / 1000));
    const forged = await send(port, { headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n', 'x-lark-signature': '0'.repeat(64) }, body: garbage });
    expect([forged.status, forged.body]).toEqual([401, { error: 'signature mismatch: check LARK_ENCRYPT_KEY' }]);
    // Had it been decrypted, it would have said so: the same garbage, signed, is a decrypt failure.
    const signed = await send(port, { headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n', 'x-lark-signature': larkSignature(ts, 'n', KEY, garbage) }, body: garbage });
    expect(signed.body).toEqual({ error: 'cannot decrypt: check LARK_ENCRYPT_KEY' });
  });
});

describe('a stale signature timestamp is refused', () => {
  const app = () =>
    createApp({
      plans: { listPlans: async () => [] },
      clock: { now: () => new Date(NOW) },
      ping: async () => undefined,
      mode: 'lark',
      version: 'test',
      lark: { security: { encryptKey: KEY, verificationToken: TOKEN }, receive: async () => ({}), log: () => undefined },
    });
  const at = (ms: number) => String(Math.floor(ms / 1000));

  it('the window covers all of Lark’s retries', () => {
    expect(LARK_SIGNATURE_WINDOW_MS).toBeGreaterThan(LARK_RETRY_INTERVALS_MS.reduce((a, b) => a + b, 0));
  });

  it.each([
    ['0', '0', 401],
    ['nine hours old', at(NOW - 9 * 3600_000), 401],
    ['ten minutes ahead', at(NOW + 10 * 60_000), 401],
    ['not a time', 'yesterday', 401],
    // Lark's 1 h retry may carry the first attempt's timestamp: three hours old is still inside its 7.1 h schedule.
    ['three hours old', at(NOW - 3 * 3600_000), 200],
    ['now', at(NOW), 200],
  ])('%s (X-Lark-Request-Timestamp %s) → %i', async (_name, timestamp, status) => {
    const req = toLarkRequest(buildMessageReceiveEvent({ chatId: 'oc_g', sender: 'ou_zhang', text: 'x' }, ctx), { encryptKey: KEY, timestamp });
    const res = await app().request('/lark/events', req);
    expect(res.status).toBe(status);
    if (status === 401) expect(((await res.json()) as { error: string }).error).toMatch(/X-Lark-Request-Timestamp/);
  });
});

describe('slow and aborted clients', () => {
  /** A raw connection: what the server sent, once it has closed the connection. */
  function rawExchange(port: number, written: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(written));
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    });
  }

  it('a body that stops coming is answered 408 and its connection closed after the body timeout', async () => {
    const port = await start([], { bodyMs: 150 });
    const answer = await rawExchange(port, 'POST /lark/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"encrypt":"');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('{"error":"request body not received in time"}');
  });

  it('headers that stop coming are answered 408 and the connection closed after the headers timeout', async () => {
    const port = await start([], { headersMs: 150 });
    const answer = await rawExchange(port, 'POST /lark/events HTTP/1.1\r\nHost: x\r\nContent-Type: appl');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('{"error":"request not received in time"}');
  });

  it('a client that hangs up mid-body leaves no error in the log', async () => {
    const logs: Logged[] = [];
    const consoleError = vi.spyOn(console, 'error');
    let handled!: () => void;
    const done = new Promise<void>((resolve) => (handled = resolve));
    const port = await start(logs, {}, () => handled());
    const socket = connect(port, '127.0.0.1', () => {
      // Signature headers (fresh timestamp) so that the app goes on to read the body.
      const signature = `X-Lark-Request-Timestamp: ${Math.floor(NOW / 1000)}\r\nX-Lark-Request-Nonce: n\r\nX-Lark-Signature: ${'0'.repeat(64)}\r\n`;
      socket.write(`POST /lark/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${signature}Content-Length: 100000\r\n\r\n{"encrypt":"AAAA`);
    });
    socket.on('error', () => undefined);
    // Hang up once the app is reading the body.
    server!.once('request', () => setImmediate(() => socket.destroy()));
    await done;
    expect(errorLines(logs)).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });
});
