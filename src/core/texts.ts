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
  /** A report card replaced by a newer one (cards take clicks and updates for 14 days only). */
  superseded: {
    title(unitName: string): string {
      return `【报送】${unitName} · 此卡片已更新`;
    },
    line(at: Date, timeZone: string): string {
      return `此卡片已更新，请在最新的报送卡片（${zh.dateTime(at, timeZone)} 发出）中填写。`;
    },
  },
  /** 填报 / 报送 in a unit's chat. */
  fill: {
    nothingOpen(unitName: string): string {
      return `${unitName}当前没有进行中的报送。`;
    },
    notContact(unitName: string): string {
      return `您不是${unitName}的联络员，无法代为报送。如需调整，请联系办公室。`;
    },
    notBound: '本群尚未绑定单位，无法发送报送卡片。',
  },
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
    /** A submission on a card that a newer one replaced: kept, and the newer one shows it. */
    submittedOnOld(task: string, version: number): string {
      return `已收到任务${task}第${version}版报送。此卡片已更新，后续请在最新的报送卡片中填写`;
    },
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
    leadersUsage: '请@领导小组成员，例如：@机器人 绑定 领导 @段兆锦 @吴云龙',
    /** 已登记领导小组成员：段兆锦、吴云龙。未在领导小组名单中找到：张三 */
    leaders(bound: readonly string[], unknown: readonly string[]): string {
      const ok = bound.length ? `已登记领导小组成员：${bound.join('、')}，可查询全部进度并催办。` : '';
      const missing = unknown.length ? `未在领导小组名单中找到：${unknown.join('、')}（请核对方案中的姓名）。` : '';
      return ok + missing;
    },
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
    /** A reply this short is often only "收到": asked, not stored. */
    confirmTitle: '是否作为报送内容？',
    confirm(task: string, text: string): string {
      return `是否将“${text}”作为${asLabel(task)}的报送内容？`;
    },
    yes: '是',
    no: '否',
    dropped: '未作为报送内容。',
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
    /** 待审核 3 项（超过1个工作日）· 已退回未重报 1 项 */
    reviewBacklog(awaiting: number, returned: number): string {
      return `待审核 ${awaiting} 项（超过1个工作日）· 已退回未重报 ${returned} 项`;
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
      // No chat id in a chat: a group no unit is bound to any more is only "an unbound group".
      return r.type === 'chat' ? '未绑定单位的群' : '群内回复';
    },
    /** Lark's error as people can act on it, never its code: 230002 is the common one (bot removed from the chat). */
    deliveryReason(code: number | undefined): string {
      if (code === 230002) return '机器人不在群内';
      if (code === 230013) return '机器人无权向其发送消息';
      if (code === 230099 || code === 230025) return '消息内容未能生成';
      return '发送未成功';
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

  // ── exports: the 台账 (xlsx), the 明细 (CSV) and the 工作开展情况汇报 draft (docx) ──
  exportFile: {
    /** When the file could not be handed to Lark. */
    uploadFailed: '导出文件发送失败，请稍后重试；如多次失败，请联系办公室。',
    building: '正在生成，稍后发送到本群',
    /** The xlsx footer: 第 &P 页，共 &N 页 (Excel's page and page-count fields). */
    pageFooter: '第 &P 页，共 &N 页',
    /** 《保山市…方案》台账（任务一、任务三），数据截至 11月6日（周五）10:00。 */
    caption(planTitle: string, kind: string, tasks: readonly string[] | undefined, month: string | undefined, asOf: string): string {
      const scope = [tasks?.length ? tasks.join('、') : '全部任务', ...(month ? [`${Number(month.slice(5))}月报送`] : [])].join('，');
      return `《${planTitle}》${kind}（${scope}），数据截至 ${asOf}。`;
    },
    /** The second part of a file name: 保山市…行动方案-台账-20201106.xlsx */
    kinds: { xlsx: '台账', csv: '明细', docx: '工作开展情况汇报' },
    sheets: { summary: '汇总', byTask: '按任务', byUnit: '按单位', leadSummary: '牵头部门汇总', detail: '明细', indicators: '指标' },
    columns: {
      date: '日期',
      scope: '范围',
      unit: '单位',
      unitKind: '类别',
      task: '任务',
      taskTitle: '名称',
      lead: '牵头单位',
      expected: '应报',
      submitted: '已报',
      onTime: '按时',
      late: '迟报',
      overdue: '逾期',
      pending: '待报',
      returned: '已退回',
      accepted: '已采纳',
      meanPercent: '平均进度(%)',
      onTimeRate: '按时率(%)',
      round: '轮次',
      period: '周期',
      version: '版本',
      latestVersion: '最新版本',
      progress: fieldLabels.progress,
      percent: fieldLabels.percent,
      narrative: fieldLabels.narrative,
      problems: fieldLabels.problems,
      nextSteps: fieldLabels.nextSteps,
      submittedBy: '填报人',
      submittedAt: '填报时间',
      dueAt: '截止时间',
      timeliness: '是否按时',
      review: '审核',
      reviewComment: '审核意见',
      level: '层级',
      state: '状态',
      indicator: '指标',
      target: '目标',
      targetDue: '目标期限',
      reporter: '填报单位',
      value: '填报值',
      measure: '计量单位',
      met: '是否达标',
    },
    /** 任务十二 政务服务进驻率(%) — an indicator's column in the 明细. */
    indicatorColumn(taskNumber: string, name: string, unit: string): string {
      return `${taskName(taskNumber)} ${name}${unit ? `(${unit})` : ''}`;
    },
    /** '' for a one-off round; 2020年10月 (monthly); 2020年10月12日起 (weekly). */
    period(period: string): string {
      const month = /^(\d{4})-(\d{2})$/.exec(period);
      if (month) return `${month[1]}年${Number(month[2])}月`;
      const week = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
      if (week) return `${week[1]}年${Number(week[2])}月${Number(week[3])}日起`;
      return period;
    },
    unitKinds: { office: '办公室', department: '市直部门', county: '县(市、区)', park: '园区' } as Record<string, string>,
    planScope: '全市',
    total: '合计',
    average: '各单位平均',
    onTime: '按时',
    // Reported after the deadline (迟报), never 逾期, which is not reported and past it.
    late: '迟报',
    review: { accept: '已采纳', return: '已退回' },
    /** 牵头部门汇总: the lead department's report to the office, then its units' reports to it. */
    levels: { lead: '牵头单位汇总报告', unit: '责任单位报送' },
    awaitingReview: '待审核',
    /** 市政务服务管理局（牵头单位汇总） */
    leadFigure(unitName: string): string {
      return `${unitName}（牵头单位汇总）`;
    },
    yes: '是',
    reported: '已报送',
    notSubmitted: '未报送',
    met: '达标',
    notMet: '未达标',
    notReported: '未填报',

    /** The docx draft: one part per round period, by task, each unit's latest report. */
    draft: {
      /** 保山市公共服务质量改进提升行动方案工作开展情况汇报 */
      title(planTitle: string): string {
        return `${planTitle}工作开展情况汇报`;
      },
      /** （第1轮 各县(市、区)、各园区报牵头部门 · 截止 11月5日（周四）18:00） */
      roundLine(roundLabel: string, dueAt: Date, timeZone: string): string {
        return `（${roundLabel} · 截止 ${zh.dateTime(dueAt, timeZone)}）`;
      },
      /** Says what the file is: the office edits it before it goes anywhere. */
      note(at: Date, timeZone: string): string {
        return `草稿：由督办系统根据各单位报送内容于${zh.dateTime(at, timeZone)}汇总生成，请办公室核实、修改后使用。`;
      },
      /** 本轮应报 84 项，已报 61 项（逾期报送 6 项），未报 23 项。 */
      tally(expected: number, submitted: number, late: number): string {
        const lateNote = late > 0 ? `（逾期报送 ${late} 项）` : '';
        return `本轮应报 ${expected} 项，已报 ${submitted} 项${lateNote}，未报 ${expected - submitted} 项。`;
      },
      /** 一、公共教育 — the notice's own numbering of its items. */
      taskHeading(number: string, short: string): string {
        const n = Number(number);
        return Number.isInteger(n) && n > 0 ? `${numeral(n)}、${short}` : `${taskLabel(number, short)}`;
      },
      /** 牵头单位：市教育体育局 */
      lead(names: readonly string[]): string {
        return `牵头单位：${names.join('、') || '—'}`;
      },
      /** （一）腾冲市 */
      unitHeading(index: number, unitName: string): string {
        return `（${numeral(index)}）${unitName}`;
      },
      /** 第2版 · 11月2日 张三报送 · 推进中 · 完成进度 60% · 逾期报送 */
      unitMeta(r: { version: number; submittedAt: Date; byName: string; progress: string; percent: number; late: boolean; review?: string | undefined }, timeZone: string): string {
        const parts = [`第${r.version}版`, `${zh.date(r.submittedAt, timeZone)} ${r.byName}报送`, r.progress, `完成进度 ${r.percent}%`];
        if (r.late) parts.push('逾期报送');
        if (r.review) parts.push(r.review);
        return parts.join(' · ');
      },
      labels: { narrative: `${fieldLabels.narrative}：`, problems: `${fieldLabels.problems}：`, nextSteps: `${fieldLabels.nextSteps}：`, indicators: '指标：' },
      /** 政务服务进驻率 86%（目标 ≥90%） */
      unitIndicator(i: { name: string; unit: string; comparator: string; target: number }, value: number): string {
        return `${i.name} ${num(value)}${i.unit}（目标 ${zh.target(i.comparator, i.target, i.unit)}）`;
      },
      indicatorsHeading: '指标完成情况（各单位最新填报值的平均）：',
      /** 牵头单位汇总报告（市卫生健康委） */
      leadHeading(unitName: string): string {
        return `牵头单位汇总报告（${unitName}）`;
      },
      unitsHeading: '各责任单位报送情况',
      /** 未报送：施甸县、龙陵县 */
      missing(names: readonly string[]): string {
        return `未报送：${names.join('、')}`;
      },
      noTasks: '本轮没有需要报送的任务。',
      noRounds: '尚无已开始的报送轮次。',
      /** Fonts of a 公文: 方正小标宋 titles, 黑体 and 楷体 headings, 仿宋 body. */
      fonts: { title: '方正小标宋简体', heading: '黑体', subheading: '楷体_GB2312', body: '仿宋_GB2312' },
    },
  },

  // ── answers to questions in chat (进度, 任务三, 腾冲, 谁没报, 导出, 帮助) ──────
  answer: {
    /** 截至 11月5日（周四）18:00 */
    asOf(at: Date, timeZone: string): string {
      return `截至 ${zh.dateTime(at, timeZone)}`;
    },
    /** 腾冲市、施甸县 — or 腾冲市、施甸县等40个 when only some of `total` are shown. */
    names(shown: readonly string[], total: number): string {
      return `${shown.join('、')}${total > shown.length ? `等${total}个` : ''}`;
    },
    /** 应报 7 · 已报 5 · 逾期 1 */
    tally(expected: number, submitted: number, overdue: number): string {
      return `应报 ${expected} · 已报 ${submitted} · 逾期 ${overdue}`;
    },
    overview: {
      /** 【进度】保山市公共服务质量改进提升行动方案 */
      title(planTitle: string): string {
        return `【进度】${planTitle}`;
      },
      unitsChart: '各单位报送情况',
      tasksChart: '各任务报送情况',
      mostOverdueHeading: '逾期最多的单位',
      /** 施甸县 逾期 3 项（最早 11月5日截止） */
      mostOverdueLine(unitName: string, count: number, oldestDueAt: Date | undefined, timeZone: string): string {
        return `${unitName} 逾期 ${count} 项${oldestDueAt ? `（最早 ${zh.date(oldestDueAt, timeZone)}截止）` : ''}`;
      },
      noOverdue: '目前没有逾期未报的事项。',
      nothingExpected: '目前没有已开始的报送。',
    },
    buttons: {
      overdue: '谁没报',
      export: '导出',
      remind: '催办',
      /** 已催办 14:05 — on a disabled button while the hour has not passed. */
      reminded(at: Date, timeZone: string): string {
        return `已催办 ${zh.time(at, timeZone)}`;
      },
      remindConfirmTitle: '确认催办',
      /** 将立即向腾冲市发送催办提醒。 */
      remindConfirm(unitName: string): string {
        return `将立即向${unitName}发送催办提醒。`;
      },
    },
    task: {
      /** 【任务】任务三 医疗服务 */
      title(number: string, short: string): string {
        return `【任务】${taskLabel(number, short)}`;
      },
      lead: '牵头单位',
      cooperating: '配合单位',
      none: '无',
      /** 任务六（一） 建筑施工噪声污染整治：牵头 市生态环境局；配合 市住房城乡建设局 */
      subtaskLine(number: string, title: string, lead: readonly string[], cooperating: readonly string[]): string {
        const coop = cooperating.length > 0 ? `；配合 ${cooperating.join('、')}` : '';
        return `${taskLabel(number)} ${title}：牵头 ${lead.join('、') || '无'}${coop}`;
      },
      unitsHeading: '各责任单位报送情况',
      /** 60%（11月2日） */
      progress(percent: number | null, at: Date | undefined, timeZone: string): string {
        const p = percent === null ? '' : `${percent}%`;
        const when = at ? `（${zh.date(at, timeZone)}）` : '';
        return `${p}${when}`;
      },
      /** 其余12个单位 */
      moreUnits(count: number): string {
        return `其余${count}个单位`;
      },
      onlyYourRows: '仅显示本单位的报送情况。',
      /** The lead department's report to the office (round 2), above the units' reports. */
      leadHeading: '牵头单位汇总报告',
      leadMissing(names: readonly string[]): string {
        return `${names.join('、')}尚未向办公室报送汇总报告。`;
      },
      remindHeading: '逾期单位（可催办）',
      /** 已采纳 3 · 已退回 1 */
      reviewed(accepted: number, returned: number): string {
        return `已采纳 ${accepted} · 已退回 ${returned}`;
      },
      indicatorsHeading: '指标完成情况',
      noIndicators: '本任务没有量化指标。',
      noUnits: '本任务目前没有应报事项。',
    },
    unit: {
      /** 【单位】腾冲市 */
      title(unitName: string): string {
        return `【单位】${unitName}`;
      },
      tasksHeading: '报送事项',
      /** 逾期未报：任务二、三（最早 11月5日截止） */
      overdueLine(taskNumbers: readonly string[], oldestDueAt: Date, timeZone: string): string {
        return `逾期未报：${zh.taskList(taskNumbers, 8)}（最早 ${zh.date(oldestDueAt, timeZone)}截止）`;
      },
      noOverdue: '没有逾期未报的事项。',
      /** 截止 11月5日 · 11月2日报送 */
      due(dueAt: Date, timeZone: string): string {
        return `截止 ${zh.date(dueAt, timeZone)}`;
      },
      reportedOn(at: Date, timeZone: string): string {
        return `${zh.date(at, timeZone)}报送`;
      },
      /** 任务二等3项 */
      moreItems(count: number): string {
        return `另有${count}项`;
      },
      leadsHeading: '牵头任务 · 各单位报送',
      /** 任务三 医疗服务 已报 3/7 · 逾期 2 */
      leadLine(number: string, short: string, submitted: number, expected: number, overdue: number): string {
        return `${taskLabel(number, short)} 已报 ${submitted}/${expected}${overdue > 0 ? ` · 逾期 ${overdue}` : ''}`;
      },
      awayHeading: '请假的联络员',
      /** 张三（请假至11月10日） */
      awayLine(name: string, until: string): string {
        const [, m, d] = until.split('-').map(Number);
        return m && d ? `${name}（请假至${m}月${d}日）` : `${name}（请假中）`;
      },
      nothing: '本单位目前没有应报事项。',
    },
    overdue: {
      /** 【未报送情况】保山市公共服务质量改进提升行动方案 */
      title(planTitle: string): string {
        return `【未报送情况】${planTitle}`;
      },
      /** 逾期 3 项 · 待报 2 项（最早 11月5日截止） */
      counts(overdue: number, pending: number, oldestDueAt: Date | undefined, timeZone: string): string {
        const parts = [overdue > 0 ? `逾期 ${overdue} 项` : '', pending > 0 ? `待报 ${pending} 项` : ''].filter(Boolean).join(' · ');
        return `${parts}${oldestDueAt ? `（最早 ${zh.date(oldestDueAt, timeZone)}截止）` : ''}`;
      },
      /** 逾期 4 个单位 · 待报 3 个单位 */
      tally(overdueUnits: number, pendingUnits: number): string {
        return `逾期 ${overdueUnits} 个单位 · 待报 ${pendingUnits} 个单位`;
      },
      none: '各单位均已报送。',
      /** 另有12个单位尚有未报送事项： */
      more(count: number): string {
        return `另有${count}个单位尚有未报送事项：`;
      },
      remindNote: '点“催办”立即向该单位发送提醒，每个单位每小时最多催办一次。',
    },
    help: {
      title: '督办机器人 · 可以这样问',
      intro: '在群里请先 @机器人，单聊直接发送。',
      /** 没有理解“…”。您可以这样问： */
      notUnderstood(text: string): string {
        return `没有理解“${text}”。您可以这样问：`;
      },
      rows: [
        { ask: '进度 · 总体情况', what: '全局进度：应报、已报、逾期、按时率，按单位和按任务的图表' },
        { ask: '任务三 · 第3项 · 噪声', what: '一项任务：牵头和配合单位，各单位最新进展，指标完成情况' },
        { ask: '腾冲 · 市卫健委', what: '一个单位：各项任务的报送情况，逾期事项' },
        { ask: '谁没报 · 逾期', what: '尚未报送的单位，逾期的在前；领导可催办' },
        { ask: '日报 · 昨天 · 11月5日', what: '当天的日报' },
        { ask: '导出 · 导出明细 · 导出汇报 · 导出11月', what: '台账文件：Excel、明细表或 Word 汇报稿' },
        { ask: '帮助', what: '本说明' },
      ],
      /** What each role can ask: a contact is not shown what only leaders may do. */
      leadRows: [
        { ask: '任务三 · 第3项', what: '您牵头的任务：各单位报送全文和审核状态，逾期单位可催办' },
        { ask: '进度 · 本单位名称', what: '本单位各项任务的报送情况' },
        { ask: '导出 · 导出汇报', what: '您牵头任务的台账或汇报稿' },
        { ask: '帮助', what: '本说明' },
      ],
      unitRows: [
        { ask: '（在报送卡片中填写）', what: '选择任务，填写进展后提交；在卡片下回复可补充进展' },
        { ask: '进度 · 本单位名称', what: '本单位各项任务的报送情况，逾期事项' },
        { ask: '任务三 · 第3项', what: '本单位在该任务上的报送情况' },
        { ask: '请假 至11月10日', what: '请假期间提醒改为@其他联络员' },
        { ask: '帮助', what: '本说明' },
      ],
      nobody: '您尚未登记为联络员或领导小组成员，暂不能查询或报送。如需开通，请联系办公室。',
    },
    clarify: {
      title: '请说得更具体一些',
      /** “交通”可能指以下2项，请发送其中一项： */
      ambiguous(text: string, count: number): string {
        return `“${text}”可能指以下${count}项，请发送其中一项：`;
      },
      /** 方案中没有任务三十（共12项任务）。请发送“任务一”至“任务十二”。 */
      unknownTask(number: string, taskCount: number): string {
        const range = taskCount > 1 ? `请发送“${taskName('1')}”至“${taskName(String(taskCount))}”。` : '';
        return `方案中没有${taskName(number)}（共${taskCount}项任务）。${range}`;
      },
    },
    refusal: {
      title: '暂无查看权限',
      notRegistered: '您不是领导小组成员、办公室或各单位的联络员，暂不能查询。如需开通，请联系办公室。',
      /** 您不是腾冲市的联络员，无法查看该单位的情况。… */
      notYourUnit(unitName: string): string {
        return `您不是${unitName}的联络员，无法查看该单位的情况。如需调整，请联系办公室。`;
      },
      /** 您所在单位不承担任务三 医疗服务，无法查看。… */
      notYourTask(taskLabelText: string): string {
        return `您所在单位不承担${taskLabelText}，无法查看。如需调整，请联系办公室。`;
      },
      leadersOnly: '导出仅限领导小组成员、办公室和牵头单位（导出本单位牵头的任务）使用。如需台账，请联系办公室。',
      /** 总体情况仅向领导小组成员和办公室提供，以下为腾冲市的情况。 */
      scoped(unitNames: readonly string[]): string {
        return `总体情况仅向领导小组成员和办公室提供，以下为${unitNames.join('、')}的情况。`;
      },
    },
    /** The toast of an answer card's button: the answer came as a new message. */
    sentBelow: '已在本群发送，请查看。',
    remind: {
      /** 已向腾冲市发送催办提醒 */
      sent(unitName: string): string {
        return `已向${unitName}发送催办提醒`;
      },
      /** 腾冲市已于14:05催办，1小时内不再重复催办 */
      tooSoon(unitName: string, at: Date, timeZone: string): string {
        return `${unitName}已于${zh.time(at, timeZone)}催办，1小时内不再重复催办`;
      },
      notAllowed: '仅领导小组成员和办公室可以催办。',
      /** Who pressed 催办, when the directory and the plan do not know the name. */
      byOffice: '办公室',
      /** 任务三的催办：仅牵头单位（市卫生健康委）、领导小组成员和办公室可以催办。 */
      notLeadOf(task: string, leads: readonly string[]): string {
        return `${task}的催办：仅牵头单位（${leads.join('、')}）、领导小组成员和办公室可以催办。`;
      },
      nothingMissing(unitName: string): string {
        return `${unitName}已全部报送，无需催办`;
      },
    },
  },
};

export type Texts = typeof zh;
