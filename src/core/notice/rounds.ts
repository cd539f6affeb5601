// Reporting rounds from the notice's reporting clauses: 于2020年11月5日前报…, 每月5日前,
// 每周, 每季度末, a table's 完成时限; whatever cannot become a round is a TODO.
import { zh } from '../texts.js';
import type { RecipientRole, Recurrence, ReporterRole, RoundSpec } from '../plan-spec.js';
import { addDays, toZonedIso, zonedInstant } from '../time.js';
import { daysInMonth, findDates, isoDate } from './dates.js';
import type { Draft, TodoPath } from './draft.js';
import { splitTopLevel, trimPunctuation } from './text.js';

// The notice only gives deadlines; the office decides when a round opens.
const openDaysBeforeDue = 14;
export const opensAtTime = '09:00';
const dueAtTime = '18:00';

export interface TaskRef {
  number: number;
  index: number;
  short?: string | undefined;
}

const reportVerb = /(报送|上报|报告|提交|报)/g;
const notReporting = /[通举公情预电画海简]$/;
const relativeDeadline = /(\d+|[一二三四五六七八九十]+)个?工作日内/;

function reporterRole(subject: string): ReporterRole | undefined {
  if (/责任单位/.test(subject)) return 'responsible';
  if (/牵头/.test(subject)) return 'lead';
  // Counties, districts, streets and parks are the responsible units of this genre.
  if (/县|区|州|园区|街道|镇|乡|各地|各单位/.test(subject)) return 'responsible';
  if (/成员单位|[省市区县]直|各部门/.test(subject)) return 'lead';
  return undefined;
}

/** A recipient names a unit (报市商务局); 报送全年工作总结 names what is sent, not to whom. */
const looksLikeUnit = /办|局|委|厅|部门|单位|政府|小组|中心|室|处|公司|街道|镇|乡/;

function recipientRole(text: string): RecipientRole | undefined {
  if (/办公室|领导小组|指挥部|专班|办$/.test(text)) return 'office';
  if (/牵头/.test(text)) return 'lead';
  return undefined;
}

/** The subject of a clause: 各县(市、区)相关部门将… → 各县(市、区)相关部门. */
function subjectOf(clause: string): string {
  const cut = /将|于|要|须|需|应|请|每|在|按|务必|汇总/.exec(clause);
  return trimPunctuation((cut ? clause.slice(0, cut.index) : clause).replace(/^由/, ''));
}

/** 本措施有效期至2021-12-31: bounds recurring rounds. */
export function validityEnd(text: string): string | undefined {
  const m = /(?:有效期至|执行至|实施至|截至|持续至)([^，,。；;]{4,16})/.exec(text);
  return m ? findDates(m[1]!)[0]?.iso : undefined;
}

type Period = 'monthly' | 'weekly' | 'quarterly' | 'other';

function periodOf(word: string): Period {
  if (word.includes('月')) return 'monthly';
  if (word.includes('周')) return 'weekly';
  if (word.includes('季')) return 'quarterly';
  return 'other'; // 每半年, 每年: no such recurrence in plans
}

interface RoundNote {
  field: 'opensAt' | 'until' | 'reporter' | 'recipient';
  message: string;
}

/** Collects rounds from reporting clauses, keeping first-seen order and no duplicates. */
export class RoundBuilder {
  readonly rounds: RoundSpec[] = [];
  private oneOffs = 0;
  private readonly officeNames: string[] = [];

  constructor(
    private readonly draft: Draft,
    private readonly timezone: string,
    private readonly issuedOn: string | undefined,
    private readonly until: string | undefined,
  ) {}

  /** The recipient written in the first clause that reports to an office (办公室), if any. */
  officeRecipient(): string | undefined {
    return this.officeNames[0];
  }

  private instant(date: string, time: string): string {
    return toZonedIso(zonedInstant(date, time, this.timezone), this.timezone);
  }

