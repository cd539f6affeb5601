// Text helpers for notices: lines as the importer reads them, brackets, sentences and
// punctuation in both full-width and half-width forms.

export const openers = '(（[【《“‘〔';
export const closers = ')）]】》”’〕';

const space = /^[\s\u3000\u00a0\ufeff\u200b]+|[\s\u3000\u00a0\ufeff\u200b]+$/g;

/** How far a line is from balancing its brackets: > 0 when it leaves some open. */
function openDepth(line: string): number {
  let depth = 0;
  for (const ch of line) {
    if (openers.includes(ch) && ch !== '“' && ch !== '‘') depth++;
    else if (closers.includes(ch) && ch !== '”' && ch !== '’') depth--;
  }
  return depth;
}

/**
 * The notice's lines, trimmed and without blank lines or a leading `# ` note (a crawl's
 * source line). A line that leaves a bracket open is joined with the next one or two when
 * that closes it: a unit clause broken over lines (（人力资源社会保障部、\n财政部负责）).
 */
export function toLines(text: string): string[] {
  const raw = text
    .split(/\r?\n|\r/)
    .map((l) => l.replace(space, ''))
    .filter((l) => l.length > 0);
  while (raw[0]?.startsWith('# ')) raw.shift();
  const out: string[] = [];
  const lines = unwrap(raw.map((l) => l.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))));
  raw.length = 0;
  raw.push(...lines);
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!;
    if (openDepth(line) > 0 && !line.includes('\t')) {
      for (let k = 1; k <= 2 && i + k < raw.length; k++) {
        const joined = raw.slice(i, i + k + 1).join('');
        if (openDepth(joined) === 0) {
          line = joined;
          i += k;
          break;
        }
      }
    }
    out.push(line);
  }
  return out;
}

// A line that ends a sentence (or a clause) — in text that is not wrapped, most long lines do.
const lineEnd = /[。；;：:！？!?）)]$/;
const sentenceEnd = /[。；;：:！？!?]$/;
const startsItem = /^([（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|第[一二三四五六七八九十百]+[章条部]|[①-⑳]|(牵头|配合|责任|负责|完成|协办|参与)[^：:]{0,6}[:：])|〔\d{4}〕\d+号$|^(附件|抄送|主题词)|印发$/;

/**
 * Text wrapped at a fixed width (pdftotext, copied from a PDF) has its paragraphs broken
 * mid-sentence: most long lines end without punctuation, at about the same length. Such a
 * line is joined with the next one unless that one starts an item or a label.
 */
function unwrap(lines: readonly string[]): string[] {
  const long = lines.filter((l) => l.length >= 15 && !l.includes('\t'));
  const open = long.filter((l) => !lineEnd.test(l));
  if (open.length < 5 || open.length < long.length * 0.4) return [...lines];
  const widths = open.map((l) => l.length).sort((a, b) => a - b);
  const width = widths[Math.floor(widths.length * 0.75)]!;
  if (open.filter((l) => Math.abs(l.length - width) <= 2).length < open.length * 0.5) return [...lines];
  const out: string[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    // A full line runs on even after a 。 or a quote: a paragraph rarely ends exactly at the margin.
    // After a 。, a short line without punctuation is a heading or a signature, not the rest.
    const runsOn =
      prev !== undefined &&
      (sentenceEnd.test(prev) ? prev.length >= width - 1 && !(line.length <= 20 && !/[，,。；;：:]/.test(line)) : prev.length >= width - 4);
    if (runsOn && !prev!.includes('\t') && !startsItem.test(line)) out[out.length - 1] = prev + line;
    else out.push(line);
  }
  return out;
}

/** Splits after (keep) or at (drop) separator characters that are not inside brackets or quotes. */
function splitOutside(text: string, separators: string, keep: boolean): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (openers.includes(ch)) depth++;
    else if (closers.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.includes(ch)) {
      parts.push(keep ? current + ch : current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Splits on separator characters that are not inside brackets or quotes. */
export function splitTopLevel(text: string, separators: string): string[] {
  return splitOutside(text, separators, false);
}

export function indexOfTopLevel(text: string, target: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (depth === 0 && ch === target) return i;
    if (openers.includes(ch)) depth++;
    else if (closers.includes(ch)) depth = Math.max(0, depth - 1);
  }
  return -1;
}

export function trimPunctuation(text: string): string {
  return text.replace(/^[\s\u3000,，;；:：、。]+|[\s\u3000,，;；:：、。]+$/g, '');
}

/** Title = the first sentence (without its 。), rest = everything after it. */
export function splitFirstSentence(text: string): { title: string; rest: string } {
  const i = indexOfTopLevel(text, '。');
  if (i < 0) return { title: trimPunctuation(text), rest: '' };
  return { title: text.slice(0, i).trim(), rest: text.slice(i + 1).trim() };
}

/** Sentences ending in 。！？ (kept), outside brackets. */
export function sentences(text: string): string[] {
  return splitOutside(text, '。！？!?', true)
    .map((s) => s.trim())
    .filter((s) => s);
}
