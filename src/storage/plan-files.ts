// Reads plan and unit-directory YAML files and validates them; every problem is
// reported as `file:path: reason`, never as a stack trace.
import { DubanError } from '../core/errors.js';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath, resolvePlan, type Plan, type PlanUnit, type SpecIssue } from '../core/plan.js';
import { directorySpec, planSpec, type DirectorySpec, type PlanSpec } from '../core/plan-spec.js';

export class PlanFileError extends DubanError {
  constructor(readonly problems: string[]) {
    super('PLAN_FILE', problems.join('\n'));
    this.name = 'PlanFileError';
  }
}

/** A path as the person at the terminal would write it: relative when under the cwd. */
export function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Reads a YAML file; a missing file or a syntax error is a PlanFileError with file:line:col. */
export function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new PlanFileError([`${displayName(file)}: ${reason}`]);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new PlanFileError(
      doc.errors.map((err) => {
        const line = err.linePos?.[0];
        const at = line ? `${line.line}:${line.col}` : '(root)';
        return `${displayName(file)}:${at}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  return doc.toJS();
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, file: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new PlanFileError(
      result.error.issues.map((issue) => `${displayName(file)}:${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  return result.data;
}

export function readDirectoryFile(file: string): DirectorySpec {
  const spec = parseWith(directorySpec, readYaml(file), file);
  const problems: SpecIssue[] = [];
  const seen = new Map<string, number>();
  spec.units.forEach((u, i) => {
    for (const [field, key] of [['code', u.code], ['name', u.name]] as const) {
      const k = `${field}:${key}`;
      if (seen.has(k)) problems.push({ path: ['units', i, field], message: `${field} "${key}" is used twice` });
      seen.set(k, i);
    }
  });
  if (problems.length) throw new PlanFileError(problems.map((p) => `${displayName(file)}:${formatPath(p.path)}: ${p.message}`));
  return spec;
}

export interface PlanFiles {
  spec: PlanSpec;
  directory?: DirectorySpec | undefined;
  file: string;
}

export function readPlanFile(file: string): PlanFiles {
  const path = resolve(file);
  const spec = parseWith(planSpec, readYaml(path), path);
  const directory = spec.directory ? readDirectoryFile(resolve(dirname(path), spec.directory)) : undefined;
  return { spec, directory, file: path };
}

/** Resolves a plan against units (from its directory and the database), or throws with file paths. */
export function resolvePlanFile(files: PlanFiles, units: readonly PlanUnit[]): Plan {
  const resolved = resolvePlan(files.spec, units);
  if (!resolved.ok) {
    throw new PlanFileError(resolved.issues.map((i) => `${displayName(files.file)}:${formatPath(i.path)}: ${i.message}`));
  }
  return resolved.value;
}

export const seedPlanFile = resolve(dirname(new URL(import.meta.url).pathname), '../../db/seeds/baoshan-2020-public-service-quality.yaml');