  private push(round: RoundSpec, notes: readonly RoundNote[]): void {
    const same = this.rounds.find(
      (r) => r.dueAt === round.dueAt && r.reporter === round.reporter && r.recipient === round.recipient && String(r.tasks) === String(round.tasks),
    );
    if (same) return;
    const index = this.rounds.length;
    this.rounds.push(round);
    for (const n of notes) this.draft.todo(['rounds', index, n.field], n.message);
  }

  fromText(text: string, task: TaskRef | undefined): void {
    const where = task ? `任务${zh.numeral(task.number)}` : '';
    const todoPath: TodoPath = task ? ['tasks', task.index] : ['rounds'];
    const seen = new Set<string>();
    for (const sentence of splitTopLevel(text, '。\n')) {
      // Who reports and to whom carry over between the clauses of one sentence:
      // 各州（市）于6月30日前将…报领导小组办公室，12月25日前报送全年工作总结。
      let lastSubject = '';
      let lastRecipient = '';
      for (const clause of splitTopLevel(sentence, '，,；;')) {
        const rel = relativeDeadline.exec(clause);
        if (rel) {
          this.draft.todo(todoPath, `相对期限“${trimPunctuation(clause)}”（${rel[0]}）无法换算成日期，请确认是否需要报送轮次`);
        }
        const verb = [...clause.matchAll(reportVerb)].find((v) => !notReporting.test(clause.slice(0, v.index)));
        const periodMatch = /每月|按月|逐月|每周|按周|每季|按季|每半年|每年/.exec(clause);
        const period = periodMatch ? periodOf(periodMatch[0]) : undefined;
        const date = findDates(clause).find((d) => !verb || d.index < verb.index);
        const headEnd = Math.min(date?.index ?? Infinity, periodMatch?.index ?? Infinity, verb?.index ?? Infinity, clause.length);
        const subject = subjectOf(clause.slice(0, headEnd)) || lastSubject;
        const written = verb ? trimPunctuation(clause.slice(verb.index + verb[0].length).replace(/^(送|至|给)/, '')) : '';
        const recipient = looksLikeUnit.test(written) ? written : lastRecipient || written;
        if (subject) lastSubject = subject;
        if (looksLikeUnit.test(written)) lastRecipient = written;

        // Inside a task, a recurring activity (每月进行数据库更新) is followed up at that rhythm;
        // elsewhere only clauses that say someone reports (报) make rounds.
        if (period && (verb || task)) {
          if (seen.has(period)) continue;
          seen.add(period);
          this.recurring(period, clause, sentence, subject, recipient, verb !== undefined, task, where, todoPath);
        } else if (verb && date) {
          this.oneOff(date.iso, subject, recipient, task, where);
        } else if (task && date && /^(之?前|底前|以前)/.test(clause.slice(date.end))) {
          // A completion deadline (2021年6月30日前完成…): plans have no task deadlines.
          this.draft.todo(todoPath, `任务中的时限“${trimPunctuation(clause)}”未建报送轮次（计划文件没有任务完成时限），请确认是否需要`);
        }
      }
    }
  }

  private roles(subject: string, recipient: string, notes: RoundNote[]): { reporter: ReporterRole; recipient: RecipientRole } {
    let reporter = reporterRole(subject);
    if (!reporter) {
      reporter = 'responsible';
      notes.push({ field: 'reporter', message: `报送主体“${subject || '（未写明）'}”无法判断是责任单位还是牵头单位，暂按责任单位，请确认` });
    }
    let to = recipientRole(recipient);
    if (to === 'office') this.officeNames.push(recipient);
    if (!to) {
      to = reporter === 'responsible' ? 'lead' : 'office';
      notes.push({ field: 'recipient', message: `报送对象“${recipient || '（未写明）'}”无法判断是牵头单位还是办公室，暂按${to === 'lead' ? '牵头单位' : '办公室'}，请确认` });
    }
    return { reporter, recipient: to };
  }

