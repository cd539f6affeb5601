// The subset of Lark card JSON 2.0 that duban emits, as types, and the few helpers every
// builder shares: text nodes, markdown escaping, mentions and the colour-means-status rule.
// The runtime check of the same subset is card-schema.ts.

export const headerTemplates = [
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
] as const;
export type HeaderTemplate = (typeof headerTemplates)[number];

export interface PlainText {
  tag: 'plain_text';
  content: string;
}

/** A JSON value as it travels through a callback. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface CallbackBehavior {
  type: 'callback';
  value: { [key: string]: JsonValue };
}

interface Common {
  element_id?: string;
  margin?: string;
}

export interface MarkdownElement extends Common {
  tag: 'markdown';
  content: string;
  text_align?: 'left' | 'center' | 'right';
  text_size?: 'normal' | 'notation' | 'heading' | 'heading-1' | 'heading-2' | 'heading-3' | 'heading-4';
}

export interface HrElement extends Common {
  tag: 'hr';
}

export interface SelectOption {
  text: PlainText;
  value: string;
}

export interface SelectStaticElement extends Common {
  tag: 'select_static';
  name?: string;
  required?: boolean;
  disabled?: boolean;
  placeholder?: PlainText;
  initial_option?: string;
  width?: string;
  options: SelectOption[];
  behaviors?: CallbackBehavior[];
}

export interface InputElement extends Common {
  tag: 'input';
  name?: string;
  required?: boolean;
  disabled?: boolean;
  placeholder?: PlainText;
  default_value?: string;
  width?: string;
  max_length?: number;
  input_type?: 'text' | 'multiline_text' | 'password';
  rows?: number;
  auto_resize?: boolean;
  max_rows?: number;
  label?: PlainText;
  label_position?: 'top' | 'left';
}

export interface ButtonElement extends Common {
  tag: 'button';
  name?: string;
  text: PlainText;
  type?: 'default' | 'primary' | 'danger' | 'text' | 'primary_text' | 'danger_text' | 'primary_filled' | 'danger_filled' | 'laser';
  size?: 'tiny' | 'small' | 'medium' | 'large';
  width?: string;
  disabled?: boolean;
  confirm?: { title: PlainText; text: PlainText };
  behaviors?: CallbackBehavior[];
  form_action_type?: 'submit' | 'reset';
}

export interface ColumnElement extends Common {
  tag: 'column';
  width?: string;
  weight?: number;
  vertical_align?: 'top' | 'center' | 'bottom';
  elements: CardElement[];
}

export interface ColumnSetElement extends Common {
  tag: 'column_set';
  flex_mode?: 'none' | 'stretch' | 'flow' | 'bisect' | 'trisect';
  horizontal_spacing?: string;
  background_style?: string;
  columns: ColumnElement[];
}

export interface ChartElement extends Common {
  tag: 'chart';
  chart_spec: { [key: string]: JsonValue };
  aspect_ratio?: '1:1' | '2:1' | '4:3' | '16:9';
  color_theme?: 'brand' | 'rainbow' | 'complementary' | 'converse' | 'primary';
  preview?: boolean;
  height?: string;
}

export interface FormElement extends Common {
  tag: 'form';
  name: string;
  elements: CardElement[];
  vertical_spacing?: string;
}

export type CardElement =
  | MarkdownElement
  | HrElement
  | SelectStaticElement
  | InputElement
  | ButtonElement
  | ColumnSetElement
  | ChartElement
  | FormElement;

export interface CardHeader {
  title: PlainText;
  subtitle?: PlainText;
  template: HeaderTemplate;
}

export interface LarkCard {
  schema: '2.0';
  // 2.0 cards are always shared; update_multi must stay true for PATCH to work.
  config: { update_multi: true; width_mode?: 'default' | 'compact' | 'fill'; summary?: { content: string } };
  header?: CardHeader;
  body: { elements: CardElement[] };
}

/** lark-protocol §6.7: a chart component is at most 999 px high (auto or 1–999 px); taller is rejected. */
export const maxChartHeightPx = 999;
/** Rows a bar chart draws at most: 36 px each under an 80 px title stays within the height limit. */
export const maxChartBars = Math.floor((maxChartHeightPx - 80) / 36);

/** The height of a horizontal bar chart of `rows` rows: readable labels, never past the limit. */
export function chartHeight(rows: number): string {
  return `${Math.min(maxChartHeightPx, 80 + rows * 36)}px`;
}

export function plainText(content: string): PlainText {
  return { tag: 'plain_text', content };
}

export function markdown(content: string): MarkdownElement {
  return { tag: 'markdown', content };
}

/**
 * Makes text that people typed (names, unit titles, narratives) inert in card markdown:
 * what was typed is shown as typed, and cannot open a tag such as <at id=all>.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~[\]<>&#|]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `<at id=ou_…></at>` for each id; ids that are not plain identifiers, and `all`, are
 * dropped — duban never @-mentions everyone (ux.md).
 */
export function mentionTags(openIds: readonly string[]): string {
  return [...new Set(openIds)]
    .filter((id) => /^[A-Za-z0-9_-]+$/.test(id) && id.toLowerCase() !== 'all')
    .map((id) => `<at id=${id}></at>`)
    .join(' ');
}

/** The facts that decide a header colour, the same way on every card (ux.md). */
export interface StatusFacts {
  closed?: boolean | undefined;
  /** Reports expected (not-yet-open ones excluded). */
  expected: number;
  /** Reports in: submitted, late or accepted. */
  inCount: number;
  /** Reports missing past their deadline. */
  overdueCount: number;
  /** Working days to the deadline: 0 = due today, negative = overdue. */
  workdaysLeft: number;
}

/**
 * grey = closed, green = everything in, red = something missing past the deadline,
 * yellow = something missing and due within a working day, blue = information.
 */
export function statusTemplate(f: StatusFacts): HeaderTemplate {
  if (f.closed) return 'grey';
  if (f.expected > 0 && f.inCount >= f.expected) return 'green';
  const missing = f.expected - f.inCount;
  if (f.overdueCount > 0 || (missing > 0 && f.workdaysLeft < 0)) return 'red';
  if (missing > 0 && f.workdaysLeft <= 1) return 'yellow';
  return 'blue';
}

/** A small button that sends `value` back in a callback. */
export function button(name: string, text: string, type: ButtonElement['type'], value?: { [key: string]: JsonValue }): ButtonElement {
  return { tag: 'button', name, text: plainText(text), type, size: 'small', ...(value ? { behaviors: [{ type: 'callback', value }] } : {}) };
}

export function buttonRow(buttons: ButtonElement[]): ColumnSetElement {
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}
