// Opens the libSQL database (embedded file, :memory: or a remote libsql:/https: server)
// and applies the committed Drizzle migrations.
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from '../../db/schema.js';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  client: Client;
  db: Db;
  url: string;
  close(): void;
}

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const isFile = url.startsWith('file:');
  if (isFile) {
    const path = url.slice('file:'.length);
    if (path && !path.startsWith(':')) mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // One connection: every call is a short synchronous one (no interactive transactions, see
  // README "Decisions"), so a pool would only open connections that miss the pragmas below —
  // they are per connection. `timeout` is the busy timeout, for other processes' writes.
  const client = createClient({ url, authToken, timeout: 5000, concurrency: 1 });
  // WAL is a property of the file. `synchronous` stays FULL: every committed report survives a
  // power cut, and group commit (report-store.ts) keeps that from costing one fsync per click.
  if (isFile) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = FULL');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  return { client, db, url, close: () => client.close() };
}

export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}
