// Report cards sent to unit chats: which round period and unit each message is, and its task.
export interface ReportCardRef {
  planSlug: string;
  roundKey: string;
  period: string;
  unitCode: string;
  chatId: string;
  messageId?: string | undefined;
  selectedTask?: string | undefined;
}

export interface CardStore {
  save(ref: ReportCardRef & { outboxKey: string }): Promise<void>;
  sent(outboxKey: string, messageId: string): Promise<void>;
  byMessage(messageId: string): Promise<ReportCardRef | undefined>;
  forUnit(planSlug: string, roundKey: string, period: string, unitCode: string): Promise<ReportCardRef[]>;
  selectTask(messageId: string, task: string): Promise<void>;
}
