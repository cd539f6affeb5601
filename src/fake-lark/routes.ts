// Every path the fake answers, in one table: method, path, the name its gateway rate tier counts
// under, and the handler. Anything else gets the router's 404.
import { appAccessToken, botInfo, tenantAccessToken } from './auth.js';
import { downloadFile, messageResource, uploadFile } from './files.js';
import type { Route } from './router.js';
import { delayedCardUpdate, patchMessage } from './routes-cards.js';
import { batchGetId, chatMembers, getUser } from './routes-contact.js';
import { deleteMessage, getMessage, replyMessage, sendMessage } from './routes-messages.js';
import type { FakeState } from './state.js';
import type { LongConnection } from './ws.js';

export function mountRoutes(route: Route, s: FakeState, longConnection: LongConnection): void {
  route('POST', '/open-apis/auth/v3/tenant_access_token/internal', 'tenant_access_token', (req) => tenantAccessToken(s, req), { auth: false });
  route('POST', '/open-apis/auth/v3/app_access_token/internal', 'app_access_token', (req) => appAccessToken(s, req), { auth: false });
  route('GET', '/open-apis/bot/v3/info', 'bot_info', () => botInfo(s));
  route('POST', '/open-apis/im/v1/messages', 'im.message.create', (req) => sendMessage(s, req));
  route('POST', '/open-apis/im/v1/messages/:message_id/reply', 'im.message.reply', (req) => replyMessage(s, req));
  route('PATCH', '/open-apis/im/v1/messages/:message_id', 'im.message.patch', (req) => patchMessage(s, req));
  route('GET', '/open-apis/im/v1/messages/:message_id', 'im.message.get', (req) => getMessage(s, req));
  route('DELETE', '/open-apis/im/v1/messages/:message_id', 'im.message.delete', (req) => deleteMessage(s, req));
  route('POST', '/open-apis/interactive/v1/card/update', 'interactive.card.update', (req) => delayedCardUpdate(s, req));
  route('POST', '/open-apis/im/v1/files', 'im.file.create', (req) => uploadFile(s, req));
  route('GET', '/open-apis/im/v1/files/:file_key', 'im.file.get', (req) => downloadFile(s, req));
  route('GET', '/open-apis/im/v1/messages/:message_id/resources/:file_key', 'im.message.resource.get', (req) => messageResource(s, req));
  route('GET', '/open-apis/im/v1/chats/:chat_id/members', 'im.chat.members.get', (req) => chatMembers(s, req));
  route('POST', '/open-apis/contact/v3/users/batch_get_id', 'contact.user.batch_get_id', (req) => batchGetId(s, req));
  route('GET', '/open-apis/contact/v3/users/:user_id', 'contact.user.get', (req) => getUser(s, req));
  route('POST', '/callback/ws/endpoint', 'ws.endpoint', (req) => longConnection.endpoint(req), { auth: false });
}
