// Card JSON 2.0 (lark-protocol.md §6) to HTML, as the bot sent it: header colours, markdown,
// column sets, tables, collapsible panels, forms with inputs, selects and date pickers,
// buttons and charts. Interactive parts carry their callback value in data attributes; the
// page's script turns a click into the card.action.trigger Lark would send. Charts are drawn
// in the browser by VChart from the very same spec.
import { escapeAttr, renderMarkdown, type NameOf } from './markdown.js';
import { sandboxTexts } from './texts.js';

type Json = Record<string, unknown>;
const rec = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const esc = escapeAttr;
const json = (v: unknown) => esc(JSON.stringify(v));
const safe = (v: string | undefined, fallback: string) => (v && /^[\w-]+$/.test(v) ? v : fallback);

interface Ctx {
  nameOf: NameOf;
  /** The form being rendered, if any: its fields post together. */
  form?: string | undefined;
}

/** The text of a plain_text / lark_md text object. */
function textOf(v: unknown, ctx: Ctx): string {
  const t = rec(v);
  if (!t) return esc(str(v) ?? '');
  const content = str(t['content']) ?? '';
  return t['tag'] === 'lark_md' ? renderMarkdown(content, ctx.nameOf) : esc(content).replace(/\n/g, '<br>');
}

/** The callback value of a component: `behaviors[{type: callback}]`, or 1.0's `value`. */
function callbackOf(el: Json): unknown {
  const behavior = arr(el['behaviors']).map(rec).find((b) => b?.['type'] === 'callback');
  return behavior ? behavior['value'] : el['value'];
}

function openUrlOf(el: Json): string | undefined {
  const behavior = arr(el['behaviors']).map(rec).find((b) => b?.['type'] === 'open_url');
  const url = str(behavior?.['default_url']) ?? str(rec(el['multi_url'])?.['url']) ?? str(el['url']);
  return url && /^https?:/i.test(url) ? url : undefined;
}

function label(el: Json, ctx: Ctx): string {
  const text = el['label'] ? textOf(el['label'], ctx) : '';
  const required = el['required'] === true ? '<span class="required">*</span>' : '';
  return text ? `<label class="field-label">${required}${text}</label>` : '';
}

function widthStyle(el: Json): string {
  const w = str(el['width']);
  if (w === 'fill') return ' style="width:100%"';
  if (w && /^\d+px$/.test(w)) return ` style="width:${w}"`;
  return '';
}

function fieldAttrs(el: Json, kind: string): string {
  const name = str(el['name']);
  return [
    name ? ` name="${esc(name)}"` : '',
    ` data-kind="${kind}"`,
    el['required'] === true ? ' data-required="1"' : '',
    el['disabled'] === true ? ' disabled' : '',
  ].join('');
}

function options(el: Json, selected: (v: string) => boolean): string {
  return arr(el['options'])
    .map(rec)
    .filter((o): o is Json => Boolean(o))
    .map((o) => {
      const v = str(o['value']) ?? '';
      return `<option value="${esc(v)}"${selected(v) ? ' selected' : ''}>${textOf(o['text'], { nameOf: () => undefined })}</option>`;
    })
    .join('');
}

/** Outside a form, an interactive component calls back on its own. */
function ownCallback(el: Json, ctx: Ctx, tag: string): string {
  if (ctx.form) return '';
  const value = callbackOf(el);
  return ` data-callback="${json(value ?? {})}" data-tag="${esc(tag)}"${str(el['name']) ? ` data-name="${esc(str(el['name'])!)}"` : ''}`;
}

function input(el: Json, ctx: Ctx): string {
  const placeholder = esc(str(rec(el['placeholder'])?.['content']) ?? '');
  const value = str(el['default_value']) ?? '';
  const max = typeof el['max_length'] === 'number' ? ` maxlength="${el['max_length']}"` : '';
  const field =
    el['input_type'] === 'multiline_text'
      ? `<textarea${fieldAttrs(el, 'input')} rows="${typeof el['rows'] === 'number' ? el['rows'] : 3}" placeholder="${placeholder}"${max}>${esc(value)}</textarea>`
      : `<input type="${el['input_type'] === 'password' ? 'password' : 'text'}"${fieldAttrs(el, 'input')} placeholder="${placeholder}" value="${esc(value)}"${max}>`;
  return `<div class="field"${widthStyle(el)}>${label(el, ctx)}${field}</div>`;
}

