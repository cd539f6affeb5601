// The product as each bench runs it: opened by the entries' own `openDuban`, with the real SDK
// client pointed at the fake Lark server.
import type { Logger } from '../src/app/ports/index.js';
import type { Clock } from '../src/core/time.js';
import type { Config } from '../src/config.js';
import { openDuban } from '../src/entry/open-duban.js';
import { createSdkClient } from '../src/lark/gateway.js';
import type { FakeLark } from '../src/fake-lark/index.js';

export function openAgainstFake(fake: FakeLark, config: Config, clock: Clock, log: Logger) {
  return openDuban(config, {
    seed: false,
    clock,
    log,
    client: createSdkClient({ appId: fake.app.appId, appSecret: fake.app.appSecret, domain: fake.url }),
    instance: 'bench',
  });
}
