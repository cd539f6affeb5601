// Inbound events, stored before they are answered: dedup, and retries from the stored payload.
export interface InboundEventRecord {
  eventId: string;
  eventType: string;
  messageId?: string | undefined;
  payload: string;
}

/** What storing an event found: new, or seen before (with how far it got, and when it first came). */
export type RecordedEvent =
  | { fresh: true }
  | { fresh: false; processed: boolean; receivedAt: Date; eventId: string };

export interface EventStore {
  /** Stores an event before it is answered; a second arrival (same event_id or message_id) is told apart. */
  record(event: InboundEventRecord, at: Date): Promise<RecordedEvent>;
  markProcessed(eventId: string, at: Date): Promise<void>;
  markFailed(eventId: string, error: string): Promise<void>;
  /** Events received but not processed (a crash, a failure), oldest first. */
  unprocessed(limit: number, olderThan: Date): Promise<(InboundEventRecord & { receivedAt: Date })[]>;
}
