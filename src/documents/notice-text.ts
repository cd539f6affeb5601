// Reading a notice file for the importer: plain text as it is; a Word file (.docx) through
// mammoth, as its paragraphs and tables — each table row one line, its cells separated by
// tabs — and Word's own list numbering written out (1., (1)), since the text lacks it.
import { readFile } from 'node:fs/promises';
import mammoth from 'mammoth';
import type { NoticeReader } from '../app/ports/index.js';

export class NoticeFileError extends Error {}

const refuseDoc = (name: string) => {
  if (/\.doc$/i.test(name)) throw new NoticeFileError(`${name}: .doc (Word 97–2003) is not read; save it as .docx`);
};

/** The text of a .txt or .docx notice. */
export async function readNoticeFile(path: string): Promise<string> {
  refuseDoc(path);
  return createNoticeReader().text({ name: path, bytes: await readFile(path) });
}

/** The notice reader of a file sent in chat: by its name, or a Word file by its bytes. */
export function createNoticeReader(): NoticeReader {
  return {
    async text({ name, bytes }) {
      refuseDoc(name);
      const buffer = Buffer.from(bytes);
      return /\.docx$/i.test(name) || isZip(buffer) ? docxToText(buffer) : buffer.toString('utf8');
    },
  };
}

const isZip = (bytes: Buffer) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export async function docxToText(bytes: Buffer): Promise<string> {
  const { value } = await mammoth.convertToHtml({ buffer: bytes });
  return htmlToNoticeText(value);
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return entities[e.toLowerCase()] ?? all;
  });
}

/** mammoth's HTML as lines: paragraphs, headings, list items and table rows. */
export function htmlToNoticeText(html: string): string {
  const lines: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let line = '';
  let row: string[] | undefined;
  let cell: string[] | undefined;
  let cellText = '';
  const flush = () => {
    const text = line.trim();
    line = '';
    if (!text) return;
    if (cell) cell.push(text);
    else lines.push(text);
  };
  // Paragraphs of one cell: run on after a sentence end, 、 between names (市甲局 / 市乙局).
  const joinCell = (parts: readonly string[]) => parts.reduce((a, p) => (a === '' ? p : /[。；;！？：:，,、]$/.test(a) ? a + p : `${a}、${p}`), '');
  for (const m of html.matchAll(/<(\/?)([a-zA-Z0-9]+)[^>]*?(\/?)>|([^<]+)/g)) {
    if (m[4] !== undefined) {
      line += decode(m[4]);
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (tag === 'br') flush();
    else if (/^(p|h[1-6])$/.test(tag)) flush();
    else if (tag === 'ol' || tag === 'ul') {
      flush();
      if (closing) lists.pop();
      else lists.push({ ordered: tag === 'ol', n: 0 });
    } else if (tag === 'li') {
      flush();
      const list = lists.at(-1);
      if (!closing && list?.ordered) {
        list.n++;
        line = lists.length === 1 ? `${list.n}.` : lists.length === 2 ? `(${list.n})` : `${list.n})`;
      }
    } else if (tag === 'tr') {
      flush();
      if (!closing) row = [];
      else if (row) {
        if (row.some((c) => c)) lines.push(row.join('\t'));
        row = undefined;
      }
    } else if (tag === 'td' || tag === 'th') {
      flush();
      if (!closing) cell = [];
      else if (cell) {
        cellText = joinCell(cell).replace(/\t/g, ' ');
        row?.push(cellText);
        cell = undefined;
      }
    }
  }
  flush();
  return lines.join('\n');
}