  private oneOff(due: string, subject: string, recipient: string, task: TaskRef | undefined, where: string): void {
    const notes: RoundNote[] = [];
    const roles = this.roles(subject, recipient, notes);
    // Chained rounds (counties → leads → office) open after the previous deadline.
    const previous = this.rounds.filter((r) => r.recurrence === null && !r.tasks).map((r) => r.dueAt.slice(0, 10)).filter((d) => d < due).sort().at(-1);
    let opens = addDays(due, -openDaysBeforeDue);
    if (!task && previous && addDays(previous, 1) > opens) opens = addDays(previous, 1);
    if (opens >= due) opens = due;
    notes.unshift({
      field: 'opensAt',
      message: `通知只规定了截止时间，开始时间为占位值（${opens === addDays(due, -openDaysBeforeDue) ? `截止前${openDaysBeforeDue}天` : '上一轮截止后一天'}），请确认`,
    });
    const n = task ? undefined : ++this.oneOffs;
    const round: RoundSpec = {
      key: task ? `task${task.number}-${due}` : `round-${n}`,
      name: `${task ? where : `第${n}轮`} ${subject || '各单位'}报${recipient || (roles.recipient === 'lead' ? '牵头单位' : '办公室')}`,
      reporter: roles.reporter,
      recipient: roles.recipient,
      opensAt: this.instant(opens, opensAtTime),
      dueAt: this.instant(due, dueAtTime),
      recurrence: null,
      reminders: { daysBefore: [3, 1, 0], at: opensAtTime },
      rollover: false,
    };
    if (task) round.tasks = [task.number];
    this.push(round, notes);
  }

