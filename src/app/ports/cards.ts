// Report cards sent to unit chats: which round period and unit each message is, and its task.
export interface ReportCardRef {
  planSlug: string;
  roundKey: string;
  period: string;
  unitCode: string;
  chatId: string;
  messageId?: string | undefined;
  selectedTask?: string | undefined;
  /** The outbox message that delivers it. */
  outboxKey?: string | undefined;
  /** When Lark accepted it: its 14-day window (interaction and updates) starts here. */
  sentAt?: Date | undefined;
}

export interface CardStore {
  save(ref: ReportCardRef & { outboxKey: string }): Promise<void>;
  sent(outboxKey: string, messageId: string): Promise<void>;
  byMessage(messageId: string): Promise<ReportCardRef | undefined>;
  forUnit(planSlug: string, roundKey: string, period: string, unitCode: string): Promise<ReportCardRef[]>;
  selectTask(messageId: string, task: string): Promise<void>;
  /** The plan's current cards: in each chat, the latest sent card of each unit's round period. */
  current(planSlug: string): Promise<ReportCardRef[]>;
  /** The units that have a card (sent or queued) of a round period. */
  unitsWithCards(planSlug: string, roundKey: string, period: string): Promise<Set<string>>;
}

/** Outbox kinds of messages that are report cards: their message ids are recorded when sent. */
export const reportCardKinds: ReadonlySet<string> = new Set(['report.card', 'reminder', 'overdue.ping', 'remind']);
