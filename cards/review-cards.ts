// The chain's cards: a lead department's digest of its units' reports (with 采纳 / 退回 on
// each), the reason form 退回 opens, and its receipt. Pure: view model in, card JSON 2.0 out;
// every string comes from src/core.
import type { ReviewState } from '../src/core/review.js';
import { zhReview } from '../src/core/texts-review.js';
import { reviewValue } from './actions.js';
import { button, buttonRow, escapeMarkdown, markdown, plainText, type CardElement, type LarkCard } from './types.js';

export interface DigestItemView {
  reportId: number;
  unitName: string;
  /** 任务三 医疗服务 */
  task: string;
  roundLabel: string;
  version: number;
  percent: number;
  at: Date;
  byName: string;
  late: boolean;
  state: ReviewState;
  narrative: string;
  problems: string;
  indicators: { name: string; value: number; unit: string; comparator: string; target: number; met: boolean }[];
}

export interface DigestView {
  plan: string;
  /** The lead department (or the cooperating unit, for a copy). */
  unitName: string;
  role: 'lead' | 'cooperating';
  timezone: string;
  items: DigestItemView[];
}

// A digest stays well under Lark's 30 KB card limit: beyond this many reports, the rest is counted.
const maxItems = 15;
const narrativeChars = 160;

const firstLines = (text: string, chars: number) => {
  const lines = text.trim().split(/\r?\n/).slice(0, 3).join('\n');
  return [...lines].length > chars ? `${[...lines].slice(0, chars).join('')}…` : lines;
};

function itemElements(item: DigestItemView, view: DigestView): CardElement[] {
  const state = `${zhReview.stateMark[item.state]} ${zhReview.state[item.state]}${item.late ? ` · ${zhReview.late}` : ''}`;
  const lines = [
    `${zhReview.digestItemHead(escapeMarkdown(item.unitName), escapeMarkdown(item.task), item.roundLabel, item.version, item.percent, item.at, escapeMarkdown(item.byName), view.timezone)}　${state}`,
    `${zhReview.fields.narrative}：${escapeMarkdown(firstLines(item.narrative, narrativeChars))}`,
    ...(item.problems.trim() ? [`${zhReview.fields.problems}：${escapeMarkdown(firstLines(item.problems, narrativeChars))}`] : []),
    ...item.indicators.map((i) => zhReview.indicator(escapeMarkdown(i.name), i.value, i.unit, i.comparator, i.target, i.met)),
  ];
  const reviewable = view.role === 'lead' && (item.state === 'awaiting' || item.state === 'resubmitted');
  return [
    markdown(lines.join('\n')),
    ...(reviewable
      ? [buttonRow([button(`accept_${item.reportId}`, zhReview.accept, 'primary', reviewValue('accept', view.plan, item.reportId)), button(`return_${item.reportId}`, zhReview.return, 'danger', reviewValue('return', view.plan, item.reportId))])]
      : []),
    { tag: 'hr' },
  ];
}

export function buildDigestCard(view: DigestView): LarkCard {
  const shown = view.items.slice(-maxItems);
  const elements: CardElement[] = [
    { ...markdown(view.role === 'lead' ? zhReview.digestNote : zhReview.copyNote), text_size: 'notation' },
    ...shown.flatMap((item) => itemElements(item, view)),
    ...(view.items.length > shown.length ? [markdown(zhReview.moreItems(view.items.length - shown.length))] : []),
  ];
  const title = view.role === 'lead' ? zhReview.digestTitle(view.unitName) : zhReview.copyTitle(view.unitName);
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: title } },
    header: { title: plainText(title), template: 'blue' },
    body: { elements },
  };
}

export interface ReturnFormView {
  plan: string;
  reportId: number;
  unitName: string;
  task: string;
  version: number;
}

export const returnFields = { form: 'return_form', reason: 'reason', confirm: 'confirm' } as const;

export function buildReturnFormCard(view: ReturnFormView): LarkCard {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill' },
    header: { title: plainText(zhReview.returnForm.title(view.unitName, view.task, view.version)), template: 'orange' },
    body: {
      elements: [
        { ...markdown(zhReview.returnForm.note), text_size: 'notation' },
        {
          tag: 'form',
          name: returnFields.form,
          elements: [
            {
              tag: 'input',
              name: returnFields.reason,
              input_type: 'multiline_text',
              label: plainText(zhReview.returnForm.reasonLabel),
              placeholder: plainText(zhReview.returnForm.reasonPlaceholder),
              required: true,
              max_length: 500,
              rows: 3,
              width: 'fill',
            },
            {
              tag: 'button',
              name: returnFields.confirm,
              text: plainText(zhReview.returnForm.confirm),
              type: 'danger_filled',
              width: 'fill',
              form_action_type: 'submit',
              behaviors: [{ type: 'callback', value: reviewValue('reason', view.plan, view.reportId) }],
            },
          ],
        },
      ],
    },
  };
}

/** The reason form once it is used: what was returned, by whom and why. */
export function buildReturnDoneCard(view: ReturnFormView & { done: string; reason: string }): LarkCard {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill' },
    header: { title: plainText(zhReview.returnForm.title(view.unitName, view.task, view.version)), template: 'grey' },
    body: { elements: [markdown(`${escapeMarkdown(view.done)}\n${zhReview.returnForm.reasonLabel}：${escapeMarkdown(view.reason)}`)] },
  };
}
