// Receiving an event: store it first (dedup on event_id and message_id), then process it.
// Card actions are answered with their result; other events are answered at once and
// processed after, and a failure stays stored to be retried, never lost.
import type { CardResponse, InboundEvent } from './events.js';
import { handleEvent, type BotDeps } from './handle-event.js';

export type Received =
  | { kind: 'duplicate'; response?: CardResponse | undefined }
  | { kind: 'answered'; response: CardResponse }
  | { kind: 'accepted'; processing: Promise<void> };

export async function receiveEvent(deps: BotDeps, event: InboundEvent, payload: string, onError: (e: unknown) => void): Promise<Received> {
  const now = deps.clock.now();
  const fresh = await deps.events.record(
    {
      eventId: event.eventId,
      eventType: event.type,
      messageId: event.type === 'message' ? event.messageId : undefined,
      payload,
    },
    now,
  );
  if (!fresh) return { kind: 'duplicate', ...(event.type === 'card.action' ? { response: {} } : {}) };

  if (event.type === 'card.action') {
    try {
      const response = (await handleEvent(deps, event)) ?? {};
      await deps.events.markProcessed(event.eventId, deps.clock.now());
      return { kind: 'answered', response };
    } catch (e) {
      await deps.events.markFailed(event.eventId, (e as Error).message);
      throw e;
    }
  }
  return { kind: 'accepted', processing: processStored(deps, event, onError) };
}

export async function processStored(deps: BotDeps, event: InboundEvent, onError: (e: unknown) => void): Promise<void> {
  try {
    await handleEvent(deps, event);
    await deps.events.markProcessed(event.eventId, deps.clock.now());
  } catch (e) {
    await deps.events.markFailed(event.eventId, (e as Error).message).catch(() => undefined);
    onError(e);
  }
}
