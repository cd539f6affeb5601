// A zod schema of the card JSON 2.0 subset duban emits (lark-protocol.md §6), and checkCard,
// which also enforces the rules a schema cannot say: where forms may sit, unique names,
// submit buttons, the element count and the 30 KB size limit. Lark answers 230099/11310
// or 230025 for these at send time; checking here turns them into test failures instead.
import { z } from 'zod';
import { headerTemplates } from './types.js';

/** Lark's cap on the card in a send/reply/patch request (§6.2). */
export const maxCardBytes = 30 * 1024;
/** Elements and components per card (§6.1). */
export const maxCardElements = 200;

const size = z.string().regex(/^(\d+px|small|medium|large|extra_large)$/, 'expected 8px or small|medium|large|extra_large');
// Margins and paddings are CSS-like: "12px" or "0px 0px 12px 0px".
const box = z.string().regex(/^-?\d+px( -?\d+px){0,3}$/, 'expected 12px or 0px 0px 12px 0px');
const width = z.string().regex(/^(default|fill|auto|\d+px|\d+%)$/, 'expected default, fill, auto or Npx');

const common = {
  element_id: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/, 'element_id: a letter, then letters, digits or _, at most 20')
    .optional(),
  margin: box.optional(),
};

const plainText = z.strictObject({ tag: z.literal('plain_text'), content: z.string() });
const richText = z.strictObject({
  tag: z.enum(['plain_text', 'lark_md']),
  content: z.string(),
  text_size: z.string().optional(),
  text_align: z.enum(['left', 'center', 'right']).optional(),
  text_color: z.string().optional(),
  lines: z.number().int().positive().optional(),
});

const jsonObject = z.record(z.string(), z.unknown());

const behavior = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('callback'), value: z.union([jsonObject, z.string()]) }),
  z.strictObject({
    type: z.literal('open_url'),
    default_url: z.string(),
    pc_url: z.string().optional(),
    ios_url: z.string().optional(),
    android_url: z.string().optional(),
  }),
]);

const confirm = z.strictObject({ title: plainText, text: plainText });

const markdown = z.strictObject({
  tag: z.literal('markdown'),
  content: z.string(),
  text_align: z.enum(['left', 'center', 'right']).optional(),
  text_size: z.string().optional(),
  ...common,
});

const hr = z.strictObject({ tag: z.literal('hr'), ...common });

const div = z.strictObject({ tag: z.literal('div'), text: richText, ...common });

const input = z.strictObject({
  tag: z.literal('input'),
  name: z.string().optional(),
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
  placeholder: plainText.optional(),
  default_value: z.string().optional(),
  width: width.optional(),
  max_length: z.number().int().min(1).max(1000).optional(),
  input_type: z.enum(['text', 'multiline_text', 'password']).optional(),
  show_icon: z.boolean().optional(),
  rows: z.number().int().positive().optional(),
  auto_resize: z.boolean().optional(),
  max_rows: z.number().int().positive().optional(),
  label: plainText.optional(),
  label_position: z.enum(['top', 'left']).optional(),
  behaviors: z.array(behavior).optional(),
  confirm: confirm.optional(),
  ...common,
});

const selectStatic = z.strictObject({
  tag: z.literal('select_static'),
  name: z.string().optional(),
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
  placeholder: plainText.optional(),
  initial_option: z.string().optional(),
  initial_index: z.number().int().min(0).optional(),
  width: width.optional(),
  type: z.enum(['default', 'text']).optional(),
  options: z
    .array(z.strictObject({ text: plainText, value: z.string().min(1) }))
    .min(1)
    .refine((opts) => new Set(opts.map((o) => o.value)).size === opts.length, 'option values must be unique'),
  behaviors: z.array(behavior).optional(),
  confirm: confirm.optional(),
  ...common,
});

