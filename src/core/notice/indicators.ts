// Quantified targets of a task (达到90%以上, 100%, 压减50%, 3个以上) as indicators, and the
// targets outside any task (总体目标), which the office has to place.
import type { Comparator, IndicatorSpec, SubtaskSpec, TaskSpec } from '../plan-spec.js';
import { findDates } from './dates.js';
import type { Draft, TodoPath } from './draft.js';
import { splitTopLevel, trimPunctuation } from './text.js';

const measureUnits = ['个工作日', '万人次', '人次', '万人', '万元', '亿元', '平方米', '公里', '千米', '小时', '分钟', '%', '％', '个', '家', '项', '所', '场', '次', '人', '名', '户', '条', '座', '辆', '件', '天', '亩', '张', '台'];
const targetPattern = new RegExp(`(\\d+(?:\\.\\d+)?)(${measureUnits.join('|')})(及以上|以上|及以下|以下|以内)?`, 'g');
const leadingNoise = /^(并|且|要|使|实现|确保|力争|做到|达到|全年|累计|全市|全区|全县|全省|全州|组织开展|开展)+/;
const trailingNoise = /(达到|达|为|提高到|提升至|提高至|保持在|稳定在|不低于|不少于|至少|拥有|超过|不超过|控制在|压缩至|压减至|缩短至|降至|降低至|低于)$/;

function comparatorOf(before: string, after: string | undefined): Comparator {
  if (after && /以下|以内/.test(after)) return '<=';
  if (/(不超过|控制在|压缩至|压减至|缩短至|降至|降低至)$/.test(before)) return '<=';
  if (/低于$/.test(before) && !/不低于$/.test(before)) return '<';
  if (/(?<!不)超过$/.test(before)) return '>';
  // 以上, 不低于, 达到, 压减50% (cut by at least half), or a bare 100%.
  return '>=';
}

/** Quantified targets in a task's text become indicators, with a due date when the sentence has one. */
export function addIndicators(task: TaskSpec | SubtaskSpec, path: TodoPath, draft: Draft): void {
  const found = findTargets(`${task.title}。${task.body}`);
  for (const t of found) {
    if (!t.name) {
      draft.todo([...path, 'indicators'], `“${t.sentence}”中的目标值 ${t.indicator.target}${t.indicator.unit} 未能命名，请补充`);
      continue;
    }
    task.indicators.push(t.indicator);
  }
}

interface FoundTarget {
  name: string;
  indicator: IndicatorSpec;
  sentence: string;
}

export function findTargets(text: string): FoundTarget[] {
  const out: FoundTarget[] = [];
  for (const sentence of splitTopLevel(text, '。\n')) {
    // A target is due by a date written before it in its sentence (2020年底,全市…达到90%以上);
    // a date after it belongs to something else (…1000项以上，6月30日前完成首批).
    const dates = findDates(sentence);
    let offset = 0;
    for (const clause of splitTopLevel(sentence, ',，;；')) {
      const clauseStart = offset;
      offset += clause.length + 1;
      let from = 0;
      for (const m of clause.matchAll(targetPattern)) {
        const due = dates.filter((d) => d.end <= clauseStart + m.index).at(-1)?.iso;
        const [whole, value = '', rawUnit = '', after] = m;
        const unit = rawUnit === '％' ? '%' : rawUnit;
        const before = clause.slice(from, m.index);
        from = m.index + whole.length;
        // A count is a target only with a comparison (3个以上, 不少于5家); 10个工作日内 is a deadline.
        if (unit !== '%' && !after && !/(达到|不少于|不低于|至少|超过|新增|新建|建成|压缩至|缩短至|控制在|不超过)$/.test(before)) continue;
        // 2021年, 5月 or 第3个 are no targets; a digit glued to letters (净网2020) neither.
        if (/[0-9A-Za-z第]$/.test(before)) continue;
        const comparator = comparatorOf(before, after);
        let name = trimPunctuation(before.replace(/^.*[：:]/, '')).replace(leadingNoise, '').replace(trailingNoise, '');
        if (unit !== '%') {
          // 拥有3个以上文化场所 → 文化场所数: the counted thing follows the number.
          const noun = /^([^，,。；;的]{1,12}?)(?:的|$)/.exec(clause.slice(from))?.[1];
          if (noun && !/^[（(]/.test(noun)) {
            name = `${name}${noun}数`;
            from += noun.length;
          }
        }
        const indicator: IndicatorSpec = { name: name || '', unit, comparator, target: Number(value) };
        if (due) indicator.due = due;
        out.push({ name, indicator, sentence: trimPunctuation(sentence) });
      }
    }
  }
  return out;
}

/** Targets outside any task (总体目标) have no place in a plan file: the office decides. */
export function noteStrayTargets(lines: readonly string[], draft: Draft): void {
  for (const t of findTargets(lines.join('\n'))) {
    draft.todo(['tasks'], `任务以外的量化目标“${t.name || t.sentence}${t.indicator.comparator}${t.indicator.target}${t.indicator.unit}”未放入计划，请决定归入哪项任务`);
  }
}
