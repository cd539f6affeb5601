// The audit log: who did what and when (bindings, leave, 催办, plan loads, reviews).
export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown> | undefined;
}

export interface AuditStore {
  record(entry: AuditEntry): Promise<void>;
  /** When `action` last happened to `subject`, if ever. */
  lastAt(action: string, subject: string): Promise<Date | undefined>;
}