const button = z.strictObject({
  tag: z.literal('button'),
  name: z.string().optional(),
  text: plainText,
  type: z
    .enum(['default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser'])
    .optional(),
  size: z.enum(['tiny', 'small', 'medium', 'large']).optional(),
  width: width.optional(),
  disabled: z.boolean().optional(),
  hover_tips: plainText.optional(),
  confirm: confirm.optional(),
  behaviors: z.array(behavior).optional(),
  form_action_type: z.enum(['submit', 'reset']).optional(),
  ...common,
});

const chart = z.strictObject({
  tag: z.literal('chart'),
  chart_spec: jsonObject,
  aspect_ratio: z.enum(['1:1', '2:1', '4:3', '16:9']).optional(),
  color_theme: z.enum(['brand', 'rainbow', 'complementary', 'converse', 'primary']).optional(),
  preview: z.boolean().optional(),
  // lark-protocol §6.7: `auto` or 1–999 px; a taller chart is rejected.
  height: z
    .string()
    .refine((h) => h === 'auto' || (/^\d+px$/.test(h) && Number.parseInt(h, 10) >= 1 && Number.parseInt(h, 10) <= 999), 'chart height must be auto or 1-999px')
    .optional(),
  ...common,
});

// Known so that checkCard can say "no table inside a form"; duban does not emit tables yet.
const table = z.strictObject({
  tag: z.literal('table'),
  page_size: z.number().int().min(1).max(10).optional(),
  row_height: z.string().optional(),
  freeze_first_column: z.boolean().optional(),
  header_style: jsonObject.optional(),
  columns: z.array(jsonObject),
  rows: z.array(jsonObject),
  ...common,
});

// Containers hold elements, so the element union is recursive; z.lazy breaks the cycle.
const element: z.ZodType<unknown> = z.lazy(() =>
  z.discriminatedUnion('tag', [markdown, hr, div, input, selectStatic, button, chart, table, form, columnSet]),
);

const form = z.strictObject({
  tag: z.literal('form'),
  name: z.string().min(1, 'a form needs a name'),
  elements: z.array(element),
  direction: z.enum(['vertical', 'horizontal']).optional(),
  vertical_spacing: size.optional(),
  horizontal_spacing: size.optional(),
  padding: box.optional(),
  ...common,
});

const column = z.strictObject({
  tag: z.literal('column'),
  width: z.string().regex(/^(auto|weighted|\d+px)$/).optional(),
  weight: z.number().int().min(1).max(5).optional(),
  vertical_align: z.enum(['top', 'center', 'bottom']).optional(),
  vertical_spacing: size.optional(),
  padding: box.optional(),
  background_style: z.string().optional(),
  elements: z.array(element),
  ...common,
});

const columnSet = z.strictObject({
  tag: z.literal('column_set'),
  flex_mode: z.enum(['none', 'stretch', 'flow', 'bisect', 'trisect']).optional(),
  horizontal_spacing: size.optional(),
  background_style: z.string().optional(),
  columns: z.array(column),
  ...common,
});

export const larkCardSchema = z.strictObject({
  schema: z.literal('2.0'),
  config: z.strictObject({
    update_multi: z.boolean(),
    enable_forward: z.boolean().optional(),
    width_mode: z.enum(['default', 'compact', 'fill']).optional(),
    summary: z.strictObject({ content: z.string() }).optional(),
  }),
  header: z
    .strictObject({
      title: plainText,
      subtitle: plainText.optional(),
      template: z.enum(headerTemplates).optional(),
      text_tag_list: z
        .array(z.strictObject({ tag: z.literal('text_tag'), text: plainText, color: z.string() }))
        .max(3)
        .optional(),
      padding: box.optional(),
    })
    .optional(),
  body: z.strictObject({
    direction: z.enum(['vertical', 'horizontal']).optional(),
    padding: box.optional(),
    vertical_spacing: size.optional(),
    elements: z.array(element),
  }),
});

// Components that send data in a form and therefore need a card-unique name.
const interactiveTags = new Set([
  'input',
  'select_static',
  'multi_select_static',
  'select_person',
  'multi_select_person',
  'date_picker',
  'picker_time',
  'picker_datetime',
  'checker',
  'button',
  'overflow',
  'select_img',
]);
const notInForm = new Set(['form', 'table', 'chart']);

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of ['elements', 'columns'] as const) {
    const list = node[key];
    if (Array.isArray(list)) out.push(...list.filter(isNode));
  }
  return out;
}