function select(el: Json, ctx: Ctx, multiple: boolean): string {
  const initial = multiple ? arr(el['selected_values']).map(str) : [str(el['initial_option'])];
  const index = typeof el['initial_index'] === 'number' ? el['initial_index'] - 1 : -1;
  const optionValues = arr(el['options']).map((o) => str(rec(o)?.['value']));
  const chosen = (v: string) => initial.includes(v) || (index >= 0 && optionValues[index] === v);
  const placeholder = str(rec(el['placeholder'])?.['content']) ?? sandboxTexts.form.selectPlaceholder;
  const none = initial.every((v) => v === undefined) && index < 0;
  const head = multiple ? '' : `<option value=""${none ? ' selected' : ''} disabled>${esc(placeholder)}</option>`;
  const tag = multiple ? 'multi_select_static' : 'select_static';
  return `<div class="field"${widthStyle(el)}>${label(el, ctx)}<select${fieldAttrs(el, multiple ? 'multi' : 'select')}${multiple ? ' multiple' : ''}${ownCallback(el, ctx, tag)}>${head}${options(el, chosen)}</select></div>`;
}

function datePicker(el: Json, ctx: Ctx): string {
  const initial = str(el['initial_date']) ?? '';
  return `<div class="field"${widthStyle(el)}>${label(el, ctx)}<input type="date"${fieldAttrs(el, 'date')} value="${esc(initial)}"${ownCallback(el, ctx, 'date_picker')}></div>`;
}

function checker(el: Json, ctx: Ctx): string {
  return `<label class="checker"><input type="checkbox"${fieldAttrs(el, 'checker')}${el['checked'] === true ? ' checked' : ''}${ownCallback(el, ctx, 'checker')}> ${textOf(el['text'], ctx)}</label>`;
}

function button(el: Json, ctx: Ctx): string {
  const type = safe(str(el['type']), 'default');
  const size = safe(str(el['size']), 'medium');
  const url = openUrlOf(el);
  const confirm = rec(el['confirm']);
  const confirmText = confirm ? `${str(rec(confirm['title'])?.['content']) ?? ''}\n${str(rec(confirm['text'])?.['content']) ?? ''}`.trim() : '';
  const submit = el['form_action_type'] === 'submit' || el['action_type'] === 'form_submit';
  const reset = el['form_action_type'] === 'reset' || el['action_type'] === 'form_reset';
  const name = str(el['name']);
  const attrs = [
    ` class="btn btn-${type} btn-${size}"`,
    el['width'] === 'fill' ? ' style="width:100%"' : '',
    ` data-callback="${json(callbackOf(el) ?? {})}" data-tag="button"`,
    name ? ` data-name="${esc(name)}"` : '',
    submit && ctx.form ? ' data-submit="1"' : '',
    reset && ctx.form ? ' data-reset="1"' : '',
    url ? ` data-url="${esc(url)}"` : '',
    confirmText ? ` data-confirm="${esc(confirmText)}"` : '',
    el['disabled'] === true ? ' disabled' : '',
  ].join('');
  return `<button type="button"${attrs}>${textOf(el['text'], ctx)}</button>`;
}

function chart(el: Json): string {
  const height = str(el['height']);
  const ratio = safe(str(el['aspect_ratio'])?.replace(':', '-'), '16-9').split('-');
  const style = height && /^\d+px$/.test(height) ? `height:${height}` : `aspect-ratio:${ratio[0]} / ${ratio[1]}`;
  return `<div class="chart" data-spec="${json(el['chart_spec'] ?? {})}" data-theme="${esc(str(el['color_theme']) ?? 'brand')}" style="${style}"></div>`;
}

function cell(value: unknown, column: Json, ctx: Ctx): string {
  const type = str(column['data_type']) ?? 'text';
  if (value === undefined || value === null) return '';
  if (type === 'lark_md' || type === 'markdown') return renderMarkdown(str(value) ?? '', ctx.nameOf);
  if (type === 'number' && typeof value === 'number') {
    const format = rec(column['format']);
    const precision = typeof format?.['precision'] === 'number' ? format['precision'] : undefined;
    const n = precision !== undefined ? value.toFixed(precision) : String(value);
    return esc(`${str(format?.['symbol']) ?? ''}${format?.['separator'] === true ? Number(n).toLocaleString('zh-CN') : n}`);
  }
  if (type === 'options') {
    const items = Array.isArray(value) ? value : [value];
    return items
      .map((o) => {
        const r = rec(o);
        return `<span class="text-tag tag-${safe(str(r?.['color']), 'neutral')}">${esc(str(r ? r['text'] : o) ?? '')}</span>`;
      })
      .join(' ');
  }
  if (type === 'persons') return (Array.isArray(value) ? value : [value]).map((id) => `<span class="at">@${esc(ctx.nameOf(String(id)) ?? String(id))}</span>`).join(' ');
  if (type === 'date' && typeof value === 'number') return esc(new Date(value).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }));
  return esc(str(value) ?? JSON.stringify(value));
}

