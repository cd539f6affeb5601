// Receiving an event: store it first (dedup on event_id and message_id), then process it.
// Card actions are answered with their result; other events are answered at once and
// processed after, and a failure stays stored to be retried, never lost. A retry of an event
// that was stored but never processed (a crash cut it) is processed then and there, at the
// time it first arrived, and answered as the first attempt would have been.
import type { Deps } from './deps.js';
import type { Dispatcher } from './dispatch.js';
import type { CardResponse, InboundEvent } from './events.js';

export type Received =
  | { kind: 'duplicate'; response?: CardResponse | undefined }
  /** `later`: what the answer promised (an export), still running. */
  | { kind: 'answered'; response: CardResponse; later?: Promise<void> | undefined }
  | { kind: 'accepted'; processing: Promise<void> };

export interface Receiver {
  receive(event: InboundEvent, payload: string): Promise<Received>;
  /** Processes a stored event (a retry after a failure or a crash) at the time it first arrived. */
  process(event: InboundEvent, receivedAt: Date): Promise<void>;
}

export function createReceiver(deps: Deps, dispatcher: Dispatcher): Receiver {
  // One event is processed once at a time in this process: Lark's retry of a slow callback
  // waits for the first attempt's answer instead of doing the work again.
  const inFlight = new Map<string, Promise<Answered>>();
  type Answered = { response?: CardResponse | undefined; later?: Promise<void> | undefined };

  async function run(event: InboundEvent, at: Date): Promise<Answered> {
    const running = inFlight.get(event.eventId);
    if (running) return running;
    const failed = async (e: unknown) => {
      await deps.events.markFailed(event.eventId, (e as Error).message).catch(() => undefined);
      throw e;
    };
    const work = (async (): Promise<Answered> => {
      try {
        const { processed, after, ...response } = (await dispatcher.handle(deps, event, at)) ?? {};
        const answer = event.type === 'card.action' ? response : undefined;
        // Promised work runs after the answer; the event counts as processed once it is done.
        if (after) return { response: answer, later: after().then(() => deps.events.markProcessed(event.eventId, deps.clock.now()), failed) };
        // A submission marks its event processed in the same write as the report.
        if (!processed) await deps.events.markProcessed(event.eventId, deps.clock.now());
        return { response: answer };
      } catch (e) {
        return failed(e);
      }
    })();
    inFlight.set(event.eventId, work);
    try {
      return await work;
    } finally {
      inFlight.delete(event.eventId);
    }
  }

  const logFailure = (event: InboundEvent) => (e: unknown) =>
    deps.log.error('event processing failed; it stays stored and is retried', { event: event.eventId, error: (e as Error).message });
  const inBackground = (event: InboundEvent, at: Date): Promise<void> =>
    run(event, at)
      .then((r) => r.later)
      .catch(logFailure(event));

  return {
    async receive(event, payload) {
      const now = deps.clock.now();
      const recorded = await deps.events.record(
        { eventId: event.eventId, eventType: event.type, messageId: event.type === 'message' ? event.messageId : undefined, payload },
        now,
      );
      if (!recorded.fresh && (recorded.processed || recorded.eventId !== event.eventId)) {
        // Done before (or the same message under another event id): nothing happens twice.
        return { kind: 'duplicate', ...(event.type === 'card.action' ? { response: {} } : {}) };
      }
      const at = recorded.fresh ? now : recorded.receivedAt;
      if (event.type === 'card.action') {
        const { response, later } = await run(event, at);
        return { kind: 'answered', response: response ?? {}, later: later?.catch(logFailure(event)) };
      }
      return { kind: 'accepted', processing: inBackground(event, at) };
    },
    process: (event, receivedAt) => inBackground(event, receivedAt),
  };
}
