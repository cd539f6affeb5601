// The unit directory: units, their chats and contacts (with leave), as features need them.
import type { PlanUnit } from '../../core/plan.js';
import type { ContactRole, UnitSpec } from '../../core/plan-spec.js';

export interface StoredContact {
  openId?: string | undefined;
  name?: string | undefined;
  mobile?: string | undefined;
  email?: string | undefined;
  role: ContactRole;
  awayUntil?: string | undefined;
}

export interface StoredUnit extends PlanUnit {
  id: number;
  chats: string[];
  contacts: StoredContact[];
}

export interface DirectoryStore {
  /** Every unit, in directory order (counties, parks and departments together, as people list them). */
  units(): Promise<StoredUnit[]>;
  /** One unit by code, read by index: what a click needs. */
  unit(code: string): Promise<StoredUnit | undefined>;
  unitByChat(chatId: string): Promise<StoredUnit | undefined>;
  /** Whether the person is a contact of an office unit (an admin besides DUBAN_ADMINS). */
  isOfficeContact(openId: string): Promise<boolean>;
  upsertUnits(units: readonly UnitSpec[], at: Date): Promise<void>;
  bindChat(input: { unitCode: string; chatId: string; contacts: { openId: string; name?: string | undefined }[]; by: string; at: Date }): Promise<{ previous?: string | undefined }>;
  unbindChat(chatId: string, by: string, at: Date): Promise<string | undefined>;
  /** Marks a person absent until a date (inclusive), in every unit they are a contact of; null ends it. */
  setAway(openId: string, until: string | null, by: string, at: Date): Promise<string[]>;
  /** Directory contacts known only by mobile or email. */
  unresolvedContacts(): Promise<{ unitCode: string; mobile?: string | undefined; email?: string | undefined }[]>;
  resolveContact(unitCode: string, by: { mobile?: string | undefined; email?: string | undefined }, openId: string): Promise<void>;
}
