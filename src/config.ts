// The environment, parsed once by one zod schema; a bad value stops the program
// with one line naming the variable and what is expected.
import { DubanError } from './core/errors.js';
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const configSchema = z.object({
  LARK_APP_ID: optional,
  LARK_APP_SECRET: optional,
  LARK_DOMAIN: z
    .string()
    .trim()
    .default('feishu')
    .refine((v) => v === 'feishu' || v === 'lark' || /^https?:\/\/[^\s/]+/.test(v), 'expected feishu, lark or a base URL like http://127.0.0.1:9999'),
  LARK_VERIFICATION_TOKEN: optional,
  LARK_ENCRYPT_KEY: optional,
  LARK_MODE: z.enum(['webhook', 'ws'], { message: 'expected webhook or ws' }).default('webhook'),
  DATABASE_URL: z
    .string()
    .trim()
    .default('file:data/duban.db')
    .refine((v) => /^(file:|libsql:|https?:|wss?:)/.test(v) || v === ':memory:', 'expected a libSQL URL: file:…, libsql:…, https:… or :memory:'),
  DATABASE_AUTH_TOKEN: optional,
  PORT: z.coerce.number({ message: 'expected a port number' }).int('expected a port number').min(0).max(65535, 'expected a port number').default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DUBAN_ADMINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  DUBAN_API_TOKEN: optional,
  DUBAN_CRON: z.enum(['on', 'off'], { message: 'expected on or off' }).default('on'),
  DUBAN_SANDBOX: z.enum(['on', 'off'], { message: 'expected on or off' }).default('on'),
  DUBAN_CLOCK_START: optional.refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), 'expected an ISO time like 2020-10-22T09:00:00+08:00'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends DubanError {
  constructor(message: string) {
    super('CONFIG', message);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`configuration: ${name} is invalid: ${issue.message} (got "${env[name] ?? ''}")`);
  }
  const config = result.data;
  if (Boolean(config.LARK_APP_ID) !== Boolean(config.LARK_APP_SECRET)) {
    const missing = config.LARK_APP_ID ? 'LARK_APP_SECRET' : 'LARK_APP_ID';
    throw new ConfigError(`configuration: ${missing} is missing: LARK_APP_ID and LARK_APP_SECRET go together`);
  }
  return config;
}
