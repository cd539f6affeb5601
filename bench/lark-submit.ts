// Benchmark: signed, encrypted card submissions (card.action.trigger → POST /lark/events) against
// the whole bot served by @hono/node-server, next to a bare Hono `GET /hello` served the same way,
// plus a comparison of one report insert done as an atomic `batch` vs an interactive transaction.
//
// Usage: npm run bench:submit [-- duration=10 connections=50,200 pool=20000 tx=on txDuration=5]
//
// Two processes, so the load generator does not share the server's event loop (the machine has
// two cores): this file forks itself as the server (fake Lark, temp `file:` libSQL database in
// WAL mode, the seed plan, seven bound unit chats, round 1 open with its report cards sent) and
// then drives it with autocannon. Every submission is a distinct pre-built request (its own
// event_id, nonce, signature and narrative); every answered submission is checked in the database.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { InStatement } from '@libsql/client';
import { runTick } from '../src/app/run-tick.js';
import { parseConfig } from '../src/config.js';
import { createBot } from '../src/entry/bot.js';
import { openRuntime, type Runtime } from '../src/entry/runtime.js';
import { createApp } from '../src/http/app.js';
import { createSdkClient } from '../src/lark/gateway.js';
import { createFakeLark } from '../src/lark/fake-lark-server.js';

const planSlug = 'baoshan-2020-public-service-quality';
const unitCodes = ['longyang', 'shidian', 'tengchong', 'longling', 'changning', 'park-gongmao', 'park-bianhe'] as const;
const contactsPerUnit = 3;
const admin = { open_id: 'ou_benchadmin00000000000000000000', name: '吴云龙' };

/** One pre-built submission: what Lark would POST, and its event_id. */
interface PooledRequest {
  id: string;
  body: string;
  headers: Record<string, string>;
}

/** What the server process tells the load generator. */
type FromServer =
  | { type: 'ready'; ports: { app: number; hello: number; compare: number }; poolFile: string; assignments: number; setupMs: number; poolMs: number }
  | { type: 'verified'; result: Verification }
  | { type: 'reset'; deleted: number }
  | { type: 'stats'; reports: number; events: number; errorsLogged: number };

type ToServer = { type: 'verify'; ids: string[]; prefix: string } | { type: 'reset' } | { type: 'stats' } | { type: 'exit' };

interface Verification {
  /** Submissions the load generator saw answered with a success toast. */
  answered: number;
  /** …of those, stored exactly once / not stored / stored more than once. */
  storedOnce: number;
  missing: number;
  storedTwice: number;
  /** Report rows of this run's event ids (answered or still in flight when the run stopped). */
  rows: number;
  /** Rows whose event_id appears more than once (must be 0). */
  duplicateEventRows: number;
  /** inbound_events rows of this run, and how many are marked processed. */
  events: number;
  processed: number;
  /** (assignment, version) pairs used twice (must be 0; a unique index forbids it). */
  versionClashes: number;
}

const args = Object.fromEntries(process.argv.slice(2).filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]));

if (process.argv[2] === 'serve') await runServer();
else await runLoad();

// ---------------------------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------------------------

