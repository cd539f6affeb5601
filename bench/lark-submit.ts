// Benchmark: signed, encrypted card submissions (card.action.trigger → POST /lark/events) against
// the whole bot served by @hono/node-server, next to a bare Hono `POST /echo` of the same bodies served the same way,
// plus a comparison of one report insert done as an atomic `batch` vs an interactive transaction.
//
// Usage: npm run bench:submit [-- duration=10 connections=50,200 units=1000 history=2000 compareDuration=5 stallConnections=2 pool=20000 only=hello,submit,compare]
//
// Two processes, so the load generator does not share the server's event loop (the machine has
// two cores): this file forks itself as the server (fake Lark, temp `file:` libSQL database in
// WAL mode, the seed plan, seven bound unit chats, round 1 open with its report cards sent) and
// then drives it with autocannon. Every submission is a distinct pre-built request (its own
// event_id, nonce, signature and narrative); every answered submission is checked in the database.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { InStatement } from '@libsql/client';
import { loadPlan } from '../src/app/load-plan.js';
import type { Logger } from '../src/app/ports/index.js';
import { runTick } from '../src/app/run-tick.js';
import { parseConfig } from '../src/config.js';
import { createDubanApp } from '../src/entry/http.js';
import { readPlanFile, seedPlanFile } from '../src/storage/plan-files.js';
import { createFakeLark } from '../src/fake-lark/index.js';
import { openAgainstFake } from './open-against-fake.js';

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
  | { type: 'ready'; ports: { app: number; hello: number; compare: number }; poolFile: string; assignments: number; setupMs: number; poolMs: number; idleTickMs: number; statusMs: number; versions: number }
  | { type: 'verified'; result: Verification }
  | { type: 'reset'; deleted: number }
  | { type: 'stats'; reports: number; rowsLike: number; openSockets: number; compareErrors: { count: number; last: string }; loopMaxMs: number; errorsLogged: number };

type ToServer = { type: 'verify'; ids: string[]; from: string; to: string } | { type: 'reset' } | { type: 'stats'; prefix?: string } | { type: 'exit' };

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

const eventIdOf = (i: number) => `bench-${String(i).padStart(7, '0')}`;

const args = Object.fromEntries(process.argv.slice(2).filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]));

if (process.argv[2] === 'serve') await runServer();
else await runLoad();

// ---------------------------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------------------------

