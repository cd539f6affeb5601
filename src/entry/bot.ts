// Wires the bot: the SDK client and gateway, the use cases, and the routes' receive
// function; shared by the webhook server, the long connection and the tests.
import type * as lark from '@larksuiteoapi/node-sdk';
import type { InboundEvent } from '../app/events.js';
import type { BotDeps } from '../app/handle-event.js';
import { deliverOutbox, drainOutbox } from '../app/deliver-outbox.js';
import { processStored, receiveEvent } from '../app/receive-event.js';
import { createLarkGateway, fileMessageContent } from '../lark/gateway.js';
import { buildDailySummaryCard } from '../../cards/daily-summary-card.js';
import { summarizeDay } from '../app/daily-summary.js';
import { exportPlan } from '../app/export-plan.js';
import { zh } from '../core/texts.js';
import { createExportWriters } from '../export/export-writers.js';
import { createExportSource } from '../storage/export-source.js';
import { Writable } from 'node:stream';
import { fromEnvelope, type InboundSecurity } from '../lark/inbound.js';
import type { LarkRouteDeps } from '../http/lark-routes.js';
import type { Runtime } from './runtime.js';

export interface Bot {
  deps: BotDeps;
  security: InboundSecurity;
  routes: LarkRouteDeps;
  receive: LarkRouteDeps['receive'];
  /** Sends what is due in the outbox now (single flight). */
  deliver(): Promise<void>;
  /** Waits for background processing and delivers everything that can be delivered. */
  flush(budgetMs?: number): Promise<void>;
  /** Processes stored events that were not processed (a crash, a failure), and returns how many. */
  retryStored(): Promise<number>;
  /** Looks up the open_ids of directory contacts given by mobile or email; returns how many it found. */
  resolveContacts(): Promise<number>;
}

export type Log = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

export const jsonLog: Log = (level, msg, extra = {}) =>
  (level === 'error' ? console.error : console.log)(JSON.stringify({ level, msg, ...extra }));

export async function createBot(rt: Runtime, client: lark.Client, log: Log = jsonLog): Promise<Bot> {
  const gateway = createLarkGateway(client);
  const deps: BotDeps = {
    ...rt.cards,
    events: rt.events,
    gateway,
    clock: rt.clock,
    admins: rt.config.DUBAN_ADMINS,
    summaryCard: async (slug, date, at) => buildDailySummaryCard(await summarizeDay({ plans: rt.store, summaries: rt.summaries, calendar: rt.calendar }, slug, date, at)),
    sendExport: async (slug, format, month, chatId, key, at) => {
      // The file is built in memory (Lark takes the bytes in one upload), then sent as a file message.
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      });
      const source = createExportSource(rt.database);
      const result = await exportPlan({ plans: rt.store, source, writers: createExportWriters() }, slug, format, sink, at, { month });
      const kind = format === 'xlsx' ? 'xls' : format === 'docx' ? 'doc' : 'stream';
      const upload = await gateway.uploadFile({ name: result.fileName, kind, bytes: Buffer.concat(chunks) });
      if (!upload.ok) {
        log('error', 'export upload failed', { slug, format, error: upload.message });
        return zh.exportFile.uploadFailed;
      }
      await rt.outbox.enqueue(
        [
          { key, kind: 'export.file', to: { type: 'chat', id: chatId }, msgType: 'file', content: fileMessageContent(upload.fileKey) },

        ],
        at,
      );
      return undefined;
    },
  };
  const security: InboundSecurity = {
    verificationToken: rt.config.LARK_VERIFICATION_TOKEN,
    encryptKey: rt.config.LARK_ENCRYPT_KEY,
    botOpenId: await gateway.botOpenId(),
  };
  const background = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    background.add(p);
    void p.finally(() => background.delete(p));
    return p;
  };
  const onError = (e: unknown) => log('error', 'event processing failed; it stays stored and is retried', { error: (e as Error).message });

  let delivering: Promise<void> | undefined;
  const deliver = () => {
    delivering ??= deliverOutbox(deps, rt.clock.now())
      .then((r) => {
        for (const f of r.failed) log(f.permanent ? 'error' : 'warn', 'send failed', f);
      })
      .catch((e: unknown) => log('error', 'outbox delivery failed', { error: (e as Error).message }))
      .finally(() => (delivering = undefined));
    return track(delivering);
  };

  const receive: LarkRouteDeps['receive'] = async (event: InboundEvent, payload: string) => {
    const r = await receiveEvent(deps, event, payload, onError);
    if (r.kind === 'accepted') return { background: track(r.processing.then(() => deliver())) };
    if (r.kind === 'answered') void deliver();
    return { response: r.response };
  };

  return {
    deps,
    security,
    receive,
    routes: { security, receive, log },
    deliver,
    async flush(budgetMs = 5000) {
      while (background.size > 0) await Promise.allSettled([...background]);
      await drainOutbox(deps, rt.clock.now(), budgetMs);
    },
    async resolveContacts() {
      const open = await rt.loop.unresolvedContacts();
      if (open.length === 0) return 0;
      const mobiles = [...new Set(open.flatMap((c) => (c.mobile ? [c.mobile] : [])))];
      const emails = [...new Set(open.flatMap((c) => (c.email && !c.mobile ? [c.email] : [])))];
      const found = await gateway.lookupOpenIds({ mobiles, emails }).catch((e: unknown) => {
        log('warn', 'directory contacts could not be looked up; they stay unresolved', { error: (e as Error).message });
        return [];
      });
      let resolved = 0;
      for (const contact of open) {
        const hit = found.find((f) => (contact.mobile ? f.mobile === contact.mobile : f.email === contact.email));
        if (!hit) continue;
        await rt.loop.resolveContact(contact.unitCode, contact.mobile ? { mobile: contact.mobile } : { email: contact.email }, hit.openId);
        resolved++;
      }
      const missing = open.length - resolved;
      if (missing > 0) log('warn', 'directory contacts not found in Lark by mobile or email', { missing });
      return resolved;
    },
    async retryStored() {
      const stale = await rt.events.unprocessed(100, new Date(rt.clock.now().getTime() - 60_000));
      for (const stored of stale) {
        const result = fromEnvelope(JSON.parse(stored.payload), stored.payload, { botOpenId: security.botOpenId });
        if (result.kind === 'event') await processStored(deps, result.event, onError);
        else await rt.events.markFailed(stored.eventId, result.kind === 'rejected' ? result.reason : 'not an event');
      }
      return stale.length;
    },
  };
}
