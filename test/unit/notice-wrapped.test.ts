// Text copied from a PDF (pdftotext) is wrapped at a fixed width, its paragraphs broken
// mid-sentence. Such a notice imports like the unwrapped one.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importNotice } from '../../src/core/notice-import.js';
import { toLines } from '../../src/core/notice/text.js';

/** Every line longer than `width` broken into lines of `width` characters, as a PDF page sets them (table rows aside). */
const wrap = (text: string, width: number) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .flatMap((l) => (/\t|\s{2,}/.test(l) || l.length <= width ? [l] : (l.match(new RegExp(`.{1,${width}}`, 'gu')) ?? [])))
    .join('\n');

const files = [
  ...readdirSync('test/fixtures/notices/real').filter((f) => f.endsWith('.txt')).map((f) => `test/fixtures/notices/real/${f}`),
  ...readdirSync('test/fixtures/notices/layouts').filter((f) => f.endsWith('.txt')).map((f) => `test/fixtures/notices/layouts/${f}`),
];

const shape = (text: string) => {
  const r = importNotice(text, {});
  return r.plan.tasks.map((t, i) => ({
    title: t.title,
    units: [t.lead, t.cooperating, t.responsible],
    subtasks: t.subtasks.map((s) => [s.title, s.lead, s.cooperating, s.responsible]),
    from: r.origins[i]!.units.kind,
  }));
};

describe('a notice wrapped at a fixed width', () => {
  it.each(files.flatMap((f) => [28, 35].map((w): [string, number] => [f, w])))('%s at %i characters a line imports like the unwrapped text', (file, width) => {
    const text = readFileSync(file, 'utf8');
    expect(shape(wrap(text, width))).toEqual(shape(text));
  });

  it('the seed notice, whose lines are paragraphs, is not taken for wrapped text', () => {
    const text = readFileSync('test/fixtures/notices/baoshan-2020-public-service-quality.txt', 'utf8');
    expect(toLines(text)).toEqual(text.split('\n').map((l) => l.trim()).filter((l) => l));
  });
});