function table(el: Json, ctx: Ctx): string {
  const columns = arr(el['columns']).map(rec).filter((c): c is Json => Boolean(c));
  const rows = arr(el['rows']).map(rec).filter((r): r is Json => Boolean(r));
  const head = columns.map((c) => `<th style="text-align:${safe(str(c['horizontal_align']), 'left')}">${esc(str(c['display_name']) ?? str(c['name']) ?? '')}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => `<td style="text-align:${safe(str(c['horizontal_align']), 'left')}">${cell(r[str(c['name']) ?? ''], c, ctx)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table class="card-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table><div class="table-note">${esc(sandboxTexts.form.tableRows(rows.length))}</div></div>`;
}

function columnSet(el: Json, ctx: Ctx): string {
  const flex = safe(str(el['flex_mode']), 'none');
  const gap = str(el['horizontal_spacing']);
  const columns = arr(el['columns'])
    .map(rec)
    .filter((c): c is Json => Boolean(c))
    .map((c) => {
      const width = str(c['width']);
      const grow = width === 'weighted' ? `flex:${typeof c['weight'] === 'number' ? c['weight'] : 1} 1 0` : width && /^\d+px$/.test(width) ? `flex:0 0 ${width}` : 'flex:0 0 auto';
      const align = { top: 'flex-start', center: 'center', bottom: 'flex-end' }[str(c['vertical_align']) ?? 'top'] ?? 'flex-start';
      return `<div class="column" style="${grow};align-self:${align}">${elements(c['elements'], ctx)}</div>`;
    })
    .join('');
  const bg = safe(str(el['background_style']), 'default');
  return `<div class="column-set flex-${flex} bg-${bg}"${gap && /^\d+px$/.test(gap) ? ` style="gap:${gap}"` : ''}>${columns}</div>`;
}

function collapsible(el: Json, ctx: Ctx): string {
  const header = rec(el['header']);
  const title = header ? textOf(header['title'], ctx) : '';
  return `<details class="panel"${el['expanded'] === true ? ' open' : ''}><summary>${title}</summary><div class="panel-body">${elements(el['elements'], ctx)}</div></details>`;
}

function element(v: unknown, ctx: Ctx): string {
  const el = rec(v);
  if (!el) return '';
  const tag = str(el['tag']) ?? '';
  switch (tag) {
    case 'markdown':
    case 'lark_md': {
      const size = safe(str(el['text_size']), 'normal');
      const align = safe(str(el['text_align']), 'left');
      return `<div class="md size-${size}" style="text-align:${align}">${renderMarkdown(str(el['content']) ?? '', ctx.nameOf)}</div>`;
    }
    case 'div':
    case 'plain_text':
      return `<div class="md">${textOf(el['text'] ?? el, ctx)}</div>`;
    case 'hr':
      return '<hr class="card-hr">';
    case 'column_set':
      return columnSet(el, ctx);
    case 'table':
      return table(el, ctx);
    case 'collapsible_panel':
      return collapsible(el, ctx);
    case 'form': {
      const name = str(el['name']) ?? 'form';
      return `<form class="card-form" data-form="${esc(name)}" onsubmit="return false">${elements(el['elements'], { ...ctx, form: name })}</form>`;
    }
    case 'input':
      return input(el, ctx);
    case 'select_static':
      return select(el, ctx, false);
    case 'multi_select_static':
      return select(el, ctx, true);
    case 'date_picker':
      return datePicker(el, ctx);
    case 'checker':
      return checker(el, ctx);
    case 'button':
      return button(el, ctx);
    case 'action':
      return `<div class="actions">${arr(el['actions']).map((a) => element(a, ctx)).join('')}</div>`;
    case 'note':
      return `<div class="note">${elements(el['elements'], ctx)}</div>`;
    case 'chart':
      return chart(el);
    case 'img':
    case 'image':
      return `<div class="img-placeholder">${esc(sandboxTexts.message.image)}</div>`;
    default:
      return `<div class="unsupported">${esc(sandboxTexts.message.unsupported(tag || '?'))}</div>`;
  }
}

function elements(list: unknown, ctx: Ctx): string {
  return arr(list).map((e) => element(e, ctx)).join('');
}

/** A card message's HTML. */
export function renderCard(card: unknown, nameOf: NameOf): string {
  const c = rec(card) ?? {};
  const ctx: Ctx = { nameOf };
  const header = rec(c['header']);
  const config = rec(c['config']);
  const width = str(config?.['width_mode']) === 'fill' ? 'fill' : str(config?.['width_mode']) === 'compact' ? 'compact' : 'default';
  const head = header
    ? `<div class="card-header tpl-${safe(str(header['template']), 'default')}"><div class="card-title">${textOf(header['title'], ctx)}</div>${
        header['subtitle'] ? `<div class="card-subtitle">${textOf(header['subtitle'], ctx)}</div>` : ''
      }${arr(header['text_tag_list'])
        .slice(0, 3)
        .map((t) => `<span class="text-tag tag-${safe(str(rec(t)?.['color']), 'neutral')}">${textOf(rec(t)?.['text'], ctx)}</span>`)
        .join('')}</div>`
    : '';
  const body = elements(rec(c['body'])?.['elements'] ?? c['elements'], ctx);
  return `<div class="card width-${width}">${head}<div class="card-body">${body}</div></div>`;
}
