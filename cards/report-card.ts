// The report card: one per unit per round, updated in place. A checklist of the unit's tasks,
// a switcher that re-renders the card for another task, and the form for the selected task.
// Pure: view model in, card JSON 2.0 out; every string comes from src/core/texts.ts.
import type { AssignmentStatus } from '../src/core/status.js';
import { zh, type ProgressState } from '../src/core/texts.js';
import { reportPickValue, reportSubmitValue, threadConfirmValue, type ReportScope } from './actions.js';
import {
  button,
  buttonRow,
  escapeMarkdown,
  markdown,
  mentionTags,
  plainText,
  statusTemplate,
  type CardElement,
  type HeaderTemplate,
  type InputElement,
  type LarkCard,
  type SelectOption,
} from './types.js';

export interface ReportCardView {
  planTitle: string; // e.g. 公共服务质量改进提升行动
  roundName: string; // e.g. 第1轮 各县(市、区)、各园区报牵头部门
  roundLabel: string; // e.g. 第1轮 (short)
  unitName: string; // 腾冲市
  dueAt: Date;
  timezone: string;
  workdaysLeft: number; // negative = overdue by that many workdays; 0 = due today
  tasks: { number: string; short: string; status: AssignmentStatus; last?: { byName: string; at: Date; version: number } }[];
  selected: string; // task number the form is for
  prefill?: {
    progress: ProgressState;
    percent: number;
    narrative: string;
    problems: string;
    nextSteps: string;
    indicatorValues: Record<string, number>;
  };
  indicators: { key: string; name: string; unit: string; comparator: string; target: number }[]; // of the selected task
  action: ReportScope; // echoed in every callback value
  closed?: boolean; // round closed: no form, grey header
  /**
   * Text above the checklist with who must act: a revision card (退回修改, orange), or a reminder
   * or ping that is the card itself (its own title and colour). No title: the card's own.
   */
  notice?: { title?: string | undefined; template?: HeaderTemplate | undefined; lines: string[]; mentions: string[] };
  /** Shown above the form, e.g. that a lead department's draft was arranged from its units' reports. */
  formNote?: string;
}

/** Names of the form's fields, as they come back in `form_value`. */
export const reportFormName = 'report_form';
export const reportFields = {
  task: 'task',
  progress: 'progress',
  percent: 'percent',
  narrative: 'narrative',
  problems: 'problems',
  nextSteps: 'next_steps',
  submit: 'submit',
  /** The switcher outside the form. */
  pick: 'task_pick',
} as const;
export function indicatorField(key: string): string {
  return `ind_${key}`;
}

// Lark's ceiling for an input (§6.3); the reporter's texts are capped the same way.
export const maxTextInput = 1000;

const isIn = (s: AssignmentStatus) => s === 'submitted' || s === 'late' || s === 'accepted';

function checklistLine(task: ReportCardView['tasks'][number], view: ReportCardView): string {
  const label = escapeMarkdown(zh.taskLabel(task.number, task.short));
  const note =
    task.status === 'late' || task.status === 'accepted' || task.status === 'returned' || task.status === 'overdue'
      ? zh.status[task.status]
      : undefined;
  const detail =
    task.last && task.status !== 'pending' && task.status !== 'overdue'
      ? zh.report.lastNote(task.last.at, escapeMarkdown(task.last.byName), view.timezone, note)
      : note
        ? `（${note}）`
        : '';
  return `${zh.statusMark(task.status)} ${label}${detail}`;
}

function taskOptions(view: ReportCardView): SelectOption[] {
  return view.tasks.map((t) => ({ text: plainText(zh.taskLabel(t.number, t.short)), value: t.number }));
}

/** A multiline text input, prefilled unless the old text no longer fits the input. */
function textInput(name: string, label: string, placeholder: string, rows: number, prefill: string | undefined): InputElement {
  const fits = prefill !== undefined && [...prefill].length <= maxTextInput;
  // Cutting a longer text would silently shorten the record on the next submit; an empty
  // field with a note makes the reporter shorten it deliberately.
  const tooLong = prefill !== undefined && !fits;
  return {
    tag: 'input',
    name,
    input_type: 'multiline_text',
    label: plainText(label),
    placeholder: plainText(tooLong ? zh.report.placeholders.tooLongToPrefill : placeholder),
    ...(fits && prefill !== '' ? { default_value: prefill } : {}),
    max_length: maxTextInput,
    rows,
    auto_resize: true,
    max_rows: 10,
    width: 'fill',
  };
}

