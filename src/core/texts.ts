// Every string a chat user reads, in zh-CN, in one place: dates as people say them,
// task names, status marks, toasts, binding replies and help. Pure: instants and numbers
// come in as arguments; another language is another object of the same `Texts` shape.
import type { AssignmentStatus } from './status.js';
import { zonedParts } from './time.js';

export type ProgressState = 'not_started' | 'in_progress' | 'done' | 'blocked';

/** A form problem as the report-form validator describes it (structural, so texts stay independent of it). */
export interface FormProblemLike {
  field: string;
  reason: string;
  max?: number;
}

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一; Arabic digits from 100 on (plans never get there). */
function numeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n);
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}

/** "3" → 任务三; "6.1" → 任务六（一）, the way the notice numbers its sub-items. */
function taskName(number: string): string {
  const [main, sub] = number.split('.');
  const mainNumber = Number(main);
  if (!main || !Number.isInteger(mainNumber)) return `任务${number}`;
  if (sub === undefined) return `任务${numeral(mainNumber)}`;
  const subNumber = Number(sub);
  return Number.isInteger(subNumber) ? `任务${numeral(mainNumber)}（${numeral(subNumber)}）` : `任务${number}`;
}

/** 任务三, or 任务三 医疗服务 with the task's short title. */
export function taskLabel(number: string, short?: string): string {
  return short ? `${taskName(number)} ${short}` : taskName(number);
}

/** Only the numeral part, for lists that say 任务 once: "3" → 三, "6.1" → 六（一）. */
function taskNumeral(number: string): string {
  return taskName(number).replace(/^任务/, '');
}

/** "3" → 任务三; a label that already says 任务 is kept as it is. */
function asLabel(task: string): string {
  return task.startsWith('任务') ? task : taskName(task);
}

const comparatorSigns: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=', '>': '>', '<': '<' };

/** 0 stays 0, 90 stays 90, 0.5 stays 0.5: numbers as typed, without trailing zeros. */
function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

const fieldLabels = {
  task: '选择任务',
  progress: '进展状态',
  percent: '完成进度(%)',
  narrative: '工作开展情况',
  problems: '存在问题',
  nextSteps: '下步打算',
} as const;

