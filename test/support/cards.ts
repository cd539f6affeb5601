// Reading a built card the way a person sees it: every component, depth first.
import type { CardElement, LarkCard } from '../../cards/types.js';

export function allElements(card: LarkCard): CardElement[] {
  const out: CardElement[] = [];
  const walk = (e: CardElement) => {
    out.push(e);
    if (e.tag === 'form') e.elements.forEach(walk);
    if (e.tag === 'column_set') e.columns.forEach((c) => c.elements.forEach(walk));
  };
  card.body.elements.forEach(walk);
  return out;
}
