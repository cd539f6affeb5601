// Fault injection (`failNext`): armed faults, which call each one hits, and the answer it gives
// instead of the API logic (a Lark-shaped error, 429 with the gateway's rate-limit headers).
import { E, errorReply, type Reply } from './replies.js';
import type { FaultSpec } from './types.js';

/** The token endpoints, spared by a fault that names no path. */
const AUTH_PATHS = ['/open-apis/auth/v3/tenant_access_token/internal', '/open-apis/auth/v3/app_access_token/internal'];

function matchesFault(f: FaultSpec, method: string, path: string): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (f.path === undefined) return !AUTH_PATHS.includes(path);
  if (f.path instanceof RegExp) return f.path.test(path);
  return path.startsWith(f.path) || path.startsWith(`/open-apis${f.path.startsWith('/') ? '' : '/'}${f.path}`);
}

export class Faults {
  private armed: Array<FaultSpec & { remaining: number }> = [];

  add(fault: FaultSpec): void {
    this.armed.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** The first armed fault matching the call, used up once; undefined when none matches. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.armed.find((f) => f.remaining > 0 && matchesFault(f, method, path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.armed = this.armed.filter((f) => f.remaining > 0);
    return fault;
  }

  clear(): void {
    this.armed = [];
  }
}

/** What a fault answers. */
export function faultReply(now: () => number, f: FaultSpec): Reply {
  const status = f.status;
  const code = f.code ?? (status === 429 ? E.rateLimited[0] : status >= 500 ? 2200 : E.invalidParam[0]);
  const msg = f.msg ?? (status === 429 ? E.rateLimited[1] : status >= 500 ? 'Internal Error' : E.invalidParam[1]);
  const headers = status === 429 ? { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1', ...f.headers } : f.headers;
  return errorReply(now, status, code, msg, headers);
}