  private recurring(
    period: Period,
    clause: string,
    sentence: string,
    subject: string,
    recipient: string,
    hasVerb: boolean,
    task: TaskRef | undefined,
    where: string,
    todoPath: TodoPath,
  ): void {
    const phrase = trimPunctuation(clause);
    if (period === 'other' || !this.issuedOn) {
      this.draft.todo(todoPath, `报送周期“${phrase}”无法建成报送轮次${this.issuedOn ? '（计划文件只支持每月、每周）' : '（缺少成文日期）'}，请手工设置`);
      return;
    }
    const notes: RoundNote[] = [];
    // A task's recurring activity (每月进行数据库更新) names no one: its counties report to its leads.
    const roles = task && !hasVerb ? { reporter: 'responsible' as const, recipient: 'lead' as const } : this.roles(subject, recipient, notes);
    if (task && !hasVerb) notes.push({ field: 'reporter', message: `原文“${phrase}”未写明谁报给谁，暂按责任单位报牵头单位，请确认` });
    const [iy, im] = this.issuedOn.split('-').map(Number) as [number, number];
    // 从2020年8月份开始 fixes the first period; otherwise it is the month after the notice.
    const start = /(\d{4})年(\d{1,2})月份?(?:开始|起)/.exec(sentence);
    let [y, m] = start ? [Number(start[1]), Number(start[2])] : im === 12 ? [iy + 1, 1] : [iy, im + 1];
    const until = this.until ?? `${y}-12-31`;
    const label = task ? `${where}${task.short ? ` ${task.short}` : ''}` : subject || '各单位';
    const base = { reporter: roles.reporter, recipient: roles.recipient, reminders: { daysBefore: [3, 1, 0], at: opensAtTime }, rollover: false };
    const taskList = task ? { tasks: [task.number] } : {};
    const untilNote: RoundNote[] = this.until ? [] : [{ field: 'until', message: `重复截止日期为占位值（${until}，当年年底），请按方案实施期限修改` }];

    if (period === 'monthly') {
      // 每月5日前 gives the due day; without one the month's report is due at its end.
      const day = /每月(\d{1,2})日/.exec(clause);
      const dueDay = day ? Math.min(Number(day[1]), 28) : daysInMonth(y, m);
      this.push(
        {
          key: task ? `task${task.number}-monthly` : `monthly-${this.rounds.length + 1}`,
          name: `${label}（月报）`,
          ...base,
          opensAt: this.instant(isoDate(y, m, 1), opensAtTime),
          dueAt: this.instant(isoDate(y, m, dueDay), dueAtTime),
          recurrence: 'monthly' satisfies Recurrence,
          until,
          ...taskList,
        },
        [{ field: 'opensAt', message: `原文“${phrase}”：按月报送；开始和截止时间为占位值（每月1日开始，${day ? `${dueDay}日` : '月底'}截止），请确认` }, ...notes, ...untilNote],
      );
    } else if (period === 'weekly') {
      // The first full week after the notice: Monday 09:00 to Friday 18:00.
      const first = addDays(this.issuedOn, 1);
      const weekday = new Date(`${first}T00:00:00Z`).getUTCDay();
      const monday = addDays(first, (8 - weekday) % 7);
      this.push(
        {
          key: task ? `task${task.number}-weekly` : `weekly-${this.rounds.length + 1}`,
          name: `${label}（周报）`,
          ...base,
          opensAt: this.instant(monday, opensAtTime),
          dueAt: this.instant(addDays(monday, 4), dueAtTime),
          recurrence: 'weekly' satisfies Recurrence,
          until,
          ...taskList,
        },
        [{ field: 'opensAt', message: `原文“${phrase}”：按周报送；开始和截止时间为占位值（周一开始，周五截止），请确认` }, ...notes, ...untilNote],
      );
    } else {
      // The schema has no quarterly recurrence: one one-off round per quarter end, up to the
      // plan's end (or the year's end), each to be confirmed.
      let q = Math.ceil(im / 3);
      let qy = iy;
      for (let guard = 0; guard < 12; guard++) {
        const due = isoDate(qy, q * 3, daysInMonth(qy, q * 3));
        if (due > until) break;
        if (due > this.issuedOn) {
          this.push(
            {
              key: `${task ? `task${task.number}-` : ''}quarterly-${qy}-q${q}`,
              name: `${label} ${qy}年第${zh.numeral(q)}季度报送`,
              ...base,
              opensAt: this.instant(addDays(due, -openDaysBeforeDue), opensAtTime),
              dueAt: this.instant(due, dueAtTime),
              recurrence: null,
              ...taskList,
            },
            [
              {
                field: 'opensAt',
                message: `原文“${phrase}”：计划文件没有按季度重复的设置，已按每季度末各建一轮（至 ${until}）；开始时间为占位值（截止前${openDaysBeforeDue}天），请确认`,
              },
              ...notes,
            ],
          );
        }
        if (q === 4) [q, qy] = [1, qy + 1];
        else q++;
      }
    }
  }

  /** A table's 完成时限 cell: a completion deadline, offered as a round on that task. */
  fromDeadline(cell: string, taskNumber: number, index: number): void {
    const date = findDates(cell)[0];
    if (!date) {
      if (cell) this.draft.todo(['tasks', index], `完成时限“${cell}”不是日期，未建报送轮次，请确认`);
      return;
    }
    const existing = this.rounds.find((r) => r.key === `deadline-${date.iso}`);
    if (existing) {
      existing.tasks = [...(existing.tasks ?? []), taskNumber];
      existing.name = `完成时限 ${date.iso}（任务${existing.tasks.join('、')}）`;
      return;
    }
    this.push(
      {
        key: `deadline-${date.iso}`,
        name: `完成时限 ${date.iso}（任务${taskNumber}）`,
        reporter: 'responsible',
        recipient: 'lead',
        opensAt: this.instant(addDays(date.iso, -openDaysBeforeDue), opensAtTime),
        dueAt: this.instant(date.iso, dueAtTime),
        recurrence: null,
        tasks: [taskNumber],
        reminders: { daysBefore: [3, 1, 0], at: opensAtTime },
        rollover: false,
      },
      [
        {
          field: 'opensAt',
          message: `表格“完成时限”${cell}：计划文件没有任务时限，已建为责任单位报牵头单位的报送轮次；开始时间为占位值（截止前${openDaysBeforeDue}天），请确认`,
        },
      ],
    );
  }
}