function formElements(view: ReportCardView, selected: ReportCardView['tasks'][number] | undefined): CardElement[] {
  const p = view.prefill;
  const elements: CardElement[] = [];
  if (p && selected?.last) {
    elements.push({ ...markdown(zh.report.prefilled(selected.last.version)), text_size: 'notation' });
  }
  if (view.formNote) elements.push({ ...markdown(view.formNote), text_size: 'notation' });
  const progressOptions: SelectOption[] = (Object.keys(zh.progress) as ProgressState[]).map((value) => ({
    text: plainText(zh.progress[value]),
    value,
  }));
  elements.push(
    markdown(`**${zh.report.fields.task}**`),
    {
      tag: 'select_static',
      name: reportFields.task,
      required: true,
      width: 'fill',
      options: taskOptions(view),
      ...(selected ? { initial_option: selected.number } : {}),
    },
    markdown(`**${zh.report.fields.progress}**`),
    {
      tag: 'select_static',
      name: reportFields.progress,
      required: true,
      width: 'fill',
      placeholder: plainText(zh.report.placeholders.progress),
      options: progressOptions,
      ...(p ? { initial_option: p.progress } : {}),
    },
    {
      tag: 'input',
      name: reportFields.percent,
      label: plainText(zh.report.fields.percent),
      placeholder: plainText(zh.report.placeholders.percent),
      ...(p ? { default_value: String(p.percent) } : {}),
      // "100%" is the longest thing a reporter may reasonably type.
      max_length: 4,
      width: 'fill',
    },
    { ...textInput(reportFields.narrative, zh.report.fields.narrative, zh.report.placeholders.narrative, 4, p?.narrative), required: true },
    textInput(reportFields.problems, zh.report.fields.problems, zh.report.placeholders.problems, 2, p?.problems),
    textInput(reportFields.nextSteps, zh.report.fields.nextSteps, zh.report.placeholders.nextSteps, 2, p?.nextSteps),
  );
  for (const indicator of view.indicators) {
    const value = p?.indicatorValues[indicator.key];
    elements.push({
      tag: 'input',
      name: indicatorField(indicator.key),
      label: plainText(zh.indicatorLabel(indicator)),
      placeholder: plainText(zh.report.placeholders.indicator),
      ...(value !== undefined ? { default_value: String(value) } : {}),
      max_length: 20,
      width: 'fill',
    });
  }
  elements.push({
    tag: 'button',
    name: reportFields.submit,
    text: plainText(zh.report.submit),
    type: 'primary_filled',
    width: 'fill',
    form_action_type: 'submit',
    behaviors: [{ type: 'callback', value: reportSubmitValue(view.action) }],
  });
  return elements;
}

export function buildReportCard(view: ReportCardView): LarkCard {
  const tz = view.timezone;
  const expected = view.tasks.filter((t) => t.status !== 'not_open');
  const inCount = expected.filter((t) => isIn(t.status)).length;
  const overdueCount = expected.filter((t) => t.status === 'overdue').length;
  const allIn = expected.length > 0 && inCount === expected.length;
  const template = statusTemplate({
    closed: view.closed,
    expected: expected.length,
    inCount,
    overdueCount,
    workdaysLeft: view.workdaysLeft,
  });
  const state = view.closed ? zh.report.closed : allIn ? zh.report.allIn : zh.workdaysLeft(view.workdaysLeft);
  const tally = zh.report.tally(inCount, expected.length);
  // The switcher and the form fall back to the first task if `selected` is not on the card.
  const selected = view.tasks.find((t) => t.number === view.selected) ?? view.tasks[0];

  const elements: CardElement[] = [
    ...(view.notice ? [markdown([mentionTags(view.notice.mentions), ...view.notice.lines].filter(Boolean).join('\n'))] : []),
    markdown(
      [
        `**${tally}**　<font color='grey'>${escapeMarkdown(view.roundName)}</font>`,
        ...view.tasks.map((t) => checklistLine(t, view)),
      ].join('\n'),
    ),
  ];
  if (view.closed) {
    elements.push(markdown(zh.report.closedNote));
  } else {
    if (view.tasks.length > 1) {
      elements.push({
        tag: 'column_set',
        flex_mode: 'none',
        horizontal_spacing: '8px',
        columns: [
          { tag: 'column', width: 'auto', vertical_align: 'center', elements: [markdown(zh.report.pickLabel)] },
          {
            tag: 'column',
            width: 'weighted',
            weight: 1,
            vertical_align: 'center',
            elements: [
              {
                tag: 'select_static',
                name: reportFields.pick,
                width: 'fill',
                placeholder: plainText(zh.report.pickPlaceholder),
                options: taskOptions(view),
                ...(selected ? { initial_option: selected.number } : {}),
                behaviors: [{ type: 'callback', value: reportPickValue(view.action) }],
              },
            ],
          },
        ],
      });
    }
    elements.push({ tag: 'form', name: reportFormName, vertical_spacing: '8px', elements: formElements(view, selected) });
  }

  return {
    schema: '2.0',
    config: {
      update_multi: true,
      width_mode: 'fill',
      // What the chat list shows for the message.
      summary: { content: `${view.unitName} · ${tally} · ${state}` },
    },
    header: {
      title: plainText(view.notice?.title ?? zh.report.title(view.planTitle, view.roundLabel)),
      subtitle: plainText(zh.report.subtitle(view.unitName, view.dueAt, tz, state)),
      template: view.notice && !view.closed ? (view.notice.template ?? (view.notice.title ? 'orange' : template)) : template,
    },
    body: { elements },
  };
}

/** What a report card becomes once a newer one replaced it: where to fill in, no form. */
export function buildSupersededCard(view: { unitName: string; newAt: Date; timezone: string }): LarkCard {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: zh.superseded.title(view.unitName) } },
    header: { title: plainText(zh.superseded.title(view.unitName)), template: 'grey' },
    body: { elements: [markdown(zh.superseded.line(view.newAt, view.timezone))] },
  };
}

/**
 * Under a short reply in a report card's thread (often only "收到"): asks before it becomes a
 * version. `answered`: what the buttons were turned into once pressed.
 */
export function buildThreadConfirmCard(view: { scope: ReportScope; task: string; taskLabel: string; message: string; text: string; answered?: string | undefined }): LarkCard {
  const t = zh.thread;
  const reply = { task: view.task, message: view.message, text: view.text };
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill' },
    header: { title: plainText(t.confirmTitle), template: view.answered ? 'grey' : 'blue' },
    body: {
      elements: [
        markdown(escapeMarkdown(t.confirm(view.taskLabel, view.text))),
        view.answered
          ? markdown(escapeMarkdown(view.answered))
          : buttonRow([button('keep', t.yes, 'primary', threadConfirmValue(view.scope, reply, true)), button('drop', t.no, 'default', threadConfirmValue(view.scope, reply, false))]),
      ],
    },
  };
}