async function runServer(): Promise<void> {
  const t0 = performance.now();
  const poolSize = Number(args.pool ?? 20000);
  const extraUnits = Math.max(0, Number(args.units ?? 1000) - 7);
  const history = Number(args.history ?? 2000);
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
  let errorsLogged = 0;
  const report = (level: string) => (msg: string, extra?: Record<string, unknown>) => {
    if (errorsLogged++ < 5) console.error(`[server ${level}] ${msg} ${JSON.stringify(extra ?? {})}`);
  };
  const log: Logger = { debug: () => undefined, info: () => undefined, warn: report('warn'), error: report('error') };
  const opened = await openAgainstFake(fake, config, clock, log);
  const { duban, storage } = opened;
  // The seed plan with its directory grown to `units` counties: 各县(市、区) then means all of them.
  const seed = readPlanFile(seedPlanFile);
  const extra = Array.from({ length: extraUnits }, (_, i) => ({ code: `x${i}`, name: `基准县${i}`, kind: 'county' as const, aliases: [], toConfirm: false, contacts: [], chats: [] }));
  const loaded = await loadPlan(storage, { spec: seed.spec, directory: { units: [...(seed.directory?.units ?? []), ...extra] } }, clock, opened.calendar);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const app = createDubanApp(opened, { webhook: true, version: 'bench' });

  // One chat per unit (so a submission updates no other chat's card over the network).
  const chatOf = (code: string) => `oc_bench_${code.replace('-', '_')}`.padEnd(35, '0');
  for (const code of unitCodes) {
    await storage.directory.bindChat({
      unitCode: code,
      chatId: chatOf(code),
      contacts: people.filter((p) => p.open_id.startsWith(`ou_bench_${code.replace('-', '_')}_`)).map((p) => ({ openId: p.open_id, name: p.name })),
      by: admin.open_id,
      at: clock.now(),
    });
  }
  const tick = await runTick(duban.deps, clock.now(), 'bench');
  await duban.flush();
  if (!tick.opened.some((o) => o.round === 'round-1')) throw new Error('round-1 did not open');
  now = Date.parse('2020-11-02T10:00:00+08:00');

  const facts = (await storage.assignments.facts(planSlug)).filter((f) => f.roundKey === 'round-1' && f.period === '');
  const targets: { code: string; chatId: string; messageId: string; task: string; operators: typeof people }[] = [];
  for (const code of unitCodes) {
    const chatId = chatOf(code);
    const card = fake.messagesIn(chatId).find((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('【报送】'));
    if (!card) throw new Error(`no report card was sent to ${code}`);
    const ref = await storage.cards.byMessage(card.message_id);
    if (ref?.roundKey !== 'round-1' || ref.unitCode !== code) throw new Error(`the card in ${code}'s chat is not its round-1 card`);
    const operators = people.filter((p) => p.open_id.startsWith(`ou_bench_${code.replace('-', '_')}_`));
    for (const f of facts.filter((x) => x.unitCode === code)) targets.push({ code, chatId, messageId: card.message_id, task: f.taskNumber, operators });
  }
  if (targets.length === 0) throw new Error('no round-1 assignments');

  // History: every clicked assignment already holds `history` versions.
  const { client } = storage.database;
  const historyRows = targets.flatMap((t) => {
    const id = facts.find((f) => f.unitCode === t.code && f.taskNumber === t.task)!.id;
    return Array.from({ length: history }, (_, v) => [id, v + 1, v % 101, `历史第${v + 1}版`, now - (history - v) * 1000, `hist-${id}-${v + 1}`]);
  });
  for (let i = 0; i < historyRows.length; i += 20_000) {
    const part = historyRows.slice(i, i + 20_000);
    const stmts: InStatement[] = [];
    for (let j = 0; j < part.length; j += 400) {
      const rows = part.slice(j, j + 400);
      stmts.push({
        sql: `INSERT INTO reports (assignment_id, version, progress, percent, narrative, indicator_values, submitted_by, submitted_at, source, content_hash)
              VALUES ${rows.map(() => `(?, ?, 'in_progress', ?, ?, '{}', 'ou_bench_history', ?, 'card', ?)`).join(', ')}`,
        args: rows.flat(),
      });
    }
    await client.batch(stmts, 'write');
  }
  const setupMs = performance.now() - t0;

  // Independent of history: an idle tick (the first one at T does what is due, the next ones
  // find nothing) and a status answer, each the median of five, at this many stored versions.
  const median = async (f: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await f();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  await duban.tick(clock.now());
  const idleTickMs = await median(() => duban.tick(clock.now()));
  const statusMs = await median(() => duban.status(planSlug, clock.now()));
  const versions = Number((await client.execute('SELECT count(*) AS n FROM reports')).rows[0]!.n);

  // The pool: distinct event_id, nonce, signature and narrative for every request.
  const t1 = performance.now();
  const pool: PooledRequest[] = [];
  for (let i = 0; i < poolSize; i++) {
    const t = targets[i % targets.length]!;
    const operator = t.operators[Math.floor(i / targets.length) % t.operators.length]!;
    const id = eventIdOf(i);
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

  // The bare baseline: the same encrypted bodies, read and echoed by a bare Hono route.
  const hello = new Hono();
  hello.post('/echo', async (c) => c.text(await c.req.text()));

  // Comparison only, not product code: the INSERT of saveReport (version computed in the
  // statement) and its read-back, done three ways on the product's own client (same file, same
  // 5 s busy timeout): one atomic batch, as the product does; an interactive transaction with the
  // statements back to back; and an interactive transaction that awaits one event-loop turn
  // inside it — `setImmediate` standing for any real async step (a fetch, a remote hop).
  const assignmentId = facts[0]!.id;
  let seq = 0;
  const insertStatements = (eventId: string): [InStatement, InStatement] => [
    {
      sql: `INSERT INTO reports (assignment_id, version, progress, percent, narrative, problems, next_steps, indicator_values,
              submitted_by, submitted_by_name, submitted_at, source, source_event_id, content_hash)
            SELECT ?, coalesce(max(version), 0) + 1, 'in_progress', 60, ?, '', '', '{}', ?, ?, ?, 'card', ?, ? FROM reports WHERE assignment_id = ?`,
      args: [assignmentId, `对比写入 ${eventId}`, admin.open_id, admin.name, now, eventId, eventId, assignmentId],
    },
    { sql: `SELECT * FROM reports WHERE id = last_insert_rowid()`, args: [] },
  ];
  const compare = new Hono();
  compare.post('/insert/batch/:tag', async (c) => {
    const [, row] = await client.batch(insertStatements(`cmp-${c.req.param('tag')}-${++seq}`), 'write');
    return c.json({ ok: true, version: Number(row!.rows[0]!.version) });
  });
  compare.post('/insert/tx/:tag', async (c) => {
    const [insert, select] = insertStatements(`cmp-${c.req.param('tag')}-${++seq}`);
    const tx = await client.transaction('write');
    try {
      if (c.req.query('yield') !== undefined) await new Promise((resolve) => setImmediate(resolve));
      await tx.execute(insert);
      const row = await tx.execute(select);
      await tx.commit();
      return c.json({ ok: true, version: Number(row.rows[0]!.version) });
    } finally {
      tx.close();
    }
  });
  const compareErrors = { count: 0, last: '' };
  compare.onError((err, c) => {
    compareErrors.count++;
    compareErrors.last = err.message.slice(0, 120);
    return c.json({ ok: false, error: compareErrors.last }, 500);
  });

  // Open sockets of the three servers, so that a run starts only once the previous one's are gone.
  const sockets = new Set<Socket>();
  const listen = (fetch: Hono['fetch']) =>
    new Promise<number>((resolve) => {
      const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
    });
  const ports = { app: await listen(app.fetch), hello: await listen(hello.fetch), compare: await listen(compare.fetch) };

  // How long the event loop was stuck at most (libSQL calls run on it).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const send = (m: FromServer) => process.send!(m);
  const count = async (sql: string, a: (string | number)[] = []) => Number((await client.execute({ sql, args: a })).rows[0]!.n ?? 0);

  process.on('message', (m: ToServer) => {
    void (async () => {
      if (m.type === 'verify') {
        // This run's event ids are the pool entries from..to (exclusive); ids sort as numbers.
        const range = [m.from, m.to];
        const r = await client.execute({
          sql: `SELECT count(*) AS answered, coalesce(sum(n = 1), 0) AS once, coalesce(sum(n = 0), 0) AS missing, coalesce(sum(n > 1), 0) AS twice
                FROM (SELECT (SELECT count(*) FROM reports r WHERE r.source_event_id = j.value) AS n FROM json_each(?) j)`,
          args: [JSON.stringify(m.ids)],
        });
        const row = r.rows[0]!;
        send({
          type: 'verified',
          result: {
            answered: Number(row.answered),
            storedOnce: Number(row.once),
            missing: Number(row.missing),
            storedTwice: Number(row.twice),
            rows: await count(`SELECT count(*) AS n FROM reports WHERE source_event_id >= ? AND source_event_id < ?`, range),
            duplicateEventRows: await count(
              `SELECT coalesce(sum(c - 1), 0) AS n FROM (SELECT count(*) AS c FROM reports WHERE source_event_id >= ? AND source_event_id < ? GROUP BY source_event_id)`,
              range,
            ),
            events: await count(`SELECT count(*) AS n FROM inbound_events WHERE event_id >= ? AND event_id < ?`, range),
            processed: await count(`SELECT count(*) AS n FROM inbound_events WHERE event_id >= ? AND event_id < ? AND status = 'processed'`, range),
            versionClashes: await count(`SELECT coalesce(sum(c - 1), 0) AS n FROM (SELECT count(*) AS c FROM reports GROUP BY assignment_id, version)`),
          },
        });
      } else if (m.type === 'reset') {
        // Each submission run starts from the same database: the previous run's reports go.
        const r = await client.execute(`DELETE FROM reports WHERE source_event_id LIKE 'bench-%'`);
        await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        send({ type: 'reset', deleted: r.rowsAffected });
      } else if (m.type === 'stats') {
        const loopMaxMs = loop.max / 1e6;
        loop.reset();
        send({
          type: 'stats',
          reports: await count(`SELECT count(*) AS n FROM reports`),
          openSockets: sockets.size,
          compareErrors: { ...compareErrors },
          rowsLike: m.prefix ? await count(`SELECT count(*) AS n FROM reports WHERE source_event_id LIKE ?`, [`${m.prefix}%`]) : 0,
          loopMaxMs,
          errorsLogged,
        });
      } else if (m.type === 'exit') {
        opened.close();
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }
    })().catch((e: unknown) => {
      console.error(`[server] ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    });
  });
  send({ type: 'ready', ports, poolFile, assignments: targets.length, setupMs, poolMs, idleTickMs, statusMs, versions });
}


// ---------------------------------------------------------------------------------------------
// The load generator
// ---------------------------------------------------------------------------------------------

interface Row {
  label: string;
  connections: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  loopMaxMs: number;
  note: string;
}

interface SubmitCheck {
  connections: number;
  v: Verification;
  outcomes: Record<string, number>;
}

async function runLoad(): Promise<void> {
  const duration = Number(args.duration ?? 10);
  const compareDuration = Number(args.compareDuration ?? 5);
  const connections = (args.connections ?? '50,200').split(',').map(Number);
  const only = new Set((args.only ?? 'hello,submit,compare').split(','));
  const stallConnections = Number(args.stallConnections ?? 2);
  const started = performance.now();

  const child = fork(fileURLToPath(import.meta.url), ['serve', ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = nextMessage(child);
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('the server process did not start');
  const pool = JSON.parse(readFileSync(ready.poolFile, 'utf8')) as PooledRequest[];
  console.log(
    `server ready in ${(ready.setupMs / 1000).toFixed(1)} s: ${ready.assignments} round-1 assignments in ${unitCodes.length} bound unit chats; ` +
      `${pool.length} distinct signed, encrypted submissions built in ${(ready.poolMs / 1000).toFixed(1)} s; ` +
      `at ${ready.versions} stored versions: idle tick ${ready.idleTickMs.toFixed(1)} ms, status ${ready.statusMs.toFixed(1)} ms (medians of five)`,
  );
  const ask = async <T extends FromServer['type']>(m: ToServer, type: T): Promise<Extract<FromServer, { type: T }>> => {
    child.send(m);
    const answer = await next();
    if (answer.type !== type) throw new Error(`expected ${type} from the server process, got ${answer.type}`);
    return answer as Extract<FromServer, { type: T }>;
  };
  const target = (port: number, path: string, c: number, seconds: number): autocannon.Options => ({
    url: `http://127.0.0.1:${port}${path}`,
    connections: c,
    duration: seconds,
    timeout: 10,
  });

  const rows: Row[] = [];
  /**
   * Waits until the server has no open sockets: connections a saturated Node server had not yet
   * accepted when a run ended sit in the listen queue, and would otherwise eat into the next run.
   */
  const settle = async () => {
    for (let i = 0; i < 120; i++) {
      if ((await ask({ type: 'stats' }, 'stats')).openSockets === 0) return;
      await sleep(250);
    }
    console.log('(the server still has open sockets after 30 s)');
  };
  /** Runs one load, then waits for the server to answer again and reads how long its event loop was stuck. */
  const measure = async (label: string, options: autocannon.Options, prefix?: string) => {
    await settle();
    const before = await ask({ type: 'stats' }, 'stats'); // also resets the event-loop maximum
    process.stdout.write(`${label}, ${options.connections} connections … `);
    const r = await autocannon(options);
    const t = performance.now();
    const after = await ask({ type: 'stats' }, 'stats');
    const freeAfter = (performance.now() - t) / 1000;
    const row: Row = {
      label,
      connections: r.connections,
      seconds: r.duration,
      rps: r.requests.total / r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      ok: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      loopMaxMs: after.loopMaxMs,
      note: freeAfter > 0.5 ? `server busy ${freeAfter.toFixed(1)} s after the run` : '',
    };
    if (prefix) {
      await settle();
      const end = await ask({ type: 'stats', prefix }, 'stats');
      const failed = end.compareErrors.count - before.compareErrors.count;
      row.note = [`${end.rowsLike} rows stored`, failed ? `${failed} failed on the server (${end.compareErrors.last})` : '', row.note].filter(Boolean).join('; ');
    }
    rows.push(row);
    console.log(`${fmt(row.rps)} req/s`);
    return { r, row };
  };

  // The bare route gets the same encrypted bodies the bot gets, one after the other.
  let echoed = 0;
  const echo = (c: number, seconds: number): autocannon.Options => ({
    ...target(ready.ports.hello, '/echo', c, seconds),
    requests: [
      {
        method: 'POST',
        path: '/echo',
        setupRequest: (req) => {
          const p = pool[echoed++ % pool.length]!;
          return { ...req, body: p.body, headers: { ...req.headers, ...p.headers } };
        },
      },
    ],
  });
  // Warm-up (JIT, sockets), not reported.
  await autocannon(echo(50, 1));

  if (only.has('hello')) for (const c of connections) await measure('POST /echo (bare Hono)', echo(c, duration));

  let cursor = 0;
  let reused = 0;
  const checks: SubmitCheck[] = [];
  for (const c of only.has('submit') ? connections : []) {
    await ask({ type: 'reset' }, 'reset');
    const from = eventIdOf(cursor);
    const answered: string[] = [];
    const outcomes: Record<string, number> = {};
    // /healthz asked every 100 ms on its own connection during the burst: the slowest answer.
    let healthzMaxMs = 0;
    let probing = true;
    const probe = (async () => {
      await sleep(500);
      while (probing) {
        const t = performance.now();
        const res = await fetch(`http://127.0.0.1:${ready.ports.app}/healthz`).catch(() => undefined);
        await res?.text();
        healthzMaxMs = Math.max(healthzMaxMs, res?.ok ? performance.now() - t : Infinity);
        await sleep(100);
      }
    })();
    const { row } = await measure('POST /lark/events card submit', {
      ...target(ready.ports.app, '/lark/events', c, duration),
      requests: [
        {
          method: 'POST',
          path: '/lark/events',
          // Every request is the next one of the pool: a new event_id, nonce and signature.
          setupRequest: (req, context) => {
            if (cursor >= pool.length) reused++;
            const p = pool[cursor++ % pool.length]!;
            (context as { id?: string }).id = p.id;
            return { ...req, body: p.body, headers: { ...req.headers, ...p.headers } };
          },
          onResponse: (status, body, context) => {
            let kind = `HTTP ${status}`;
            if (status === 200) {
              const toast = (JSON.parse(body) as { toast?: { type?: string; content?: string } }).toast;
              kind = !toast ? '200 without toast' : toast.content?.includes('已提交过相同内容') ? '200 duplicate toast' : `200 ${toast.type} toast`;
              if (kind === '200 success toast') answered.push((context as { id: string }).id);
            }
            outcomes[kind] = (outcomes[kind] ?? 0) + 1;
          },
        },
      ],
    });
    probing = false;
    await probe;
    // Requests the load generator gave up on at the end are still being handled: wait for them.
    const verify = async () => (await ask({ type: 'verify', ids: answered, from, to: eventIdOf(cursor) }, 'verified')).result;
    let v = await verify();
    for (let i = 0; i < 40 && v.processed < v.events; i++) {
      await sleep(250);
      v = await verify();
    }
    checks.push({ connections: c, v, outcomes });
    row.note = [`${v.storedOnce} of ${v.answered} success toasts stored once; /healthz max ${Math.round(healthzMaxMs)} ms`, row.note].filter(Boolean).join('; ');
  }

  if (only.has('compare')) {
    for (const c of connections) {
      await measure('insert: client.batch (as the product)', { ...target(ready.ports.compare, `/insert/batch/b${c}`, c, compareDuration), method: 'POST' }, `cmp-b${c}-`);
    }
    for (const c of connections) {
      await measure('insert: interactive tx, back to back', { ...target(ready.ports.compare, `/insert/tx/t${c}`, c, compareDuration), method: 'POST' }, `cmp-t${c}-`);
    }
    await measure(
      'insert: interactive tx, one await inside',
      { ...target(ready.ports.compare, `/insert/tx/y${stallConnections}?yield`, stallConnections, compareDuration), method: 'POST' },
      `cmp-y${stallConnections}-`,
    );
  }
  const finalStats = await ask({ type: 'stats' }, 'stats');
  child.send({ type: 'exit' } satisfies ToServer);

  console.log(
    `\n${new Date().toISOString()}  node ${process.version}  ${availableParallelism()} cores  ` +
      `(${duration} s per hello/submit run, ${compareDuration} s per insert comparison; total ${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
  printTable(
    ['route', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors (timeouts)', 'loop stuck ms', 'note'],
    rows.map((r) => [
      r.label,
      String(r.connections),
      fmt(r.rps),
      String(r.p50),
      String(r.p99),
      String(r.max),
      String(r.ok),
      String(r.non2xx),
      r.errors ? `${r.errors} (${r.timeouts})` : '0',
      String(Math.round(r.loopMaxMs)),
      r.note,
    ]),
  );

  console.log(
    '\nloop stuck: the longest the server\'s event loop went without a turn (monitorEventLoopDelay); errors are mostly timeouts\n' +
      '(10 s) of connections the saturated server had not accepted yet. Insert rows are a comparison, not product code:\n' +
      '"one await inside" yields once (setImmediate) inside the open transaction, like any real async step would.',
  );
  console.log('\nsubmissions / bare echo (req/s):');
  for (const c of connections) {
    const s = rows.find((r) => r.label.startsWith('POST /lark') && r.connections === c);
    const h = rows.find((r) => r.label.startsWith('POST /echo') && r.connections === c);
    if (!s || !h) continue;
    console.log(`  ${String(c).padStart(3)} connections: ${fmt(s.rps)} / ${fmt(h.rps)} = ${(s.rps / h.rps).toFixed(4)}  (bare is ${fmt(h.rps / s.rps)}× faster)`);
  }

  console.log('\nsubmissions in the database:');
  for (const { connections: c, v, outcomes } of checks) {
    console.log(`  ${String(c).padStart(3)} connections: answers ${JSON.stringify(outcomes)}`);
    console.log(
      `      success toasts ${v.answered}: stored once ${v.storedOnce}, missing ${v.missing}, stored more than once ${v.storedTwice}; ` +
        `report rows of the run ${v.rows} (${v.rows - v.answered} handled after the load generator stopped listening); ` +
        `rows sharing an event_id ${v.duplicateEventRows}; (assignment, version) clashes ${v.versionClashes}; ` +
        `inbound_events ${v.events}, ${v.processed} processed`,
    );
  }
  if (reused > 0) console.log(`  WARNING: the pool ran out; ${reused} requests reused an event_id (raise pool=)`);
  if (finalStats.errorsLogged > 0) console.log(`  the bot logged ${finalStats.errorsLogged} warnings/errors (first ones above)`);
  const bad = checks.some(({ v }) => v.missing > 0 || v.storedTwice > 0 || v.duplicateEventRows > 0 || v.versionClashes > 0);
  if (bad) {
    console.log('  PROBLEM: a submission answered with success is missing or stored more than once');
    process.exitCode = 1;
  } else {
    console.log('  every success toast has exactly one stored report');
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
      console.error(`the server process exited with ${code}`);
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

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
