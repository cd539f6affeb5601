// What every feature and use case is given: the ports (one per noun), Lark, the clock, the
// working calendar and the logger. createDuban builds it once from the drivers.
import type { Clock } from '../core/time.js';
import type { SchedulerSettings } from '../core/scheduler.js';
import type { CoveredCalendar } from '../core/workdays.js';
import type { ExportFiles, LarkGateway, Logger, NoticeReader, Storage } from './ports/index.js';

export interface Deps extends Omit<Storage, 'ping' | 'prune' | 'close'> {
  lark: LarkGateway;
  files: ExportFiles;
  notices: NoticeReader;
  clock: Clock;
  calendar: CoveredCalendar;
  log: Logger;
  /** open_ids of office admins (DUBAN_ADMINS). */
  admins: readonly string[];
  /** Overrides the plans' own schedule settings (tests, replays). */
  settings?: SchedulerSettings | undefined;
}

/** An office admin: DUBAN_ADMINS, or a contact of the office unit. */
export async function isAdmin(deps: Pick<Deps, 'admins' | 'directory'>, openId: string): Promise<boolean> {
  return deps.admins.includes(openId) || (await deps.directory.isOfficeContact(openId));
}
