// The lint rule of the layout: each folder may import only what its layer allows
// (style.md, "Dependency direction"). `npm run lint` runs this file alone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const rules: { folder: string; forbidden: RegExp; why: string; except?: string[] }[] = [
  {
    folder: 'src/core',
    forbidden: /^(hono|@hono\/|@larksuiteoapi\/|drizzle-orm|drizzle-kit|@libsql\/|node-cron|yaml|exceljs|node:|fs$|path$|crypto$)|\/(app|lark|http|storage|cron|entry|cli)\/|\.\.\/\.\.\//,
    why: 'the core is pure: zod and the core itself only',
  },
  {
    folder: 'cards',
    forbidden: /^(hono|@hono\/|@larksuiteoapi\/|drizzle-orm|@libsql\/|node-cron|node:)|\/(app|lark|http|storage|cron|entry|cli)\//,
    why: 'card builders are pure: view model in, card JSON out',
  },
  {
    folder: 'src/app',
    forbidden: /^(hono|@hono\/|@larksuiteoapi\/|drizzle-orm|@libsql\/|node-cron|pino|exceljs|docx|node:)|\/(lark|fake-lark|sandbox|http|storage|export|calendar|cron|entry|cli)\//,
    why: 'use cases reach storage and Lark through ports only',
  },
  {
    folder: 'src/app/features',
    // Core, ports, the shared use cases of src/app and the card builders; never another feature.
    forbidden: /^(?!zod$)[^.]|\/(lark|fake-lark|sandbox|http|storage|export|calendar|cron|entry|cli|db)\/|^\.\/(?!feature\.js$)/,
    why: 'a feature imports core, ports, shared use cases and card builders, never another feature',
    // The feature table is the one place that names them all.
    except: ['src/app/features/index.ts'],
  },
];

/** Adapters: only entries (and the CLI, an entry's command line) import them, besides each other. */
const adapters = ['src/storage', 'src/lark', 'src/http', 'src/export', 'src/calendar', 'src/cron', 'src/fake-lark', 'src/documents'];
const mayImportAdapters = ['src/entry', 'src/cli', 'src/sandbox', ...adapters];

describe('dependency direction', () => {
  for (const rule of rules) {
    it(`${rule.folder}: ${rule.why}`, () => {
      let list: string[] = [];
      try {
        list = files(rule.folder);
      } catch {
        return; // the folder does not exist yet
      }
      const offending = list.filter((f) => !rule.except?.includes(f)).flatMap((f) => imports(f).filter((i) => rule.forbidden.test(i)).map((i) => `${relative('.', f)} imports ${i}`));
      expect(offending).toEqual([]);
    });
  }

  it('only entries import adapters', () => {
    const offending = ['src', 'cards', 'db']
      .flatMap((dir) => files(dir))
      .filter((f) => !mayImportAdapters.some((d) => f.startsWith(`${d}/`)))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith('.'))
          .map((i) => relative('.', join(dirname(f), i)))
          .filter((target) => adapters.some((d) => target.startsWith(`${d}/`)))
          .map((target) => `${f} imports ${target}`),
      );
    expect(offending).toEqual([]);
  });

  it('only the sandbox, the tests and the benches import the fake', () => {
    const mayImportFake = ['src/fake-lark/', 'src/sandbox/'];
    const offending = ['src', 'cards', 'db']
      .flatMap((dir) => files(dir))
      .filter((f) => f !== 'src/entry/sandbox.ts' && !mayImportFake.some((d) => f.startsWith(d)))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith('.'))
          .map((i) => relative('.', join(dirname(f), i)))
          .filter((target) => target === 'src/fake-lark' || target.startsWith('src/fake-lark/'))
          .map((target) => `${f} imports ${target}`),
      );
    expect(offending).toEqual([]);
  });

  it('src/core never reads the clock or the environment', () => {
    const offending = files('src/core').flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, n: i + 1 }))
        .filter(({ line }) => !line.trim().startsWith('//') && /Date\.now\(\)|new Date\(\)|process\.env|Math\.random\(\)/.test(line))
        .map(({ n }) => `${f}:${n}`),
    );
    expect(offending).toEqual([]);
  });

  it('Lark wire field names stay inside src/lark (and the fake, which speaks the wire)', () => {
    const offending = files('src')
      .filter((f) => !f.startsWith('src/lark/') && !f.startsWith('src/fake-lark/'))
      .filter((f) => /open_chat_id|open_message_id|receive_id_type/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });
});
