// The sandbox clock: it runs forward in real time from where it was last set, and the time
// control sets it (only forward). Everything in the sandbox — the bot, the fake Lark, the
// signed requests' timestamps — reads this one clock.
import type { Clock } from '../core/time.js';

export interface SandboxClock extends Clock {
  /** Moves the clock to `at`; it runs on from there. */
  set(at: Date): void;
}

export function createSandboxClock(start: Date, realNow: () => number = Date.now): SandboxClock {
  let base = start.getTime();
  let realBase = realNow();
  return {
    now: () => new Date(base + (realNow() - realBase)),
    set(at) {
      base = at.getTime();
      realBase = realNow();
    },
  };
}