export const zh = {
  // ── dates, always in the plan's zone ──────────────────────────────────────
  /** 11月5日（周四）18:00 */
  dateTime(at: Date, timeZone: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.month}月${p.day}日（${weekdayNames[p.weekday]}）${pad2(p.hour)}:${pad2(p.minute)}`;
  },
  /** 11月5日（周四） */
  dateWeekday(at: Date, timeZone: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.month}月${p.day}日（${weekdayNames[p.weekday]}）`;
  },
  /** 11月2日 */
  date(at: Date, timeZone: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.month}月${p.day}日`;
  },
  /** 18:00 */
  time(at: Date, timeZone: string): string {
    const p = zonedParts(at, timeZone);
    return `${pad2(p.hour)}:${pad2(p.minute)}`;
  },

  // ── countdowns (the caller counts; 0 = due today, negative = overdue) ─────
  /** 还剩5个工作日 / 今天截止 / 已逾期1个工作日 */
  workdaysLeft(n: number): string {
    if (n > 0) return `还剩${n}个工作日`;
    if (n === 0) return '今天截止';
    return `已逾期${-n}个工作日`;
  },
  /** 已逾期3天 (calendar days) */
  overdueDays(n: number): string {
    return `已逾期${n}天`;
  },

  // ── tasks ─────────────────────────────────────────────────────────────────
  numeral,
  taskName,
  taskLabel,
  /** 任务二、三、五 — or 任务二、三、五等9项 when longer than `max`. */
  taskList(numbers: readonly string[], max = 5): string {
    if (numbers.length === 0) return '';
    const shown = numbers.slice(0, max).map(taskNumeral).join('、');
    return numbers.length > max ? `任务${shown}等${numbers.length}项` : `任务${shown}`;
  },

  // ── report state ──────────────────────────────────────────────────────────
  progress: {
    not_started: '未启动',
    in_progress: '推进中',
    done: '已完成',
    blocked: '遇到困难',
  } satisfies Record<ProgressState, string>,
  /** One mark per status, from the three ux.md allows; returned needs action, like overdue. */
  statusMark(status: AssignmentStatus): string {
    switch (status) {
      case 'submitted':
      case 'late':
      case 'accepted':
        return '✅';
      case 'pending':
        return '⏳';
      case 'overdue':
      case 'returned':
        return '⚠️';
      case 'not_open':
        return '·';
    }
  },
  status: {
    not_open: '未开始',
    pending: '待报送',
    submitted: '已报送',
    late: '逾期报送',
    overdue: '逾期未报',
    returned: '已退回',
    accepted: '已采纳',
  } satisfies Record<AssignmentStatus, string>,
  /** ≥90% — a target as people write it. */
  target(comparator: string, target: number, unit: string): string {
    return `${comparatorSigns[comparator] ?? comparator}${num(target)}${unit}`;
  },
  /** 政务服务进驻率（%，目标 ≥90） — the label of an indicator field. */
  indicatorLabel(i: { name: string; unit: string; comparator: string; target: number }): string {
    const target = `目标 ${comparatorSigns[i.comparator] ?? i.comparator}${num(i.target)}`;
    return i.unit ? `${i.name}（${i.unit}，${target}）` : `${i.name}（${target}）`;
  },
  /** 第2版 */
  version(n: number): string {
    return `第${n}版`;
  },

  /** 第1轮; a recurring round with its period: 任务四 · 2020年10月, 周报 · 10月12日起. */
  roundLabel(label: string, period: string): string {
    const month = /^(\d{4})-(\d{2})$/.exec(period);
    if (month) return `${label} · ${month[1]}年${Number(month[2])}月`;
    const week = /^\d{4}-(\d{2})-(\d{2})$/.exec(period);
    if (week) return `${label} · ${Number(week[1])}月${Number(week[2])}日起`;
    return label;
  },

  // ── the report card ───────────────────────────────────────────────────────
  report: {
    title(planTitle: string, roundLabel: string): string {
      return `【报送】${planTitle} · 工作开展情况（${roundLabel}）`;
    },
    /** 腾冲市 · 截止 11月5日（周四）18:00 · 还剩5个工作日 */
    subtitle(unitName: string, dueAt: Date, timeZone: string, state: string): string {
      return `${unitName} · 截止 ${zh.dateTime(dueAt, timeZone)} · ${state}`;
    },
    allIn: '已全部报送',
    closed: '本轮已结束',
    /** 已报 3/12 项 */
    tally(done: number, total: number): string {
      return `已报 ${done}/${total} 项`;
    },
    /** （11月2日 张三） or （11月6日 张三 · 逾期报送） */
    lastNote(at: Date, byName: string, timeZone: string, note?: string): string {
      return `（${zh.date(at, timeZone)} ${byName}${note ? ` · ${note}` : ''}）`;
    },
    pickLabel: '切换任务',
    pickPlaceholder: '选择要填报的任务',
    formHeading(taskLabel: string): string {
      return `填报：${taskLabel}`;
    },
    prefilled(version: number): string {
      return `已沿用上次填报内容（第${version}版），修改后提交即生成新版本。`;
    },
    closedNote: '本轮报送已结束。如需补报或修改，请联系办公室。',
    fields: fieldLabels,
    placeholders: {
      progress: '请选择',
      percent: '0–100的整数',
      narrative: '已开展的工作、取得的成效（必填）',
      problems: '没有可不填',
      nextSteps: '下一步工作安排',
      indicator: '填写数值',
      tooLongToPrefill: '上次填写的内容超过1000字，请精简后重新填写',
    },
    submit: '提交',
  },

  // ── toasts ────────────────────────────────────────────────────────────────
  toast: {
    /** 已提交：任务一（第2版）. `task` is a number ("1") or an already built label. */
    submitted(task: string, version: number): string {
      return `已提交：${asLabel(task)}（第${version}版）`;
    },
    /** A submission after the deadline is kept, and marked late. */
    submittedLate(task: string, version: number): string {
      return `已提交：${asLabel(task)}（第${version}版），已过截止时间，记为逾期报送`;
    },
    duplicate(task: string, version: number): string {
      return `已提交过相同内容：${asLabel(task)}（第${version}版），无需重复提交`;
    },
    required(fieldLabel: string): string {
      return `请填写${fieldLabel}`;
    },
    chooseTask: '请选择任务',
    chooseProgress: '请选择进展状态',
    percentInvalid: '完成进度须为0–100的整数',
    numberInvalid(fieldLabel: string): string {
      return `${fieldLabel}须为数字`;
    },
    tooLong(fieldLabel: string, max: number): string {
      return `${fieldLabel}不能超过${max}字`;
    },
    unknownTask: '所选任务不在本轮报送范围内，请重新选择',
    /** The ux.md refusal: why, and what to do. */
    notContact(unitName: string): string {
      return `您不是${unitName}的联络员，无法代为报送。如需调整，请联系办公室。`;
    },
    staleCard: '该卡片已过期，请使用最新的报送卡片',
    unknownAction: '无法识别该操作，请使用最新的卡片',
    notYetAvailable: '该功能暂未开放，请联系办公室。',
    roundClosed: '本轮报送已结束，无法提交。如需补报，请联系办公室。',
    failed: '提交未成功，请稍后重试。如多次失败，请联系办公室。',
    /**
     * One validation problem as a toast that names the field. `indicatorName` resolves
     * `indicator:<key>` fields to the indicator's name.
     */
    formProblem(problem: FormProblemLike, indicatorName: (key: string) => string = (k) => k): string {
      const label = problem.field.startsWith('indicator:')
        ? indicatorName(problem.field.slice('indicator:'.length))
        : (fieldLabels[problem.field as keyof typeof fieldLabels] ?? problem.field);
      return zh.toast.fieldProblem(label, problem.reason, problem.max);
    },
    /** The same, from the field's label (selects are chosen, not filled in). */
    fieldProblem(label: string, reason: string, max?: number): string {
      switch (reason) {
        case 'required':
          if (label === fieldLabels.task) return zh.toast.chooseTask;
          if (label === fieldLabels.progress) return zh.toast.chooseProgress;
          if (label === fieldLabels.percent) return zh.toast.percentInvalid;
          return zh.toast.required(label);
        case 'not_integer_0_100':
          return zh.toast.percentInvalid;
        case 'not_a_number':
          return zh.toast.numberInvalid(label);
        case 'too_long':
          return zh.toast.tooLong(label, max ?? 1000);
        case 'unknown_option':
          if (label === fieldLabels.task) return zh.toast.unknownTask;
          return label === fieldLabels.progress ? zh.toast.chooseProgress : `请重新选择${label}`;
        default:
          return `请检查${label}`;
      }
    },
  },

  // ── binding a chat to a unit ──────────────────────────────────────────────
  bind: {
    /** 本群已绑定为腾冲市，联络员：张三、李四 (and, on a re-bind, what it was before). */
    ok(unitName: string, contactNames: readonly string[], previousUnitName?: string): string {
      const was = previousUnitName && previousUnitName !== unitName ? `（原为${previousUnitName}）` : '';
      return contactNames.length > 0
        ? `本群已绑定为${unitName}${was}，联络员：${contactNames.join('、')}`
        : `本群已绑定为${unitName}${was}。尚未登记联络员，可发送“@机器人 绑定 ${unitName} @联络员”补充。`;
    },
    unknownUnit(text: string, suggestions: readonly string[]): string {
      return suggestions.length > 0
        ? `未找到单位“${text}”。您要找的是否为：${suggestions.join('、')}？请写明单位全称后重新绑定。`
        : `未找到单位“${text}”。请写明单位全称后重新绑定，例如：@机器人 绑定 腾冲市 @联络员`;
    },
    ambiguous(text: string, candidates: readonly string[]): string {
      return `“${text}”可能是：${candidates.join('、')}。请写明单位全称后重新绑定。`;
    },
    missingUnit: '请写明要绑定的单位，例如：@机器人 绑定 腾冲市 @张三 @李四',
    notAdmin: '仅办公室管理员可以绑定群组。如需绑定，请联系办公室。',
    onlyInGroup: '请在单位的群聊中绑定：将机器人拉入该群后，发送“@机器人 绑定 单位名称 @联络员”。',
    notBound: '本群尚未绑定单位，无需解绑。',
    unbound: '本群尚未绑定单位，暂不能报送。请办公室管理员发送“@机器人 绑定 单位名称 @联络员”。',
    unbindOk(unitName: string): string {
      return `本群已解除与${unitName}的绑定。`;
    },
  },

  // ── help and the welcome card ─────────────────────────────────────────────
  help: {
    title: '督办机器人 · 使用说明',
    intro: '本机器人督办行动方案各项任务的落实：按轮次向各单位推送报送卡片，截止前提醒、逾期后催办，每日汇总进度。',
    bindHeading: '绑定本群（仅办公室管理员）',
    bindExamples: [
      '@机器人 绑定 腾冲市 @张三 @李四 —— 本群为腾冲市，张三、李四为联络员',
      '@机器人 绑定 办公室 —— 本群为领导小组办公室',
      '@机器人 绑定 市卫健委 —— 本群为市卫生健康委',
    ],
    reportHeading: '报送',
    reportLines: ['绑定后，每轮开始时本群会收到报送卡片：选择任务，填写后点“提交”。再次提交即为修改，保留历次版本。'],
    commandsHeading: '常用指令（群内请先 @机器人）',
    commands: '进度 · 任务三 · 腾冲市 · 谁没报 · 日报 · 导出 · 帮助',
  },

  // ── replies in a report card's thread ─────────────────────────────────────
  thread: {
    /** 已记录为腾冲市任务三的进展补充（第3版）. `task` is a number or a built label. */
    ack(unitName: string, task: string, version: number): string {
      return `已记录为${unitName}${asLabel(task)}的进展补充（第${version}版）`;
    },
  },

  // ── the daily summary (日报) ───────────────────────────────────────────────
  summary: {
    /** 11月4日（周三）, from a YYYY-MM-DD calendar date. */
    day(date: string): string {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      return `${m}月${d}日（${weekdayNames[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
    },
    /** 【日报】11月4日（周三） */
    title(date: string): string {
      return `【日报】${zh.summary.day(date)}`;
    },
    /** 保山市公共服务质量改进提升行动方案 · 截至 18:00 — or · 全天 once the day is over. */
    subtitle(planTitle: string, asOf: Date | undefined, timeZone: string): string {
      return `${planTitle} · ${asOf ? `截至 ${zh.time(asOf, timeZone)}` : '全天'}`;
    },
    /** 88%, or — when there is nothing to rate yet. */
    rate(rate: number | null): string {
      return rate === null ? '—' : `${Math.round(rate * 100)}%`;
    },
    /** 应报 84 · 已报 61 · 逾期 9 · 按时率 88% */
    totals(expected: number, submitted: number, overdue: number, onTimeRate: number | null): string {
      return `应报 ${expected} · 已报 ${submitted} · 逾期 ${overdue} · 按时率 ${zh.summary.rate(onTimeRate)}`;
    },
    /** 今日新报 12 项 */
    todayNew(count: number): string {
      return `今日新报 ${count} 项`;
    },
    /** 腾冲市（任务一、三）、施甸县（任务二）等5个单位 */
    todayUnits(units: readonly { unitName: string; tasks: readonly string[] }[], max = 4): string {
      const shown = units.slice(0, max).map((u) => `${u.unitName}（${zh.taskList(u.tasks, 3)}）`).join('、');
      return units.length > max ? `${shown}等${units.length}个单位` : shown;
    },
    /** 11月5日（周四）18:00截止 3 项尚未报送 */
    dueSoon(dueAt: Date, timeZone: string, count: number): string {
      return `${zh.dateTime(dueAt, timeZone)}截止 ${count} 项尚未报送`;
    },
    chartTitle: '各单位报送情况',
    chartSubmitted: '已报',
    chartExpected: '应报',
    /** Shown under a chart of a province-scale plan. */
    chartCapped(shown: number, total: number): string {
      return `图中为完成率最低的${shown}个单位（共${total}个）`;
    },
    overdueHeading: '逾期未报',
    /** 施甸县 3 项（最早 11月5日截止） */
    overdueLine(unitName: string, count: number, oldestDueAt: Date, timeZone: string): string {
      return `${unitName} ${count} 项（最早 ${zh.date(oldestDueAt, timeZone)}截止）`;
    },
    /** 另有4个单位逾期 */
    overdueMore(units: number): string {
      return `另有${units}个单位逾期`;
    },
    /** 任务十二 政务服务 · 指标 */
    indicatorsHeading(taskLabelText: string): string {
      return `${taskLabelText} · 指标`;
    },
    /** 政务服务进驻率 86%（目标 ≥90%，12月31日前）; 暂无填报 when no unit has reported one. */
    indicatorLine(i: { name: string; unit: string; comparator: string; target: number; due?: string | undefined }, value: number | null): string {
      const shown = value === null ? '暂无填报' : `${num(Number(value.toFixed(1)))}${i.unit}`;
      const [, m, d] = (i.due ?? '').split('-').map(Number);
      const by = i.due && m && d ? `，${m}月${d}日前` : '';
      return `${i.name} ${shown}（目标 ${zh.target(i.comparator, i.target, i.unit)}${by}）`;
    },
    /** （5个单位填报，取各单位最新值的平均） */
    indicatorBasis(units: number): string {
      return `${units}个单位填报，取各单位最新值的平均`;
    },
    deliveryHeading: '发送失败',
    /** 向昌宁县群发送失败：机器人不在群内（3条） */
    deliveryLine(recipient: string, reason: string, count: number): string {
      return `向${recipient}发送失败：${reason}${count > 1 ? `（${count}条）` : ''}`;
    },
    /** Who a failed message was for, as far as it is known. */
    recipient(r: { type: 'chat' | 'user' | 'reply'; id: string; unitName?: string | undefined; personName?: string | undefined }): string {
      if (r.type === 'user') {
        const who = r.personName ?? r.id;
        return r.unitName ? `${who}（${r.unitName}）` : who;
      }
      if (r.unitName) return `${r.unitName}群`;
      return r.type === 'chat' ? `群（${r.id}）` : `群内回复（${r.id}）`;
    },
    /** Lark's error code as people can act on it; 230002 is the common one (bot removed from the chat). */
    deliveryReason(code: number | undefined): string {
      if (code === 230002) return '机器人不在群内';
      return code === undefined ? '发送未成功' : `发送未成功（错误码 ${code}）`;
    },
    warningsHeading: '提示',
    columns: {
      unit: '单位',
      task: '任务',
      name: '名称',
      expected: '应报',
      submitted: '已报',
      onTime: '按时',
      late: '迟报',
      overdue: '逾期',
      accepted: '已采纳',
      meanPercent: '平均进度',
    },
  },
};

export type Texts = typeof zh;
