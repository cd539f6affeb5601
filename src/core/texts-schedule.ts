// zh-CN texts of the scheduler's messages: reminders, overdue pings, escalations, leave.
// (Kept beside texts.ts and re-exported by it, so every chat string stays in src/core.)
import { zh } from './texts.js';

export const zhSchedule = {
  /**
   * 【提醒】before the deadline, 【逾期提醒】after it: the scheduler's own. 【催办】is kept for a
   * person's 催办, so a unit can tell who is chasing it.
   */
  nudgeTitle(unitName: string, overdue: boolean, byPerson: boolean): string {
    if (byPerson) return `【催办】${unitName}尚有事项未报送`;
    return overdue ? `【逾期提醒】${unitName}尚有事项逾期未报` : `【提醒】${unitName}尚有事项未报送`;
  },
  /** 张三于11月9日 10:00催办。 */
  remindedBy(name: string, at: string): string {
    return `${name}于${at}催办。`;
  },
  /** 【第1轮】腾冲市尚有 9 项未报送（任务二、三、五等9项），截止 11月5日（周四）18:00，还剩1个工作日。 */
  reminderLine(unitName: string, roundLabel: string, tasks: readonly string[], due: string, workdays: number): string {
    return `【${roundLabel}】${unitName}尚有 ${tasks.length} 项未报送（${zh.taskList(tasks)}），截止 ${due}，${zh.workdaysLeft(workdays)}。`;
  },
  /** 【第1轮】已于 11月5日（周四）18:00 截止，已逾期1个工作日，尚有 3 项未报送（任务二、三、五）。 */
  overdueLine(roundLabel: string, tasks: readonly string[], due: string, workdaysLate: number): string {
    return `【${roundLabel}】已于 ${due} 截止，${zh.workdaysLeft(-Math.max(1, workdaysLate))}，尚有 ${tasks.length} 项未报送（${zh.taskList(tasks)}）。`;
  },
  pointToCard: '请在本群的报送卡片中填写并提交。',
  /** Above a reminder that is the report card itself. */
  fillBelow: '请在下方填写并提交。',
  /** A card re-issued before its 14 days run out, with no reminder due. */
  renewLine(roundLabel: string, tasks: readonly string[], due: string, workdays: number): string {
    return `【${roundLabel}】尚有 ${tasks.length} 项未报送（${zh.taskList(tasks)}），截止 ${due}，${zh.workdaysLeft(workdays)}。飞书卡片发出14天后无法操作，已重新发送报送卡片，请在本卡片中填写。`;
  },
  /** When every contact is on leave and there is no backup. */
  nobodyToMention: '（联络员均在请假，请单位安排人员报送）',
  /** 【逾期】市卫生健康委牵头任务 · 未报送单位 */
  leadTitle(unitName: string): string {
    return `【逾期】${unitName}牵头任务尚有单位未报送`;
  },
  /** 任务三 医疗服务（第1轮，截止 11月5日 18:00）未报送：施甸县、龙陵县（已逾期1个工作日）。已报送 3/5。 */
  leadLine(task: string, roundLabel: string, due: string, missing: readonly string[], workdaysLate: number, submitted: number, expected: number): string {
    return `${task}（${roundLabel}，截止 ${due}）未报送：${missing.join('、')}（${zh.workdaysLeft(-Math.max(1, workdaysLate))}）。已报送 ${submitted}/${expected}。`;
  },
  officeTitle: '【逾期】各单位逾期未报情况',
  /** 施甸县 逾期 5 项（已逾期3个工作日）⚠️ */
  officeLine(unitName: string, overdue: number, workdaysLate: number, flagged: boolean): string {
    return `${flagged ? '⚠️ ' : ''}${unitName} 逾期 ${overdue} 项（${zh.workdaysLeft(-Math.max(1, workdaysLate))}）`;
  },
  /** 等另外 12 个单位 */
  andMore(n: number): string {
    return `等另外 ${n} 个单位`;
  },
  /** 另有 560 个单位逾期，详见日报或发送“谁没报”。 */
  officeMore(n: number): string {
    return `另有 ${n} 个单位逾期，详见日报或发送“谁没报”。`;
  },
  officeFlagNote(days: number): string {
    return `⚠️ 为逾期${days}个工作日以上的单位。`;
  },
  leave: {
    ok(name: string, until: string): string {
      return `已登记：${name}请假至${until}，期间提醒将@本单位其他联络员。`;
    },
    back(name: string): string {
      return `已销假：${name}，提醒恢复@本人。`;
    },
    usage: '请写明请假截止日期，例如：@机器人 请假 至11月10日',
    notContact: '您不是任何单位的联络员，无需请假登记。',
    notAdminForOthers: '仅办公室管理员可以为他人登记请假。',
    /** Shown in the unit's status: 张三请假至11月10日 */
    status(name: string, until: string): string {
      return `${name}请假至${until}`;
    },
  },
};
