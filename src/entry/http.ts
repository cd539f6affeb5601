// The Hono app of an opened duban: /healthz, Lark's events and callbacks (webhook mode), and
// the bearer-token API. Shared by the Node server, the sandbox and the tests.
import type { Hono } from 'hono';
import { createExportDownloads, createExportWriters } from '../export/export-writers.js';
import { createApp } from '../http/app.js';
import type { LarkRouteDeps } from '../http/lark-routes.js';
import type { OpenedDuban } from './open-duban.js';

export function larkRoutes(opened: OpenedDuban): LarkRouteDeps {
  return {
    security: opened.security,
    receive: (event, payload) => opened.duban.receive(event, payload),
    log: (level, msg, extra) => opened.log[level](msg, extra),
  };
}

export function createDubanApp(opened: OpenedDuban, options: { webhook: boolean; version?: string; sandbox?: boolean }): Hono {
  const { duban, storage, clock, config } = opened;
  return createApp({
    plans: storage.plans,
    clock,
    ping: () => storage.ping(),
    mode: options.sandbox ? 'sandbox' : opened.connected ? 'lark' : 'setup',
    version: options.version ?? '0.1.0',
    log: (level, msg, extra) => opened.log[level](msg, extra),
    lark: options.webhook && opened.connected ? larkRoutes(opened) : undefined,
    api: {
      token: config.DUBAN_API_TOKEN,
      status: (slug, at) => duban.status(slug, at),
      clock,
      download: createExportDownloads({ plans: storage.plans, directory: storage.directory, source: storage.exports, writers: createExportWriters() }, (e) =>
        opened.log.error('export failed', { error: e.message }),
      ),
    },
  });
}
