// LARK_MODE=ws: the same events and card callbacks over the SDK's long connection,
// for offices whose server has no public URL. The connection is authenticated; no signature.
import * as lark from '@larksuiteoapi/node-sdk';
import { envelopeFromFlat, fromEnvelope } from '../lark/inbound.js';
import { toLarkCardResponse } from '../lark/card-response.js';
import { toSdkDomain } from '../lark/gateway.js';
import type { OpenedDuban } from './open-duban.js';

export interface LongConnection {
  close(): void;
}

export function createEventDispatcher(opened: Pick<OpenedDuban, 'duban' | 'security'>, onRejected: (reason: string) => void): lark.EventDispatcher {
  const handle = async (data: Record<string, unknown>) => {
    const envelope = envelopeFromFlat(data);
    const result = fromEnvelope(envelope, JSON.stringify(envelope), { botOpenId: opened.security.botOpenId });
    if (result.kind !== 'event') {
      onRejected(result.kind === 'rejected' ? result.reason : 'unexpected challenge');
      return undefined;
    }
    const { response, background } = await opened.duban.receive(result.event, result.payload);
    // The long connection wants an answer within 3 s: background work goes on after it.
    void background;
    return response ? toLarkCardResponse(response) : undefined;
  };
  return new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.warn }).register({
    'im.message.receive_v1': (data) => handle(data as unknown as Record<string, unknown>),
    'im.chat.member.bot.added_v1': (data) => handle(data as unknown as Record<string, unknown>),
    'card.action.trigger': (data: unknown) => handle(data as Record<string, unknown>),
  });
}

export async function startLongConnection(opened: OpenedDuban): Promise<LongConnection> {
  const { config, log } = opened;
  const ws = new lark.WSClient({
    appId: config.LARK_APP_ID ?? '',
    appSecret: config.LARK_APP_SECRET ?? '',
    domain: toSdkDomain(config.LARK_DOMAIN),
    loggerLevel: lark.LoggerLevel.warn,
    autoReconnect: true,
  });
  await ws.start({ eventDispatcher: createEventDispatcher(opened, (reason) => log.warn('rejected event on the long connection', { reason })) });
  return { close: () => ws.close({ force: true }) };
}
