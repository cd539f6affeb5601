// The lint rule of the layout: each folder may import only what its layer allows
// (style.md, "Dependency direction"). `npm run lint` runs this file alone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

const rules: { folder: string; forbidden: RegExp; why: string }[] = [
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
    forbidden: /^(hono|@hono\/|@larksuiteoapi\/|drizzle-orm|@libsql\/|node-cron|node:)|\/(lark|http|storage|cron|entry|cli)\//,
    why: 'use cases reach storage and Lark through ports only',
  },
];

describe('dependency direction', () => {
  for (const rule of rules) {
    it(`${rule.folder}: ${rule.why}`, () => {
      let list: string[] = [];
      try {
        list = files(rule.folder);
      } catch {
        return; // the folder does not exist yet
      }
      const offending = list.flatMap((f) => imports(f).filter((i) => rule.forbidden.test(i)).map((i) => `${relative('.', f)} imports ${i}`));
      expect(offending).toEqual([]);
    });
  }

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

  it('Lark wire field names stay inside src/lark', () => {
    const offending = files('src')
      .filter((f) => !f.startsWith('src/lark/'))
      .filter((f) => /open_chat_id|open_message_id|receive_id_type/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });
});
