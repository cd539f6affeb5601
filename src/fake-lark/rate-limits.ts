// Lark's rate limits (lark-protocol.md §8), off unless asked for: the per-API gateway tier
// (HTTP 429) and the message-level limits per chat, user and card (HTTP 400, 230020).
import type { FakeRateLimits } from './types.js';
import { E, LarkFailure, fail } from './replies.js';

/** Hit times per key, kept for one minute. */
class Windows {
  private readonly hits = new Map<string, number[]>();

  /** Count of hits for `key` within `windowMs` before `now`. */
  count(key: string, windowMs: number, now: number): number {
    const list = this.hits.get(key);
    if (!list) return 0;
    while (list.length > 0 && (list[0] ?? 0) <= now - 60_000) list.shift(); // keep one minute
    return list.filter((t) => t > now - windowMs).length;
  }

  /** Seconds until the oldest hit in the window leaves it (≥ 1). */
  resetSeconds(key: string, windowMs: number, now: number): number {
    const oldest = (this.hits.get(key) ?? []).find((t) => t > now - windowMs);
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
  }

  add(key: string, now: number): void {
    const list = this.hits.get(key) ?? [];
    list.push(now);
    this.hits.set(key, list);
  }

  clear(): void {
    this.hits.clear();
  }
}

const DEFAULT_LIMITS: Required<FakeRateLimits> = {
  perChatPerSecond: 5,
  perUserPerSecond: 5,
  perAppPerSecond: 50,
  perAppPerMinute: 1000,
  perMessageUpdatePerSecond: 5,
};

/** The limits in force, the sliding windows that count against them, and the two checks. */
export class RateLimits {
  private limits: Required<FakeRateLimits> | undefined;
  private readonly windows = new Windows();

  constructor(private readonly now: () => number) {}

  /** `true` = Lark's documented limits; an object overrides some of them; falsy turns them off. */
  set(l: boolean | FakeRateLimits | undefined): void {
    this.limits = l === true ? { ...DEFAULT_LIMITS } : l ? { ...DEFAULT_LIMITS, ...l } : undefined;
  }

  /** Per-API gateway tier: HTTP 429 + 99991400 + x-ogw-ratelimit-* (§8). */
  checkAppTier(route: string): void {
    const limits = this.limits;
    if (!limits) return;
    const t = this.now();
    const key = `api:${route}`;
    for (const [limit, windowMs] of [[limits.perAppPerSecond, 1000], [limits.perAppPerMinute, 60_000]] as const) {
      if (this.windows.count(key, windowMs, t) >= limit) {
        throw new LarkFailure(429, E.rateLimited[0], E.rateLimited[1], {
          'x-ogw-ratelimit-limit': String(limit),
          'x-ogw-ratelimit-reset': String(this.windows.resetSeconds(key, windowMs, t)),
        });
      }
    }
    this.windows.add(key, t);
  }

  /** Message-level limits (per chat, per user, per card): HTTP 400 + 230020 (§8). */
  checkResource(key: string, limit: 'perChatPerSecond' | 'perUserPerSecond' | 'perMessageUpdatePerSecond'): void {
    const limits = this.limits;
    if (!limits) return;
    const t = this.now();
    if (this.windows.count(key, 1000, t) >= limits[limit]) fail('frequency');
    this.windows.add(key, t);
  }

  /** Forgets every hit; the limits stay. */
  clear(): void {
    this.windows.clear();
  }
}
