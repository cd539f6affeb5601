// The `duban` command: a thin adapter from arguments to use cases, with a table
// for people and `--json` for machines. Errors are one line and a non-zero exit.
import { writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { DubanError, type ErrorCode } from '../core/errors.js';
import { formatPath, resolvePlan } from '../core/plan.js';
import { planSpec } from '../core/plan-spec.js';
import { toZonedIso, zonedDate, zonedInstant } from '../core/time.js';
import { createProcessClock } from '../clock.js';
import { loadPlan } from '../app/load-plan.js';
import { toPlanJson } from '../app/plan-json.js';
import { UnknownPlanError } from '../app/plan-status.js';
import { PlanFileError, readDirectoryFile, readPlanFile, seedPlanFile } from '../storage/plan-files.js';
import { loadEnv, openDuban, readSource, type OpenedDuban } from '../entry/open-duban.js';
import { formatTable } from './table.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends DubanError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

const usage = `用法 / usage: duban <command> [options]

  db migrate                          apply database migrations
  plan import <notice.txt|.docx> [--out plan.yaml] [--directory units.yaml] [--json]
                                      draft a plan file from a notice
  plan load <plan.yaml>               load or update a plan (and its unit directory)
  plan list [--json]                  list plans
  plan show <slug> [--json]           show a plan
  units [--json]                      units with their chats and contacts
  status <slug> [--at ISO] [--json]   who has reported what, as of a time
  tick [--at ISO] [--json]            do what the scheduler would do at a time
  summary [<slug>] [--date YYYY-MM-DD] [--json]
                                      the daily summary (日报) of a day
  summary recompute [<slug>] [--date YYYY-MM-DD]
                                      rebuild the daily summaries from the reports
  calendar check [--year YYYY]        which years the working calendar (工作日历) knows
  export <slug> [--format xlsx|csv|docx] [--out F] [--round KEY] [--month YYYY-MM]
                                      the 台账 (xlsx, csv) or a 工作开展情况汇报 draft (docx)
  serve                               run the bot (same as npm start)

Environment: see README (DATABASE_URL, LARK_*, DUBAN_*).`;

const statusHeaders = ['应报', '已报', '逾期', '迟报', '已采纳'];

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let runtime: OpenedDuban | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        at: { type: 'string' },
        out: { type: 'string' },
        directory: { type: 'string' },
        year: { type: 'string' },
        format: { type: 'string' },
        round: { type: 'string' },
        month: { type: 'string' },
        date: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, sub, arg] = positionals;
    if (values.help || !command) {
      io.out(usage);
      return command || values.help ? 0 : 2;
    }
    const at = values.at === undefined ? undefined : parseAt(values.at);
    const print = (json: unknown, human: () => string) => io.out(values.json ? JSON.stringify(json, null, 2) : human());
    const config: Config = loadEnv();
    const open = async (seed = true) => (runtime = await openDuban(config, { seed, instance: `cli:${process.pid}` }));

    if (command === 'serve') {
      const { startNode } = await import('../entry/node.js');
      await startNode(config);
      return await new Promise<number>(() => {});
    }

    if (command === 'calendar') {
      if (sub !== 'check') throw new UsageError('duban calendar check [--year YYYY]');
      const { loadChinaCalendar, describeCoverage, defaultCoverageYears } = await import('../calendar/china.js');
      const calendar = loadChinaCalendar();
      const year = values.year === undefined ? undefined : Number(values.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2200)) throw new CliInputError(`--year "${values.year}" is not a year like 2027`);
      const years = year !== undefined ? [year] : defaultCoverageYears(zonedDate(createProcessClock(config.DUBAN_CLOCK_START).now(), 'Asia/Shanghai'));
      io.out(describeCoverage(calendar, years).join('\n'));
      return years.every((y) => calendar.coveredYears.has(y)) ? 0 : 1;
    }

    if (command === 'db') {
      if (sub !== 'migrate') throw new UsageError('duban db migrate');
      await open(false);
      io.out(`migrated ${config.DATABASE_URL}`);
      return 0;
    }

    if (command === 'plan' && sub === 'import') {
      if (!arg) throw new UsageError('duban plan import <notice.txt|notice.docx> [--out plan.yaml] [--json]');
      const [{ importNotice }, { toPlanYaml }, { toImportJson }] = await Promise.all([
        import('../core/notice-import.js'),
        import('../app/plan-yaml.js'),
        import('../app/import-json.js'),
      ]);
      const text = await readNotice(arg);
      const directoryFile = resolve(values.directory ?? seedDirectoryFile());
      const directory = readDirectoryFile(directoryFile);
      const draft = importNotice(text, { directory: directory.units, slug: slugFromFile(arg) });
      // The draft points at the directory it was matched against, so `plan load` finds it.
      draft.plan.directory = relative(values.out ? dirname(resolve(values.out)) : process.cwd(), directoryFile);
      const yaml = toPlanYaml(draft);
      if (values.out) writeFileSync(values.out, yaml);
      if (values.json) {
        // The draft may hold placeholders a strict parse rejects; then it is shown as drafted.
        const parsed = planSpec.safeParse(draft.plan);
        const resolved = parsed.success ? resolvePlan(parsed.data, directory.units) : undefined;
        const plan = resolved?.ok ? toPlanJson(resolved.value, directory.units) : draft.plan;
        io.out(JSON.stringify(toImportJson(plan, draft), null, 2));
      } else if (!values.out) io.out(yaml);
      else io.out(`wrote ${values.out}: ${draft.plan.tasks.length} tasks, ${draft.todos.length} TODO(s) to check`);
      return 0;
    }

    await open();
    const rt = runtime!;

    if (command === 'plan' && sub === 'load') {
      if (!arg) throw new UsageError('duban plan load <plan.yaml>');
      const files = readPlanFile(arg);
      const result = await loadPlan(rt.storage, { spec: files.spec, directory: files.directory, sourceText: readSource(files.file, files.spec.source) }, rt.clock, rt.calendar);
      if (!result.ok) throw new PlanFileError(result.issues.map((i) => `${arg}:${formatPath(i.path)}: ${i.message}`));
      print(
        { slug: result.plan.slug, tasks: result.plan.tasks.length, rounds: result.plan.rounds.length, ...result.saved },
        () =>
          `loaded ${result.plan.slug}: ${result.plan.tasks.length} tasks, ${result.plan.rounds.length} rounds, ` +
          `${result.saved.assignments} assignments (${result.saved.added} new, ${result.saved.retired} retired)`,
      );
      return 0;
    }

    if (command === 'plan' && sub === 'list') {
      const plans = await rt.storage.plans.listPlans();
      print(plans, () => formatTable(['slug', '标题', '任务'], plans.map((p) => [p.slug, p.title, p.tasks])));
      return 0;
    }

    if (command === 'plan' && sub === 'show') {
      if (!arg) throw new UsageError('duban plan show <slug>');
      const plan = await rt.storage.plans.readPlan(arg);
      if (!plan) throw new UnknownPlanError(arg);
      const json = toPlanJson(plan, await rt.storage.directory.units());
      print(json, () =>
        [
          `${json.title}（${json.issuer}，${json.issuedOn}）`,
          '',
          formatTable(
            ['任务', '名称', '牵头单位', '责任单位'],
            json.tasks.flatMap((t) => [t, ...(t.subtasks ?? [])]).map((t) => [String(t.number), t.short, t.lead.join('、'), t.responsible.join('、')]),
          ),
          '',
          formatTable(
            ['轮次', '名称', '开始', '截止', '周期'],
            json.rounds.map((r) => [r.key, r.name, r.opensAt, r.dueAt, r.recurrence ?? '']),
          ),
        ].join('\n'),
      );
      return 0;
    }

    if (command === 'units') {
      const units = await rt.storage.directory.units();
      const json = units.map((u) => ({
        code: u.code,
        name: u.name,
        kind: u.kind,
        aliases: u.aliases,
        chats: u.chats,
        contacts: u.contacts.map((c) => ({ openId: c.openId ?? null, name: c.name ?? null, role: c.role })),
      }));
      print(json, () =>
        formatTable(
          ['code', '名称', '类别', '群', '联络员'],
          json.map((u) => [u.code, u.name, u.kind, u.chats.join(' ') || '—', u.contacts.map((c) => c.name ?? c.openId).join('、') || '—']),
        ),
      );
      return 0;
    }

    if (command === 'status') {
      if (!sub) throw new UsageError('duban status <slug> [--at ISO] [--json]');
      const status = await rt.duban.status(sub, at ?? rt.clock.now());
      const { assignments: _assignments, ...json } = status;
      const row = (c: { expected: number; submitted: number; overdue: number; late: number; accepted: number }) => [c.expected, c.submitted, c.overdue, c.late, c.accepted];
      print(json, () =>
        [
          `${status.title} · 截至 ${status.at}`,
          `应报 ${status.totals.expected} · 已报 ${status.totals.submitted} · 逾期 ${status.totals.overdue}`,
          '',
          formatTable(['单位', ...statusHeaders], status.units.map((u) => [u.name, ...row(u)])),
          '',
          formatTable(['任务', '名称', ...statusHeaders], status.tasks.map((t) => [String(t.number), t.short, ...row(t)])),
        ].join('\n'),
      );
      return 0;
    }

    if (command === 'export') {
      const [{ exportCommand }, { createExportWriters }] = await Promise.all([import('./export-command.js'), import('../export/export-writers.js')]);
      io.out(
        await exportCommand(
          { slug: sub, format: values.format, out: values.out, round: values.round, month: values.month },
          { plans: rt.storage.plans, directory: rt.storage.directory, source: rt.storage.exports, writers: createExportWriters(), clock: rt.clock },
        ),
      );
      return 0;
    }

    if (command === 'summary') {
      const recompute = sub === 'recompute';
      const slug = recompute ? arg : sub;
      const { summaryCommand } = await import('./summary-command.js');
      const { planCalendarWarning } = await import('../app/calendar-coverage.js');
      // The warning a summary carries is about the days after it, not about today.
      const plans = await rt.storage.plans.listPlans();
      const plan = slug ? await rt.storage.plans.readPlan(slug) : plans.length === 1 ? await rt.storage.plans.readPlan(plans[0]!.slug) : undefined;
      const warnings = (date: string) => {
        const w = plan && planCalendarWarning(plan, rt.calendar, zonedInstant(date, '18:00', plan.timezone));
        return w ? [w.zh] : [];
      };
      io.out(
        await summaryCommand(
          { slug, date: values.date, json: values.json, recompute },
          { plans: rt.storage.plans, directory: rt.storage.directory, summaries: rt.storage.summaries, calendar: rt.calendar, clock: rt.clock, warnings },
        ),
      );
      return 0;
    }

    if (command === 'tick') {
      const when = at ?? rt.clock.now();
      const result = await rt.duban.tick(when, { owed: true });
      // With Lark credentials the tick also sends what it queued (retrying up to 30 s);
      // without them the messages wait in the outbox for a process that has them.
      const delivery = rt.connected ? await rt.duban.drain(when, 30_000) : { sent: [], failed: [], pending: await rt.storage.outbox.pendingCount() };
      const tz = 'Asia/Shanghai';
      const json = {
        at: toZonedIso(when, tz),
        opened: result.opened.map((o) => ({ ...o, opensAt: toZonedIso(o.opensAt, tz), dueAt: toZonedIso(o.dueAt, tz) })),
        cardsQueued: result.cardsQueued,
        unbound: result.unbound,
        due: result.due.map((d) => ({ ...d, dueAt: toZonedIso(d.dueAt, tz) })),
        sent: delivery.sent.map((m) => ({ key: m.key, kind: m.kind, messageId: m.messageId })),
        failed: delivery.failed,
        pending: delivery.pending,
      };
      print(json, () =>
        [
          `tick ${json.at}`,
          json.opened.length
            ? `opened ${json.opened.length} round period(s):\n` + json.opened.map((o) => `  ${o.plan} ${o.roundName}${o.period ? ` [${o.period}]` : ''} · due ${o.dueAt}`).join('\n')
            : 'opened nothing new',
          json.due.length
            ? 'still owed:\n' +
              formatTable(
                ['plan', '轮次', '周期', '截止', '应报', '已报', '逾期'],
                json.due.map((d) => [d.plan, d.roundName, d.period || '—', d.dueAt, d.expected, d.submitted, d.overdue]),
              )
            : 'nothing owed',
          json.unbound.length ? `no chat bound (no card sent): ${json.unbound.join('、')}` : '',
          `sent ${json.sent.length} message(s)` +
            (json.failed.length ? `; ${json.failed.length} failed: ${json.failed.map((f) => `${f.kind} ${f.error}`).join('; ')}` : '') +
            `; ${json.pending} pending${config.LARK_APP_ID ? '' : ' (no LARK_APP_ID: nothing is sent from the CLI)'}`,
        ].filter(Boolean).join('\n'),
      );
      return 0;
    }

    throw new UsageError(`unknown command "${positionals.join(' ')}"; run duban --help`);
  } catch (e) {
    return fail(e, io);
  } finally {
    runtime?.close();
  }
}

