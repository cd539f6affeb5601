// Units named in the text of an item that has no unit clause: the subjects of its
// sentences (国家卫生健康委推行…, 各地要…, 试点地区要…), a handling phrase
// (发展改革委会同水利部研究提出了办理意见：…) or 请X会同Y…. They are inferred, not stated.
import { isTimeOnly, readHandler, readSubject, type Subject } from './unit-names.js';
import { indexOfTopLevel, splitTopLevel } from './text.js';

export interface InlineUnits {
  lead: string[];
  cooperating: string[];
  responsible: string[];
  implied: string[];
  /** The phrases the units were read from. */
  phrases: string[];
}

const add = (list: string[], names: readonly string[]) => names.forEach((n) => list.includes(n) || list.push(n));

/** The actors of an item's paragraphs, in order of appearance. */
export function inlineUnits(paragraphs: readonly string[]): InlineUnits {
  const out: InlineUnits = { lead: [], cooperating: [], responsible: [], implied: [], phrases: [] };
  const take = (s: Subject, handling: boolean) => {
    if (handling || s.partners.length > 0) {
      add(out.lead, s.names);
      add(out.cooperating, s.partners.filter((p) => !out.lead.includes(p)));
    } else {
      add(out.responsible, s.names.filter((n) => !out.lead.includes(n) && !out.cooperating.includes(n)));
    }
    out.implied.push(...s.implied);
    out.phrases.push(s.raw);
  };
  for (const paragraph of paragraphs) {
    sentences: for (const sentence of splitTopLevel(paragraph, '。！？；;')) {
      // 发展改革委研究提出了办理意见：… — the phrase before the colon names who handled it;
      // what follows is what they said, with its own subjects that are not the item's units.
      const colon = indexOfTopLevel(sentence, '：');
      const handler = colon > 0 ? readHandler(sentence.slice(0, colon)) : undefined;
      if (handler) {
        take(handler, true);
        break sentences;
      }
      let initial = true;
      for (const clause of splitTopLevel(sentence, '，,')) {
        const s = readSubject(clause, !initial);
        if (s) take(s, false);
        initial = isTimeOnly(clause);
      }
    }
  }
  return out;
}

export const hasInlineUnits = (u: InlineUnits) => u.lead.length + u.cooperating.length + u.responsible.length > 0;
