// The process clock: real time, or real time shifted so that it started at DUBAN_CLOCK_START.
import type { Clock } from './core/time.js';

export function createProcessClock(start?: string): Clock {
  if (!start) return { now: () => new Date() };
  const offset = Date.parse(start) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}
