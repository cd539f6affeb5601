// zh-CN texts of the two-tier chain: the lead departments' digests, 采纳 / 退回, the revision
// card, the lead's draft for the office and the office's notice. (Beside texts.ts, so every
// chat string stays in src/core.)
import type { IndicatorAggregate } from './plan.js';
import type { ReviewState, UnitValue } from './review.js';
import { zh } from './texts.js';

const aggregateBasis: Record<IndicatorAggregate, string> = {
  'per-unit': '各单位分别报送',
  sum: '各单位合计',
  mean: '各单位平均',
  min: '各单位最低',
  max: '各单位最高',
};

export const zhReview = {
  state: {
    awaiting: '待审核',
    resubmitted: '修改后重报',
    accepted: '已采纳',
    returned: '已退回',
  } satisfies Record<ReviewState, string>,
  /** The signal vocabulary of ux.md: 🟢 reported (the label says whether accepted), ↩️ returned. */
  stateMark: { awaiting: '🟢', resubmitted: '🟢', accepted: '🟢', returned: '↩️' } satisfies Record<ReviewState, string>,

  digestTitle(leadName: string): string {
    return `【报送汇总】${leadName}牵头任务 · 各单位报送情况`;
  },
  copyTitle(unitName: string): string {
    return `【报送汇总】${unitName}配合任务 · 各单位报送情况（抄送）`;
  },
  /** 腾冲市 · 任务三 医疗服务（第1轮）· 第2版 · 60% · 11月4日 张三 */
  digestItemHead(unitName: string, task: string, roundLabel: string, version: number, percent: number, at: Date, byName: string, timeZone: string): string {
    return `**${unitName}** · ${task}（${roundLabel}）· 第${version}版 · ${percent}% · ${zh.dateTime(at, timeZone)} ${byName}`.trim();
  },
  late: '迟报',
  fields: { narrative: '工作开展情况', problems: '存在问题', nextSteps: '下步打算' },
  /** 进驻率 86%（目标 ≥90%） ✅ / ⚠️ */
  indicator(name: string, value: number, unit: string, comparator: string, target: number, met: boolean): string {
    return `${name} ${value}${unit}（目标 ${comparator}${target}${unit}）${met ? ' 达标' : ' 未达标'}`;
  },
  accept: '采纳',
  return: '退回',
  digestNote: '请逐条审核：采纳，或退回并说明理由（单位将收到修改通知）。',
  copyNote: '抄送配合单位，仅供了解，审核由牵头部门进行。',
  /** 另有 12 条较早的报送，见上一条汇总。 */
  moreItems(n: number): string {
    return `另有 ${n} 条报送未列出，请发送“任务X”查看全部。`;
  },

  returnForm: {
    title(unitName: string, task: string, version: number): string {
      return `【退回】${unitName} · ${task}（第${version}版）`;
    },
    reasonLabel: '退回理由',
    reasonPlaceholder: '请写明需要补充或修改的内容（必填）',
    confirm: '确认退回',
    note: '确认后，该单位群将收到修改通知，并附本条理由。',
    done(unitName: string, task: string, byName: string, at: Date, timeZone: string): string {
      return `已退回${unitName}${task}，${byName}于${zh.dateTime(at, timeZone)}退回。`;
    },
  },

  toast: {
    accepted(unitName: string, task: string, version: number): string {
      return `已采纳：${unitName}${task}（第${version}版）`;
    },
    alreadyAccepted(unitName: string, task: string): string {
      return `${unitName}${task}已采纳，无需重复操作`;
    },
    returnOpened: '请在下方填写退回理由后确认',
    returned(unitName: string, task: string): string {
      return `已退回${unitName}${task}，已通知其修改后重报`;
    },
    reasonRequired: '请填写退回理由',
    stale(unitName: string, task: string, version: number): string {
      return `${unitName}${task}已有新版本（第${version}版），请审核最新版本`;
    },
    /** Whom to ask: the task's lead departments. */
    notReviewer(task: string, leads: readonly string[]): string {
      return `${task}由${leads.join('、') || '牵头部门'}审核，您无权采纳或退回。如需调整，请联系办公室。`;
    },
  },

  /** The banner on the revision card in the unit's chat. */
  revision: {
    title(unitName: string, task: string): string {
      return `【退回修改】${unitName} · ${task}`;
    },
    line(reviewerName: string, reviewerUnit: string, at: Date, timeZone: string, reason: string): string {
      return `${reviewerUnit} ${reviewerName} 于${zh.dateTime(at, timeZone)}退回，理由：${reason}`;
    },
    pointToForm: '请在下方表单中修改后重新提交（已填入退回的内容）。',
  },

  /** The lead department's draft for the office: each unit's own words, marked. */
  draft: {
    unitLine(unitName: string, state: ReviewState | undefined, text: string): string {
      return `【${unitName}${state ? `（${zhReview.state[state]}）` : ''}】${text}`;
    },
    indicatorLine(name: string, unit: string, aggregate: IndicatorAggregate, value: number | undefined, perUnit: readonly UnitValue[]): string {
      const each = perUnit.map((v) => `${v.unitName} ${v.value}${unit}`).join('，');
      return value === undefined ? `${name}：${each}（${aggregateBasis[aggregate]}）` : `${name}：${value}${unit}（${aggregateBasis[aggregate]}；${each}）`;
    },
    missingLine(unitNames: readonly string[]): string {
      return `未报送：${unitNames.join('、')}`;
    },
    /** When the draft is longer than the form takes. */
    moreLine(count: number): string {
      return `另有${count}个单位的报送未列入，全文见“导出汇报”。`;
    },
    note: '以上内容由各单位报送整理而成，请核实修改后提交办公室。',
  },

  /** What the office's chat gets when a lead department reports. */
  office: {
    title(leadName: string, task: string): string {
      return `【牵头部门报送】${leadName} · ${task}`;
    },
  },

  /** The daily reminder to a lead department of reports waiting more than a working day for its review. */
  backlog: {
    /** 【待审核】市卫生健康委牵头任务有报送超过1个工作日未审核 */
    title(leadName: string): string {
      return `【待审核】${leadName}牵头任务有报送超过1个工作日未审核`;
    },
    /** 任务三 医疗服务：2 条待审核 */
    line(task: string, waiting: number): string {
      return `${task}：${waiting} 条待审核`;
    },
    note: '请在“报送汇总”中逐条采纳，或退回并说明理由；发送“任务X”可查看各单位报送全文。',
  },
};