async function runServer(): Promise<void> {
  const t0 = performance.now();
  const poolSize = Number(args.pool ?? 20000);
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-submit-'));
  let now = Date.parse('2020-10-22T09:00:00+08:00');
  const clock = { now: () => new Date(now) };
  const people = unitCodes.flatMap((code) =>
    Array.from({ length: contactsPerUnit }, (_, i) => ({ open_id: `ou_bench_${code.replace('-', '_')}_${i}`.padEnd(35, '0'), name: `联络员${code}${i}` })),
  );
  const fake = await createFakeLark({
    verificationToken: 'bench-verification-token',
    encryptKey: 'bench-encrypt-key',
    users: [admin, ...people],
    now: () => now,
  });
  const config = parseConfig({
    DATABASE_URL: `file:${join(dir, 'duban.db')}`,
    LARK_APP_ID: fake.app.appId,
    LARK_APP_SECRET: fake.app.appSecret,
    LARK_DOMAIN: fake.url,
    LARK_VERIFICATION_TOKEN: fake.app.verificationToken,
    LARK_ENCRYPT_KEY: fake.app.encryptKey,
    DUBAN_ADMINS: admin.open_id,
    DUBAN_CRON: 'off',
  });
  const opened = await openRuntime(config);
  const rt: Runtime = { ...opened, clock };
  let errorsLogged = 0;
  const bot = await createBot(rt, createSdkClient({ appId: fake.app.appId, appSecret: fake.app.appSecret, domain: fake.url }), (level, msg, extra) => {
    if (level === 'info') return;
    if (errorsLogged++ < 5) console.error(`[server ${level}] ${msg} ${JSON.stringify(extra ?? {})}`);
  });
  const app = createApp({
    store: rt.store,
    clock,
    ping: async () => void (await rt.database.client.execute('SELECT 1')),
    mode: 'lark',
    version: 'bench',
    lark: bot.routes,
  });

  // One chat per unit (so a submission updates no other chat's card over the network).
  const chatOf = (code: string) => `oc_bench_${code.replace('-', '_')}`.padEnd(35, '0');
  for (const code of unitCodes) {
    await rt.loop.bindChat({
      unitCode: code,
      chatId: chatOf(code),
      contacts: people.filter((p) => p.open_id.startsWith(`ou_bench_${code.replace('-', '_')}_`)).map((p) => ({ openId: p.open_id, name: p.name })),
      by: admin.open_id,
      at: clock.now(),
    });
  }
  const tick = await runTick(rt.cards, clock.now(), 'bench');
  await bot.flush();
  if (!tick.opened.some((o) => o.round === 'round-1')) throw new Error('round-1 did not open');
  now = Date.parse('2020-11-02T10:00:00+08:00');

  const facts = (await rt.store.assignmentFacts(planSlug)).filter((f) => f.roundKey === 'round-1' && f.period === '');
  const targets: { code: string; chatId: string; messageId: string; task: string; operators: typeof people }[] = [];
  for (const code of unitCodes) {
    const chatId = chatOf(code);
    const card = fake.messagesIn(chatId).find((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('【报送】'));
    if (!card) throw new Error(`no report card was sent to ${code}`);
    const ref = await rt.loop.cardByMessage(card.message_id);
    if (ref?.roundKey !== 'round-1' || ref.unitCode !== code) throw new Error(`the card in ${code}'s chat is not its round-1 card`);
    const operators = people.filter((p) => p.open_id.startsWith(`ou_bench_${code.replace('-', '_')}_`));
    for (const f of facts.filter((x) => x.unitCode === code)) targets.push({ code, chatId, messageId: card.message_id, task: f.taskNumber, operators });
  }
  if (targets.length === 0) throw new Error('no round-1 assignments');
  const setupMs = performance.now() - t0;

  // The pool: distinct event_id, nonce, signature and narrative for every request.
  const t1 = performance.now();
  const pool: PooledRequest[] = [];
  for (let i = 0; i < poolSize; i++) {
    const t = targets[i % targets.length]!;
    const operator = t.operators[Math.floor(i / targets.length) % t.operators.length]!;
    const id = `bench-${String(i).padStart(6, '0')}`;
    const payload = fake.inbound.cardAction({
      operator,
      openMessageId: t.messageId,
      openChatId: t.chatId,
      eventId: id,
      value: { a: 'report.submit', plan: planSlug, round: 'round-1', period: '', unit: t.code, v: 1 },
      formValue: {
        task: t.task,
        progress: 'in_progress',
        percent: String(i % 101),
        narrative: `第${i}次报送：已推行分时段预约诊疗，二级以上医院预约率达65%，基层医疗机构预约服务覆盖面持续扩大。`,
        problems: '',
        next_steps: '',
      },
      name: 'submit',
    });
    const req = fake.request(payload);
    pool.push({ id, body: req.body, headers: req.headers });
  }
  const poolFile = join(dir, 'pool.json');
  writeFileSync(poolFile, JSON.stringify(pool));
  const poolMs = performance.now() - t1;

  // The bare baseline.
  const hello = new Hono();
  hello.get('/hello', (c) => c.text('Hello Hono!'));

  // Comparison only, not product code: the INSERT of saveReport (version computed in the
  // statement) and the read-back, as one atomic batch vs an interactive transaction.
  const { client } = rt.database;
  const assignmentId = facts[0]!.id;
  let seq = 0;
  const insertStatements = (eventId: string): InStatement[] => [
    {
      sql: `INSERT INTO reports (assignment_id, version, progress, percent, narrative, problems, next_steps, indicator_values,
              submitted_by, submitted_by_name, submitted_at, source, source_event_id, content_hash)
            SELECT ?, coalesce(max(version), 0) + 1, 'in_progress', 60, ?, '', '', '{}', ?, ?, ?, 'card', ?, ? FROM reports WHERE assignment_id = ?`,
      args: [assignmentId, `对比写入 ${eventId}`, admin.open_id, admin.name, now, eventId, eventId, assignmentId],
    },
    { sql: `SELECT * FROM reports WHERE id = last_insert_rowid()`, args: [] },
  ];
  const compare = new Hono();
  compare.post('/insert/batch', async (c) => {
    const [, row] = await client.batch(insertStatements(`cmp-batch-${++seq}`), 'write');
    return c.json({ ok: true, version: Number(row!.rows[0]!.version) });
  });
  compare.post('/insert/tx', async (c) => {
    const [insert, select] = insertStatements(`cmp-tx-${++seq}`);
    const tx = await client.transaction('write');
    try {
      await tx.execute(insert!);
      const row = await tx.execute(select!);
      await tx.commit();
      return c.json({ ok: true, version: Number(row.rows[0]!.version) });
    } finally {
      tx.close();
    }
  });
  compare.onError((err, c) => c.json({ ok: false, error: err.message.slice(0, 200) }, 500));

  const listen = (fetch: Hono['fetch']) =>
    new Promise<number>((resolve) => {
      const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
      void server;
    });
  const ports = { app: await listen(app.fetch), hello: await listen(hello.fetch), compare: await listen(compare.fetch) };

  const send = (m: FromServer) => process.send!(m);
  const count = async (sql: string, a: (string | number)[] = []) => Number((await client.execute({ sql, args: a })).rows[0]!.n ?? 0);

  process.on('message', (m: ToServer) => {
    void (async () => {
      if (m.type === 'verify') {
        const ids = JSON.stringify(m.ids);
        const r = await client.execute({
          sql: `SELECT count(*) AS answered, coalesce(sum(n = 1), 0) AS once, coalesce(sum(n = 0), 0) AS missing, coalesce(sum(n > 1), 0) AS twice
                FROM (SELECT (SELECT count(*) FROM reports r WHERE r.source_event_id = j.value) AS n FROM json_each(?) j)`,
          args: [ids],
        });
        const row = r.rows[0]!;
        const like = `${m.prefix}%`;
        send({
          type: 'verified',
          result: {
            answered: Number(row.answered),
            storedOnce: Number(row.once),
            missing: Number(row.missing),
            storedTwice: Number(row.twice),
            rows: await count(`SELECT count(*) AS n FROM reports WHERE source_event_id LIKE ?`, [like]),
            duplicateEventRows: await count(
              `SELECT coalesce(sum(c - 1), 0) AS n FROM (SELECT count(*) AS c FROM reports WHERE source_event_id LIKE ? GROUP BY source_event_id)`,
              [like],
            ),
            events: await count(`SELECT count(*) AS n FROM inbound_events WHERE event_id LIKE ?`, [like]),
            processed: await count(`SELECT count(*) AS n FROM inbound_events WHERE event_id LIKE ? AND status = 'processed'`, [like]),
            versionClashes: await count(
              `SELECT coalesce(sum(c - 1), 0) AS n FROM (SELECT count(*) AS c FROM reports GROUP BY assignment_id, version)`,
            ),
          },
        });
      } else if (m.type === 'reset') {
        // Each run starts from the same database: the reports of the previous run are removed.
        const r = await client.execute(`DELETE FROM reports WHERE source_event_id LIKE 'bench-%' OR source_event_id LIKE 'cmp-%'`);
        await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        send({ type: 'reset', deleted: r.rowsAffected });
      } else if (m.type === 'stats') {
        send({
          type: 'stats',
          reports: await count(`SELECT count(*) AS n FROM reports`),
          events: await count(`SELECT count(*) AS n FROM inbound_events`),
          errorsLogged,
        });
      } else if (m.type === 'exit') {
        rt.close();
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }
    })().catch((e: unknown) => {
      console.error(`[server] ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    });
  });
  send({ type: 'ready', ports, poolFile, assignments: targets.length, setupMs, poolMs });
}

// ---------------------------------------------------------------------------------------------
// The load generator
// ---------------------------------------------------------------------------------------------

interface Row {
  label: string;
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  note: string;
}

async function runLoad(): Promise<void> {
  const duration = Number(args.duration ?? 10);
  const connections = (args.connections ?? '50,200').split(',').map(Number);
  const txOn = (args.tx ?? 'on') !== 'off';
  const txDuration = Number(args.txDuration ?? 5);

  const child = fork(fileURLToPath(import.meta.url), ['serve', ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = nextMessage(child);
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('server did not start');
  const pool = JSON.parse(readFileSync(ready.poolFile, 'utf8')) as PooledRequest[];
  console.log(
    `server ready in ${(ready.setupMs / 1000).toFixed(1)} s (${ready.assignments} round-1 assignments across ${unitCodes.length} bound unit chats); ` +
      `${pool.length} signed requests built in ${(ready.poolMs / 1000).toFixed(1)} s`,
  );
  const ask = async <T extends FromServer['type']>(m: ToServer, type: T): Promise<Extract<FromServer, { type: T }>> => {
    child.send(m);
    const answer = await next();
    if (answer.type !== type) throw new Error(`expected ${type}, got ${answer.type}`);
    return answer as Extract<FromServer, { type: T }>;
  };

  const rows: Row[] = [];
  const toRow = (label: string, r: autocannon.Result, note = ''): Row => ({
    label,
    connections: r.connections,
    durationS: r.duration,
    requests: r.requests.total,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    note,
  });
  const base = (port: number, c: number, d: number, path = '/'): autocannon.Options => ({
    url: `http://127.0.0.1:${port}${path}`,
    connections: c,
    duration: d,
    timeout: 10,
  });

  // Warm-up (JIT, sockets), not reported.
  await autocannon({ ...base(ready.ports.hello, 50, 1, '/hello') });

  for (const c of connections) {
    const r = await autocannon({ ...base(ready.ports.hello, c, duration, '/hello') });
    rows.push(toRow('GET /hello (bare Hono)', r));
  }

  let cursor = 0;
  let exhausted = 0;
  const checks: { connections: number; v: Verification; outcomes: Record<string, number>; firstRps: number; lastRps: number }[] = [];
  for (const c of connections) {
    await ask({ type: 'reset' }, 'reset');
    const startCursor = cursor;
    const answered: string[] = [];
    const outcomes: Record<string, number> = {};
    const perSecond: number[] = [];
    const t0 = Date.now();
    const r = await autocannon({
      ...base(ready.ports.app, c, duration),
      requests: [
        {
          method: 'POST',
          path: '/lark/events',
          setupRequest: (req, context) => {
            if (cursor >= pool.length) exhausted++;
            const p = pool[cursor++ % pool.length]!;
            (context as { id?: string }).id = p.id;
            return { ...req, body: p.body, headers: { ...req.headers, ...p.headers } };
          },
          onResponse: (status, body, context) => {
            const second = Math.floor((Date.now() - t0) / 1000);
            perSecond[second] = (perSecond[second] ?? 0) + 1;
            let kind = `HTTP ${status}`;
            if (status === 200) {
              const toast = (JSON.parse(body) as { toast?: { type?: string; content?: string } }).toast;
              kind = !toast ? '200 without toast' : toast.content?.includes('已提交过相同内容') ? '200 duplicate toast' : `200 ${toast.type} toast`;
              if (kind === '200 success toast' && !(context as { id?: string }).id) kind = '200 success toast (unknown event)';
              if (kind === '200 success toast') answered.push((context as { id: string }).id);
            }
            outcomes[kind] = (outcomes[kind] ?? 0) + 1;
          },
        },
      ],
    });
    // Let the last answered requests finish on the server before counting.
    await sleep(500);
    const v = (await ask({ type: 'verify', ids: answered, prefix: 'bench-' }, 'verified')).result;
    const full = perSecond.slice(0, Math.floor(r.duration));
    const firstRps = avg(full.slice(0, 2));
    const lastRps = avg(full.slice(-2));
    checks.push({ connections: c, v, outcomes, firstRps, lastRps });
    rows.push(
      toRow('POST /lark/events card submit', r, `${v.storedOnce}/${v.answered} stored; ${fmt(firstRps)}→${fmt(lastRps)} req/s first→last 2 s`),
    );
    void startCursor;
  }

  for (const c of connections) {
    const r = await autocannon({ ...base(ready.ports.compare, c, duration, '/insert/batch'), method: 'POST' });
    rows.push(toRow('insert via client.batch (comparison)', r));
  }
  const reportsBeforeTx = (await ask({ type: 'stats' }, 'stats')).reports;
  if (txOn) {
    for (const c of connections) {
      const t = Date.now();
      const r = await autocannon({ ...base(ready.ports.compare, c, txDuration, '/insert/tx'), method: 'POST' });
      // The server may still be working off requests the load generator gave up on.
      const stats = await ask({ type: 'stats' }, 'stats');
      rows.push(toRow('insert via interactive tx (comparison)', r, `server free again after ${((Date.now() - t) / 1000).toFixed(1)} s`));
      void stats;
    }
  }
  const finalStats = await ask({ type: 'stats' }, 'stats');
  child.send({ type: 'exit' } satisfies ToServer);

  // Report.
  console.log(`\n${new Date().toISOString()}  node ${process.version}  ${duration} s per run (tx runs ${txDuration} s)\n`);
  const header = ['route', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'non-2xx', 'note'];
  const table = rows.map((r) => [
    r.label,
    String(r.connections),
    fmt(r.rps),
    String(r.p50),
    String(r.p99),
    String(r.max),
    String(r.requests),
    `${r.errors}${r.timeouts ? ` (${r.timeouts} timeouts)` : ''}`,
    String(r.non2xx),
    r.note,
  ]);
  printTable(header, table);

  console.log('\nratio submissions / hello:');
  for (const c of connections) {
    const s = rows.find((r) => r.label.startsWith('POST') && r.connections === c)!;
    const h = rows.find((r) => r.label.startsWith('GET') && r.connections === c)!;
    console.log(`  ${c} connections: ${fmt(s.rps)} / ${fmt(h.rps)} = ${(s.rps / h.rps).toFixed(4)} (1 : ${fmt(h.rps / s.rps)})`);
  }

  console.log('\nsubmissions checked in the database:');
  for (const { connections: c, v, outcomes } of checks) {
    console.log(
      `  ${c} connections: answers ${JSON.stringify(outcomes)}; success toasts ${v.answered}, stored once ${v.storedOnce}, ` +
        `missing ${v.missing}, stored twice ${v.storedTwice}; report rows of the run ${v.rows} ` +
        `(${v.rows - v.answered} in flight when the run stopped), duplicate event rows ${v.duplicateEventRows}, ` +
        `version clashes ${v.versionClashes}; inbound_events ${v.events} (${v.processed} processed)`,
    );
  }
  if (exhausted > 0) console.log(`  WARNING: the pool ran out, ${exhausted} requests reused an event_id (raise pool=)`);
  console.log(`  server log lines at warn/error: ${finalStats.errorsLogged}; reports before the tx runs: ${reportsBeforeTx}`);
  const bad = checks.some(({ v }) => v.missing > 0 || v.storedTwice > 0 || v.duplicateEventRows > 0 || v.versionClashes > 0);
  if (bad) {
    console.log('  PROBLEM: an answered submission is missing or stored twice (see above)');
    process.exitCode = 1;
  }
}

function nextMessage(child: ChildProcess): () => Promise<FromServer> {
  const queue: FromServer[] = [];
  const waiting: ((m: FromServer) => void)[] = [];
  child.on('message', (m: FromServer) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  child.on('exit', (code) => {
    if (code !== 0) {
      console.error(`server process exited with ${code}`);
      process.exit(1);
    }
  });
  return () => {
    const m = queue.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => waiting.push(resolve));
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function avg(values: (number | undefined)[]): number {
  const xs = values.map((v) => v ?? 0);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
