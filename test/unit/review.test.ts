// The lead department's draft for the office: the units' own words, shortened only to fit the
// form's field (Lark's input limit), never cut mid-sentence.
import { describe, expect, it } from 'vitest';
import { leadDraft, type DraftEntry } from '../../src/core/review.js';
import { zhReview } from '../../src/core/texts-review.js';

const entry = (unitName: string, narrative: string): DraftEntry => ({ unitName, state: 'accepted', narrative, problems: '', nextSteps: '', indicatorValues: {} });
const task = { indicators: [] };

describe('leadDraft', () => {
  it('keeps every unit’s words in full when they fit', () => {
    const draft = leadDraft(task, [entry('腾冲市', '已推行预约诊疗。覆盖率65%。')], ['施甸县'], zhReview.draft, 1000);
    expect(draft.narrative).toBe('【腾冲市（已采纳）】已推行预约诊疗。覆盖率65%。\n未报送：施甸县');
  });

  it('takes each unit’s first sentence when the whole does not fit, then says how many more', () => {
    const long = '。补充说明'.repeat(60);
    const entries = Array.from({ length: 30 }, (_, i) => entry(`第${i}县`, `第${i}县已推行预约诊疗${long}`));
    const draft = leadDraft(task, entries, [], zhReview.draft, 1000);
    expect([...draft.narrative].length).toBeLessThanOrEqual(1000);
    expect(draft.narrative.split('\n')[0]).toBe('【第0县（已采纳）】第0县已推行预约诊疗。');
    expect(draft.narrative).not.toContain('补充说明');
    const few = leadDraft(task, entries.slice(0, 3), [], zhReview.draft, 1000);
    expect(few.narrative.split('\n')).toHaveLength(3);
    const tight = leadDraft(task, entries, [], zhReview.draft, 200);
    expect([...tight.narrative].length).toBeLessThanOrEqual(200);
    expect(tight.narrative).toMatch(/另有\d+个单位的报送未列入，全文见“导出汇报”。$/);
  });
});
