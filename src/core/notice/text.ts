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
