// Item numbering: 第一章, 第一条, 一、, （一）, 1., (1), ①, and what a number line says.
import { chineseToInt } from './numerals.js';

/** Kinds of item numbering, from chapters down to circled digits. */
export type NumberStyle = 'chapter' | 'article' | 'cn' | 'cn-paren' | 'arabic' | 'arabic-paren' | 'arabic-half' | 'circled';

export interface Marker {
  style: NumberStyle;
  n: number;
  /** The number as written, without the text after it: （一）, 1., 八、 */
  written: string;
  rest: string;
}

const markerPatterns: ReadonlyArray<{ style: NumberStyle; pattern: RegExp }> = [
  { style: 'chapter', pattern: /^第([一二三四五六七八九十百]+)(?:章|部分)[\s\u3000]*/ },
  { style: 'article', pattern: /^第([一二三四五六七八九十百]+)条[\s\u3000]*/ },
  { style: 'cn', pattern: /^([一二三四五六七八九十]+)[、.．][\s\u3000]*/ },
  { style: 'cn-paren', pattern: /^[（(][\s\u3000]*([一二三四五六七八九十]+)[\s\u3000]*[）)][\s\u3000]*/ },
  // 1. or 1、 but not 1.5万 (a decimal) or 2020年 (a year).
  { style: 'arabic', pattern: /^(\d{1,3})(?:[、．]|\.(?!\d))[\s\u3000]*/ },
  { style: 'arabic-paren', pattern: /^[（(][\s\u3000]*(\d{1,2})[\s\u3000]*[）)][\s\u3000]*/ },
  // 1) or 1）, with a closing bracket only.
  { style: 'arabic-half', pattern: /^(\d{1,2})[）)][\s\u3000]*/ },
  { style: 'circled', pattern: /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])[\s\u3000]*/ },
];

export function readMarker(line: string): Marker | undefined {
  for (const { style, pattern } of markerPatterns) {
    const m = pattern.exec(line);
    if (!m) continue;
    const raw = m[1]!;
    const n = style === 'circled' ? raw.codePointAt(0)! - 0x2460 + 1 : chineseToInt(raw);
    if (n === undefined || n === 0) continue;
    return { style, n, written: m[0].trim(), rest: line.slice(m[0].length).trim() };
  }
  return undefined;
}

/** The number of a heading for a section path: 四、 → 四, （一） → （一）, 1. → 1. */
export function pathPart(marker: Marker): string {
  return marker.written.replace(/[、.．\s\u3000]+$/, '').replace(/[(]/g, '（').replace(/[)]/g, '）').replace(/[\s\u3000]/g, '');
}
