// Card markdown (lark-protocol.md §6.4) to HTML: CommonMark's everyday subset — bold, italic,
// strikethrough, code, links, lists, headings, quotes, pipe tables — plus Lark's tags <at>,
// <font>, <br>, <hr>, <a>, <text_tag>, <person>. Everything else is shown as text.

/** Escapes text for HTML; `&#42;`-style entities (how builders escape markdown) are kept. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&(?!#\d+;|#x[0-9a-fA-F]+;|[a-zA-Z]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes for an attribute or text where entities must not survive (raw values). */
export function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export type NameOf = (openId: string) => string | undefined;

/** `@name` for an open_id; `shownHtml` (already escaped) is the name the message itself gives. */
export function mentionHtml(id: string, nameOf: NameOf, shownHtml?: string): string {
  const name = shownHtml ?? escapeAttr(id === 'all' ? '所有人' : (nameOf(id) ?? id));
  return `<span class="at" data-open-id="${escapeAttr(id)}">@${name}</span>`;
}

const attr = (s: string, name: string): string | undefined => {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:&#39;|&quot;)?([^\\s&]+?)(?:&#39;|&quot;)?(?=\\s|$)`).exec(s);
  return m?.[1];
};

const safeColour = (c: string | undefined) => (c && /^[a-z_-]+$/i.test(c) ? c : 'default');
const safeUrl = (u: string) => (/^(https?:|lark:|mailto:)/i.test(u) ? u : '#');

/** Lark's tags, on text that is already HTML-escaped. */
function larkTags(html: string, nameOf: NameOf): string {
  return html
    .replace(/&lt;at\s+(.*?)&gt;(.*?)&lt;\/at&gt;/g, (_m, attrs: string, inner: string) => {
      const ids = attr(attrs, 'ids')?.split(',') ?? [attr(attrs, 'id') ?? attr(attrs, 'user_id') ?? attr(attrs, 'email') ?? ''];
      return ids.filter(Boolean).map((id) => mentionHtml(id, nameOf, inner || undefined)).join(' ');
    })
    .replace(/&lt;person\s+(.*?)&gt;&lt;\/person&gt;/g, (_m, attrs: string) => mentionHtml(attr(attrs, 'id') ?? '', nameOf).replace('class="at"', 'class="at person"'))
    .replace(/&lt;font\s+color\s*=\s*(?:&#39;|&quot;)?([\w-]+)(?:&#39;|&quot;)?\s*&gt;/g, (_m, c: string) => `<span class="font-${safeColour(c)}">`)
    .replace(/&lt;\/font&gt;/g, '</span>')
    .replace(/&lt;text_tag\s+color\s*=\s*(?:&#39;|&quot;)?([\w-]+)(?:&#39;|&quot;)?\s*&gt;/g, (_m, c: string) => `<span class="text-tag tag-${safeColour(c)}">`)
    .replace(/&lt;\/text_tag&gt;/g, '</span>')
    .replace(/&lt;br\s*\/?&gt;/g, '<br>')
    .replace(/&lt;hr\s*\/?&gt;/g, '<hr>')
    .replace(/&lt;a\s+href\s*=\s*(?:&#39;|&quot;)?([^\s&]+)(?:&#39;|&quot;)?\s*&gt;(.*?)&lt;\/a&gt;/g, (_m, url: string, inner: string) => `<a href="${safeUrl(url)}" target="_blank" rel="noopener">${inner}</a>`);
}

function inline(text: string, nameOf: NameOf): string {
  let html = larkTags(escapeHtml(text), nameOf);
  html = html
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/~~(.+?)~~/g, '<s>$1</s>')
    .replace(/(^|[^*])\*([^*\s][^*]*?)\*(?!\*)/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => `<a href="${safeUrl(url)}" target="_blank" rel="noopener">${label}</a>`);
  return html;
}

function table(lines: string[], nameOf: NameOf): string {
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const [head, , ...rows] = lines;
  const th = cells(head ?? '').map((c) => `<th>${inline(c, nameOf)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c, nameOf)}</td>`).join('')}</tr>`).join('');
  return `<table class="md-table"><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`;
}

export function renderMarkdown(content: string, nameOf: NameOf): string {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) out.push(`<p>${para.join('<br>')}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.ordered ? 'ol' : 'ul'}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.ordered ? 'ol' : 'ul'}>`);
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1] ?? '')) {
      flushPara();
      flushList();
      const block: string[] = [];
      while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]!)) block.push(lines[i++]!);
      i--;
      out.push(table(block, nameOf));
    } else if (bullet || numbered) {
      flushPara();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push(inline((bullet ?? numbered)![1]!, nameOf));
    } else if (heading) {
      flushPara();
      flushList();
      const level = Math.min(6, heading[1]!.length + 2);
      out.push(`<h${level}>${inline(heading[2]!, nameOf)}</h${level}>`);
    } else if (/^\s*>\s?/.test(line)) {
      flushPara();
      flushList();
      out.push(`<blockquote>${inline(line.replace(/^\s*>\s?/, ''), nameOf)}</blockquote>`);
    } else if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
      flushPara();
      flushList();
      out.push('<hr>');
    } else if (line.trim() === '') {
      flushPara();
      flushList();
    } else {
      flushList();
      para.push(inline(line, nameOf));
    }
  }
  flushPara();
  flushList();
  return out.join('');
}

/** A text message's text (not markdown): `<at user_id="…">name</at>` mentions and line breaks. */
export function renderText(text: string, nameOf: NameOf): string {
  return larkTags(escapeAttr(text), nameOf).replace(/\n/g, '<br>');
}
