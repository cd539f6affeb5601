import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createProcessClock } from '../../src/clock.js';

describe('configuration from the environment', () => {
  it('has the defaults of design.md', () => {
    expect(parseConfig({})).toMatchObject({
      LARK_DOMAIN: 'feishu',
      LARK_MODE: 'webhook',
      DATABASE_URL: 'file:data/duban.db',
      PORT: 3000,
      HOST: '0.0.0.0',
      DUBAN_ADMINS: [],
      DUBAN_CRON: 'on',
      DUBAN_SANDBOX: 'on',
    });
    expect(parseConfig({}).LARK_APP_ID).toBeUndefined();
    expect(parseConfig({ DUBAN_API_TOKEN: '  ' }).DUBAN_API_TOKEN).toBeUndefined();
  });

  it('reads lists, numbers and URLs', () => {
    const c = parseConfig({ DUBAN_ADMINS: 'ou_a, ou_b,,', PORT: '8080', LARK_DOMAIN: 'http://127.0.0.1:9999', DATABASE_URL: ':memory:' });
    expect(c.DUBAN_ADMINS).toEqual(['ou_a', 'ou_b']);
    expect(c.PORT).toBe(8080);
    expect(c.LARK_DOMAIN).toBe('http://127.0.0.1:9999');
  });

  it.each([
    [{ PORT: 'eighty' }, /^configuration: PORT is invalid: expected a port number \(got "eighty"\)$/],
    [{ LARK_MODE: 'socket' }, /^configuration: LARK_MODE is invalid: expected webhook or ws/],
    [{ DUBAN_CRON: 'yes' }, /^configuration: DUBAN_CRON is invalid: expected on or off/],
    [{ DUBAN_SANDBOX: 'no' }, /^configuration: DUBAN_SANDBOX is invalid: expected on or off/],
    [{ DATABASE_URL: 'postgres://x' }, /^configuration: DATABASE_URL is invalid: expected a libSQL URL/],
    [{ LARK_DOMAIN: 'larksuite' }, /^configuration: LARK_DOMAIN is invalid/],
    [{ DUBAN_CLOCK_START: 'yesterday' }, /^configuration: DUBAN_CLOCK_START is invalid: expected an ISO time/],
    [{ LARK_APP_ID: 'cli_a1b2c3d4e5f60718' }, /^configuration: LARK_APP_SECRET is missing/],
  ])('stops with one line naming the variable: %o', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('DUBAN_CLOCK_START starts the clock there and lets it run', async () => {
    const clock = createProcessClock('2020-10-22T09:00:00+08:00');
    const first = clock.now().getTime();
    expect(Math.abs(first - Date.parse('2020-10-22T01:00:00Z'))).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
  });
});
