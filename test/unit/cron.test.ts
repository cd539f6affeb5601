import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCron } from '../../src/cron/start-cron.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the cron wrapper', () => {
  it('ticks once a minute in Asia/Shanghai, and reports a failing tick instead of dying', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2020-11-02T00:59:30Z')); // 08:59:30 in Shanghai
    const ticks: string[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const handle = startCron(async () => {
      ticks.push(new Date().toISOString());
      if (fail) {
        fail = false;
        throw new Error('database locked');
      }
    }, (e) => errors.push(e));
    await vi.advanceTimersByTimeAsync(31_000);
    expect(ticks).toEqual(['2020-11-02T01:00:00.000Z']);
    expect((errors[0] as Error).message).toBe('database locked');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ticks).toHaveLength(3);
    handle.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ticks).toHaveLength(3);
  });
});
