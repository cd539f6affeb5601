// The app's identity: tenant/app access tokens (lark-protocol.md §7.1), the bearer check every
// authenticated route makes, and the bot's own info (§4.1).
import { randomBytes } from 'node:crypto';
import { isRecord } from './json.js';
import { fail, type Reply } from './replies.js';
import type { ParsedRequest } from './router.js';
import type { FakeState } from './state.js';

const TOKEN_REFRESH_BELOW_MS = 30 * 60 * 1000;

export function checkBearer(s: FakeState, headers: Headers): void {
  const auth = headers.get('authorization');
  const match = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  const token = match?.[1];
  if (!token) fail('missingToken');
  if (!token.startsWith('t-') && !token.startsWith('u-')) fail('tokenFormat');
  const expiresAt = s.tokens.get(token);
  if (expiresAt === undefined || expiresAt <= s.now()) fail('invalidToken');
}

function issueToken(s: FakeState, body: unknown): { token: string; expire: number } {
  if (!isRecord(body) || typeof body['app_id'] !== 'string' || typeof body['app_secret'] !== 'string') fail('appIdInvalid');
  if (body['app_id'] !== s.app.appId) fail('appIdInvalid');
  if (body['app_secret'] !== s.app.appSecret) fail('appSecretInvalid');
  const tokenTtlMs = (s.options.tokenTtlSeconds ?? 7200) * 1000;
  // Lark hands out the same token until < 30 min remain, then a new one (§7.1).
  const t = s.now();
  let best: [string, number] | undefined;
  for (const entry of s.tokens) if (entry[1] > t && (!best || entry[1] > best[1])) best = entry;
  if (best && best[1] - t >= TOKEN_REFRESH_BELOW_MS) return { token: best[0], expire: Math.floor((best[1] - t) / 1000) };
  const token = `t-${randomBytes(20).toString('hex')}`;
  s.tokens.set(token, t + tokenTtlMs);
  return { token, expire: Math.floor(tokenTtlMs / 1000) };
}

/** POST /auth/v3/tenant_access_token/internal */
export function tenantAccessToken(s: FakeState, req: ParsedRequest): Reply {
  const { token, expire } = issueToken(s, req.body);
  // Flat, no `data` (§7.1).
  return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire } };
}

/** POST /auth/v3/app_access_token/internal */
export function appAccessToken(s: FakeState, req: ParsedRequest): Reply {
  const { token, expire } = issueToken(s, req.body);
  // For a self-built app the app and tenant tokens coincide.
  return { status: 200, body: { code: 0, msg: 'ok', app_access_token: token, tenant_access_token: token, expire } };
}

/** GET /bot/v3/info */
export function botInfo(s: FakeState): Reply {
  return {
    status: 200,
    // `bot` is top-level, not under `data` (§4.1).
    body: { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: s.bot.name, avatar_url: '', ip_white_list: [], open_id: s.bot.open_id } },
  };
}