/** Code points, the way Lark counts an input's max_length. */
const charCount = (s: string) => [...s].length;

/**
 * Every problem found in a card, as readable lines (empty when the card is fine). Works on
 * any value, so a test can hand it a deliberately broken card.
 */
export function checkCard(card: unknown): string[] {
  const problems: string[] = [];
  const parsed = larkCardSchema.safeParse(card);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || '(card)'}: ${issue.message}`);
  }
  if (!isNode(card)) return problems.length > 0 ? problems : ['(card): not an object'];

  if (card.schema !== '2.0') problems.push('schema must be "2.0"');
  const config = card.config;
  if (!isNode(config) || config.update_multi !== true) problems.push('config.update_multi must be true (2.0 cards are shared)');
  const header = card.header;
  if (isNode(header) && !(headerTemplates as readonly unknown[]).includes(header.template)) {
    problems.push(`header.template ${JSON.stringify(header.template)} is not one of ${headerTemplates.join(', ')}`);
  }

  const body = card.body;
  const roots = isNode(body) && Array.isArray(body.elements) ? body.elements.filter(isNode) : [];
  const names = new Map<string, number>();
  let count = 0;

  const visit = (node: Node, path: string, depth: number, form: string | undefined) => {
    count++;
    const tag = String(node.tag);
    const name = typeof node.name === 'string' && node.name !== '' ? node.name : undefined;
    if (name) names.set(name, (names.get(name) ?? 0) + 1);
    if (tag === 'form' && depth > 0) problems.push(`${path}: a form must be at the body root`);
    if (form !== undefined && notInForm.has(tag)) problems.push(`${path}: a ${tag} may not be inside form ${form}`);
    if (form !== undefined && interactiveTags.has(tag) && !name) {
      problems.push(`${path}: ${tag} inside form ${form} needs a name`);
    }
    if (tag === 'input' && typeof node.default_value === 'string') {
      const max = typeof node.max_length === 'number' ? node.max_length : 1000;
      if (charCount(node.default_value) > max) problems.push(`${path}: default_value is longer than max_length ${max}`);
    }
    if (tag === 'select_static' && typeof node.initial_option === 'string' && Array.isArray(node.options)) {
      const values = node.options.filter(isNode).map((o) => o.value);
      if (!values.includes(node.initial_option)) problems.push(`${path}: initial_option ${node.initial_option} is not an option`);
    }
    if (tag === 'form') {
      let submits = 0;
      const countSubmits = (n: Node) => {
        if (n.tag === 'button' && n.form_action_type === 'submit') submits++;
        children(n).forEach(countSubmits);
      };
      children(node).forEach(countSubmits);
      if (submits === 0) problems.push(`${path}: form ${name ?? '(unnamed)'} needs a submit button`);
    }
    const inForm = tag === 'form' ? (name ?? '(unnamed)') : form;
    children(node).forEach((child, i) => visit(child, `${path}.${Array.isArray(node.elements) ? 'elements' : 'columns'}.${i}`, depth + 1, inForm));
  };
  roots.forEach((node, i) => visit(node, `body.elements.${i}`, 0, undefined));

  for (const [name, n] of names) if (n > 1) problems.push(`name ${name} is used ${n} times; names must be unique in a card`);
  if (count > maxCardElements) problems.push(`${count} elements; a card may have at most ${maxCardElements}`);
  const bytes = cardBytes(card);
  if (bytes >= maxCardBytes) problems.push(`${bytes} bytes; a card must stay under ${maxCardBytes}`);
  return problems;
}

/** The UTF-8 size of the card's JSON, what Lark's 30 KB limit counts. */
export function cardBytes(card: unknown): number {
  return new TextEncoder().encode(JSON.stringify(card)).length;
}
