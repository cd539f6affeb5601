// The directory: chat members (paged, §7.6: bots are never listed) and contact users — one user
// by id, and open_ids by email or mobile (§7.7).
import { isRecord } from './json.js';
import { fail, ok, type Reply } from './replies.js';
import type { ParsedRequest } from './router.js';
import { derivedUnionId, derivedUserId, type FakeState } from './state.js';
import type { FakeLarkUser } from './types.js';

/** Normalises a phone number for matching: mainland numbers may come without +86 (§7.7). */
function normalizeMobile(mobile: string): string {
  const trimmed = mobile.replace(/[\s-]/g, '');
  return trimmed.startsWith('+') ? trimmed : `+86${trimmed}`;
}

function memberIdOf(s: FakeState, openId: string, type: string): string {
  const u = s.users.get(openId);
  if (type === 'union_id') return u?.union_id ?? derivedUnionId(openId);
  if (type === 'user_id') return u?.user_id ?? derivedUserId(openId);
  return openId;
}

/** GET /im/v1/chats/:chat_id/members */
export function chatMembers(s: FakeState, req: ParsedRequest): Reply {
  const chatId = req.params['chat_id'] ?? '';
  const chat = s.chats.get(chatId) ?? (chatId.startsWith('oc_') ? s.chatFor(chatId) : undefined);
  if (!chat || !chat.bot_in_chat) fail('operatorNotInChat');
  const type = req.query['member_id_type'] ?? 'open_id';
  if (!['open_id', 'union_id', 'user_id'].includes(type)) fail('invalidParam', 'member_id_type');
  const pageSize = req.query['page_size'] === undefined ? 20 : Number(req.query['page_size']);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) fail('invalidParam', 'page_size must be 1..100');
  const offset = req.query['page_token'] ? Number(req.query['page_token']) : 0;
  if (!Number.isInteger(offset) || offset < 0) fail('invalidParam', 'page_token');
  const page = chat.members.slice(offset, offset + pageSize);
  const hasMore = offset + pageSize < chat.members.length;
  return ok({
    items: page.map((openId) => ({
      member_id_type: type,
      member_id: memberIdOf(s, openId, type),
      name: s.users.get(openId)?.name ?? '',
      tenant_key: s.app.tenantKey,
    })),
    page_token: hasMore ? String(offset + pageSize) : '',
    has_more: hasMore,
    member_total: chat.members.length,
  });
}

function userData(u: FakeLarkUser): Record<string, unknown> {
  const avatar = `https://fake-lark.invalid/avatar/${u.open_id}`;
  return {
    union_id: u.union_id,
    user_id: u.user_id,
    open_id: u.open_id,
    name: u.name,
    en_name: u.en_name ?? '',
    nickname: '',
    ...(u.email !== undefined ? { email: u.email } : {}),
    ...(u.mobile !== undefined ? { mobile: u.mobile, mobile_visible: true } : {}),
    avatar: { avatar_72: `${avatar}_72`, avatar_240: `${avatar}_240`, avatar_640: `${avatar}_640`, avatar_origin: avatar },
    status: { is_frozen: false, is_resigned: u.resigned ?? false, is_activated: !u.resigned, is_exited: false, is_unjoin: false },
    department_ids: u.department_ids ?? [],
    ...(u.job_title !== undefined ? { job_title: u.job_title } : {}),
    is_tenant_manager: false,
  };
}

/** GET /contact/v3/users/:user_id */
export function getUser(s: FakeState, req: ParsedRequest): Reply {
  const type = req.query['user_id_type'] ?? 'open_id';
  if (type !== 'open_id' && type !== 'union_id' && type !== 'user_id') fail('invalidParam', 'user_id_type');
  const id = req.params['user_id'] ?? '';
  const u = s.findUser(type, id);
  if (!u) fail('openIdNotExist', id);
  return ok({ user: userData(u) });
}

/** POST /contact/v3/users/batch_get_id */
export function batchGetId(s: FakeState, req: ParsedRequest): Reply {
  const type = req.query['user_id_type'] ?? 'open_id';
  if (type !== 'open_id' && type !== 'union_id' && type !== 'user_id') fail('invalidParam', 'user_id_type');
  const body = isRecord(req.body) ? req.body : {};
  const strings = (v: unknown): string[] | undefined =>
    v === undefined ? undefined : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fail('invalidParam', 'emails/mobiles must be string arrays');
  const emails = strings(body['emails']) ?? [];
  const mobiles = strings(body['mobiles']) ?? [];
  if (emails.length > 50 || mobiles.length > 50) fail('invalidParam', 'at most 50 emails and 50 mobiles');
  if (emails.length + mobiles.length === 0) fail('invalidParam', 'emails or mobiles required');
  const includeResigned = body['include_resigned'] === true;
  const visible = (u: FakeLarkUser | undefined): FakeLarkUser | undefined => (u && (!u.resigned || includeResigned) ? u : undefined);
  const status = (u: FakeLarkUser) => ({ is_frozen: false, is_resigned: u.resigned ?? false, is_activated: !u.resigned, is_exited: false, is_unjoin: false });
  const userList = [
    ...emails.map((email) => {
      const u = visible(s.findUser('email', email));
      return u ? { user_id: u[type], email, status: status(u) } : { email };
    }),
    ...mobiles.map((mobile) => {
      const wanted = normalizeMobile(mobile);
      const u = visible([...s.users.values()].find((x) => x.mobile !== undefined && normalizeMobile(x.mobile) === wanted));
      return u ? { user_id: u[type], mobile, status: status(u) } : { mobile };
    }),
  ];
  return ok({ user_list: userList });
}
