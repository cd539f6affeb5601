// The composition root: createDuban takes the drivers (config, clock, storage, a Lark gateway
// — real or fake — and a logger) and returns the front door every entry uses: receive an
// event, tick at T, deliver the outbox, status. Entries only build drivers and call it.
import type { SchedulerSettings } from '../core/scheduler.js';
import type { Clock } from '../core/time.js';
import type { CoveredCalendar } from '../core/workdays.js';
import type { Deps } from './deps.js';
import { deliverOutbox, drainOutbox, type DeliveryReport, type RateLimiter } from './deliver-outbox.js';
import { createDispatcher } from './dispatch.js';
import type { CardResponse, InboundEvent } from './events.js';
import { features } from './features/index.js';
import { planStatus, type PlanStatus } from './plan-status.js';
import type { ExportFiles, LarkGateway, Logger, NoticeReader, Storage } from './ports/index.js';
import { createReceiver } from './receive-event.js';
import { runTick, type TickResult } from './run-tick.js';

export interface DubanDrivers {
  /** open_ids of office admins (DUBAN_ADMINS). */
  admins: readonly string[];
  clock: Clock;
  storage: Storage;
  lark: LarkGateway;
  files: ExportFiles;
  notices: NoticeReader;
  calendar: CoveredCalendar;
  log: Logger;
  /** A stored payload back to its event (src/lark/inbound.ts), for retries. */
  decode(payload: string): InboundEvent | { error: string };
  /** Who this process is, in leases and claims. */
  instance?: string | undefined;
  limiter?: RateLimiter | undefined;
  settings?: SchedulerSettings | undefined;
}

export interface Duban {
  deps: Deps;
  /** Stores and processes an event; a card callback resolves with its toast and card. */
  receive(event: InboundEvent, payload: string): Promise<{ response?: CardResponse | undefined; background?: Promise<void> | undefined }>;
  /** Exactly what the cron does at T: opens round periods, reminds, chases, summarizes. */
  tick(at?: Date, options?: { owed?: boolean }): Promise<TickResult>;
  /** Sends what is due in the outbox now (single flight). */
  deliver(): Promise<void>;
  /** Delivers until nothing is due or the budget is spent (`duban tick`). */
  drain(at: Date, budgetMs: number): Promise<DeliveryReport & { pending: number }>;
  /** Waits for background processing and delivers everything that can be delivered. */
  flush(budgetMs?: number): Promise<void>;
  /** Processes stored events that were not processed (a crash, a failure); returns how many. */
  retryStored(): Promise<number>;
  /** Looks up the open_ids of directory contacts given by mobile or email; returns how many it found. */
  resolveContacts(): Promise<number>;
  status(slug: string, at?: Date): Promise<PlanStatus>;
  storage: Storage;
}

const pruneEveryMs = 3600_000;

export function createDuban(drivers: DubanDrivers): Duban {
  const { storage, clock, log } = drivers;
  // Whether this process queued a message since delivery last looked: an answered click that
  // queued nothing does not cost a claim on the outbox. Others' messages and retries are
  // picked up by the entries' periodic deliver().
  let queued = true;
  const outbox: Deps['outbox'] = {
    ...storage.outbox,
    enqueue: (messages, at) => {
      queued = true;
      return storage.outbox.enqueue(messages, at);
    },
  };
  const deps: Deps = {
    directory: storage.directory,
    plans: storage.plans,
    assignments: storage.assignments,
    reports: storage.reports,
    reviews: storage.reviews,
    digests: storage.digests,
    cards: storage.cards,
    outbox,
    events: storage.events,
    audit: storage.audit,
    actions: storage.actions,
    summaries: storage.summaries,
    exports: storage.exports,
    lark: drivers.lark,
    files: drivers.files,
    notices: drivers.notices,
    clock,
    calendar: drivers.calendar,
    log,
    admins: drivers.admins,
    settings: drivers.settings,
  };
  const instance = drivers.instance ?? 'duban';
  const receiver = createReceiver(deps, createDispatcher(features));
  const delivery = { outbox: deps.outbox, gateway: deps.lark, cards: deps.cards, digests: deps.digests, limiter: drivers.limiter, sender: instance };

  const background = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    background.add(p);
    void p.finally(() => background.delete(p));
    return p;
  };
  let prunedAt = -Infinity;
  let delivering: Promise<void> | undefined;
  const deliver = () => {
    if (!delivering) queued = false;
    delivering ??= deliverOutbox(delivery, clock.now())
      .then((r) => {
        for (const f of r.failed) (f.permanent ? log.error : log.warn)('send failed', f);
      })
      .catch((e: unknown) => log.error('outbox delivery failed', { error: (e as Error).message }))
      .finally(() => {
        delivering = undefined;
        // Queued while this delivery had already claimed its messages: deliver again.
        if (queued) void deliver();
      });
    return track(delivering);
  };
  const deliverQueued = () => (queued ? deliver() : Promise.resolve());

  return {
    deps,
    storage,
    async receive(event, payload) {
      const r = await receiver.receive(event, payload);
      if (r.kind === 'accepted') return { background: track(r.processing.then(deliverQueued)) };
      if (r.kind === 'answered') {
        void deliverQueued();
        if (r.later) return { response: r.response, background: track(r.later.then(deliverQueued)) };
      }
      return { response: r.response };
    },
    async tick(at = clock.now(), options = {}) {
      const result = await runTick(deps, at, instance, options);
      // Retention, hourly, by the process clock (a replayed T says nothing of what is old).
      const now = clock.now().getTime();
      if (storage.prune && now - prunedAt >= pruneEveryMs) {
        prunedAt = now;
        await storage.prune(new Date(now)).catch((e: unknown) => log.error('pruning stored events, messages and audit failed', { error: (e as Error).message }));
      }
      return result;
    },
    deliver,
    drain: (at, budgetMs) => drainOutbox(delivery, at, budgetMs),
    async flush(budgetMs = 5000) {
      while (background.size > 0) await Promise.allSettled([...background]);
      await drainOutbox(delivery, clock.now(), budgetMs);
    },
    async retryStored() {
      const stale = await deps.events.unprocessed(100, new Date(clock.now().getTime() - 60_000));
      for (const stored of stale) {
        const event = drivers.decode(stored.payload);
        if ('error' in event) await deps.events.markFailed(stored.eventId, event.error);
        else await receiver.process(event, stored.receivedAt);
      }
      return stale.length;
    },
    async resolveContacts() {
      const open = await deps.directory.unresolvedContacts();
      if (open.length === 0) return 0;
      const mobiles = [...new Set(open.flatMap((c) => (c.mobile ? [c.mobile] : [])))];
      const emails = [...new Set(open.flatMap((c) => (c.email && !c.mobile ? [c.email] : [])))];
      const found = await deps.lark.lookupOpenIds({ mobiles, emails }).catch((e: unknown) => {
        log.warn('directory contacts could not be looked up; they stay unresolved', { error: (e as Error).message });
        return [];
      });
      let resolved = 0;
      for (const contact of open) {
        const hit = found.find((f) => (contact.mobile ? f.mobile === contact.mobile : f.email === contact.email));
        if (!hit) continue;
        await deps.directory.resolveContact(contact.unitCode, contact.mobile ? { mobile: contact.mobile } : { email: contact.email }, hit.openId);
        resolved++;
      }
      const missing = open.length - resolved;
      if (missing > 0) log.warn('directory contacts not found in Lark by mobile or email', { missing });
      return resolved;
    },
    status: (slug, at = clock.now()) => planStatus(deps, slug, at),
  };
}
