// The body a card callback answers with (lark-protocol.md §5.3).
import type { CardResponse } from '../app/events.js';

export function toLarkCardResponse(response: CardResponse): Record<string, unknown> {
  return {
    ...(response.toast ? { toast: { type: response.toast.type, content: response.toast.content } } : {}),
    ...(response.card ? { card: { type: 'raw', data: response.card } } : {}),
  };
}
