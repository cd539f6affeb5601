// A fake Lark Open API server for tests and the sandbox: the paths duban calls, with Lark's
// request checks, response shapes and error codes (lark-protocol.md §5, §7, §8), a record of
// every call, queryable state, fault injection, rate limits and a long-connection (WS) endpoint.
// This file starts the server and hands out the FakeLark handle; the parts live beside it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { toLarkRequest } from './events.js';
import { createInbound } from './inbound.js';
import { createRouter } from './router.js';
import { applyCallbackCard, issueCardToken } from './routes-cards.js';
import { mountRoutes } from './routes.js';
import { FakeState } from './state.js';
import type { FakeLark, FakeLarkOptions } from './types.js';
import { createLongConnection } from './ws.js';

export type {
  FakeFile,
  FakeInboundMessage,
  FileMessageInput,
  FakeLark,
  FakeLarkCall,
  FakeLarkChat,
  FakeLarkInbound,
  FakeLarkOptions,
  FakeLarkUser,
  FakeLarkWs,
  FakeMessage,
  FakeMessageUpdate,
  FakeRateLimits,
  FakeWsAck,
  FaultSpec,
  ReceiveIdType,
} from './types.js';
export { CardExpiredError } from './routes-cards.js';
// The event builders, for tests that post to the bot without a running fake.
export * from './events.js';

/** Starts the fake on 127.0.0.1 (a free port unless `port` is given). */
export async function createFakeLark(options: FakeLarkOptions = {}): Promise<FakeLark> {
  const s = new FakeState(options);
  let baseUrl = '';
  const longConnection = createLongConnection(s, () => baseUrl);
  const { hono, route } = createRouter(s);
  mountRoutes(route, s, longConnection);

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const srv = serve({ fetch: hono.fetch, port: options.port ?? 0, hostname: host }, () => resolve(srv as Server)) as Server;
    srv.once('error', reject);
  });
  server.on('upgrade', longConnection.onUpgrade);
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host}:${address.port}`;

  const matchPath = (pattern: string | RegExp, path: string): boolean =>
    pattern instanceof RegExp ? pattern.test(path) : path === pattern || path === `/open-apis${pattern.startsWith('/') ? '' : '/'}${pattern}`;

  return {
    url: baseUrl,
    app: s.app,
    bot: s.bot,
    calls: s.calls,
    messages: s.messages,
    files: s.files,
    ws: longConnection.ws,
    inbound: createInbound(s),
    messagesIn: (chatId) => s.messages.filter((m) => m.chat_id === chatId),
    message: (id) => s.messageById.get(id),
    callsTo: (path, method) => s.calls.filter((c) => matchPath(path, c.path) && (!method || c.method === method.toUpperCase())),
    p2pChatId: (openId) => s.p2pChatId(openId),
    failNext(fault) {
      s.faults.add(fault);
    },
    setBotInChat(chatId, inChat) {
      const chat = s.chats.get(chatId);
      if (chat) chat.bot_in_chat = inChat;
      else s.addChat({ chat_id: chatId, bot_in_chat: inChat });
    },
    addUser: (user) => s.addUser(user),
    addChat: (chat) => s.addChat(chat),
    setRateLimits: (limits) => s.rates.set(limits),
    expireTokens() {
      s.tokens.clear();
    },
    recallMessage(id) {
      const m = s.messageById.get(id);
      if (!m) throw new Error(`fake Lark: no message ${id}`);
      m.recalled = true;
    },
    applyCallbackCard: (messageId, card) => applyCallbackCard(s, messageId, card),
    issueCardToken: (messageId, token) => issueCardToken(s, messageId, token),
    request(payload, requestOptions = {}) {
      return toLarkRequest(payload, { ...(s.app.encryptKey !== undefined ? { encryptKey: s.app.encryptKey } : {}), now: s.now, ...requestOptions });
    },
    fetch: (request) => Promise.resolve(hono.fetch(request)),
    reset: () => s.reset(),
    close() {
      longConnection.close();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