/** Exit codes by error code, never by class: 2 for a command line that cannot be understood, 1 for the rest. */
const exitCodes: Record<ErrorCode, number> = {
  USAGE: 2, CONFIG: 1, PLAN_FILE: 1, UNKNOWN_PLAN: 1, BAD_INPUT: 1, LARK_SIGNATURE: 1, LARK_PAYLOAD: 1, LARK_API: 1, EXPORT_ABORTED: 1,
};

function fail(e: unknown, io: CliIo): number {
  if (e instanceof PlanFileError) {
    for (const p of e.problems) io.err(p);
    return exitCodes[e.code];
  }
  if (e instanceof DubanError) {
    io.err(e.code === 'USAGE' ? `usage: ${e.message}` : `duban: ${e.message}`);
    return exitCodes[e.code];
  }
  const err = e as Error & { code?: string };
  if (err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    io.err(`usage: ${err.message}; run duban --help`);
    return 2;
  }
  io.err(`duban: ${err?.message ?? String(e)}`);
  return 1;
}

class CliInputError extends DubanError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

function parseAt(value: string): Date {
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new CliInputError(`--at "${value}" is not an ISO time like 2020-11-06T09:00:00+08:00`);
  return new Date(t);
}

async function readNotice(file: string): Promise<string> {
  const { readNoticeFile, NoticeFileError } = await import('../documents/notice-text.js');
  try {
    return await readNoticeFile(file);
  } catch (e) {
    if (e instanceof NoticeFileError) throw new CliInputError(e.message);
    throw new CliInputError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
  }
}

function seedDirectoryFile(): string {
  return seedPlanFile.replace(/[^/]+$/, 'baoshan-units.yaml');
}

function slugFromFile(file: string): string | undefined {
  const name = basename(file).replace(/\.[^.]+$/, '').toLowerCase();
  return /^[a-z0-9][a-z0-9-]*$/.test(name) ? name : undefined;
}
