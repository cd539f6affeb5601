// Node entry: migrate, seed an empty database, serve HTTP (and, with credentials, Lark).
import { serve } from '@hono/node-server';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import { createApp } from '../http/app.js';
import { loadEnv, openRuntime } from './runtime.js';

export async function startNode(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const mode = config.LARK_APP_ID ? 'lark' : 'setup';
  const app = createApp({
    store: runtime.store,
    clock: runtime.clock,
    ping: async () => void (await runtime.database.client.execute('SELECT 1')),
    mode,
    version: '0.1.0',
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const log = (msg: string, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ level: 'info', msg, ...extra }));
    log('duban listening', { url: `http://${config.HOST}:${info.port}`, database: config.DATABASE_URL, mode });
    if (mode === 'setup') {
      log('no Lark credentials: set LARK_APP_ID and LARK_APP_SECRET (and LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN) to connect; see README "Connect to Lark"');
    }
  });
  const stop = () => {
    server.close();
    runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await startNode(loadEnv());
  } catch (e) {
    console.error(`duban: ${(e as Error).message}`);
    process.exit(1);
  }
}
