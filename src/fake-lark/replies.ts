// Lark's answers: the error codes the fake can give, the failure a handler throws to give one,
// and the shapes of success and error bodies. One table, so every route words an error alike.
import { randomBytes } from 'node:crypto';

/** Codes and messages from lark-protocol.md §5, §7, §8 (texts as Lark words them where known). */
export const E = {
  missingToken: [99991661, 'Missing access token for authorization. Please make a request with token attached.'],
  invalidToken: [99991663, 'Invalid access token for authorization. Please make a request with token attached.'],
  tokenFormat: [99991671, "Invalid token: token must start with 't-' or 'u-'."],
  rateLimited: [99991400, 'request trigger frequency limit'],
  invalidParam: [99992402, 'field validation failed'],
  openIdNotExist: [99992351, 'open_id not exist'],
  messageNotExist: [99992354, 'message_id not exist'],
  badRequest: [230001, 'Your request contains an invalid request parameter.'],
  botNotInChat: [230002, 'Bot/User can NOT be out of the chat.'],
  noAvailability: [230013, 'Bot has NO availability to this user.'],
  messageRecalled: [230011, 'The message was withdrawn.'],
  frequency: [230020, 'This operation triggers the frequency limit.'],
  tooLong: [230025, 'The length of the message content reaches its limit.'],
  noPermission: [230027, 'Lack of necessary permissions.'],
  tooOld: [230031, 'The message is too old to be updated (more than 14 days).'],
  uploadTypeMismatch: [230055, 'The type of file upload does not match the type of message being sent.'],
  cardBuild: [230099, 'Failed to create card content'],
  // Chat-member and file API codes below are not in the protocol notes (UNCONFIRMED numbers).
  operatorNotInChat: [232011, 'Operator can NOT be out of the chat.'],
  fileInvalidParam: [234001, 'Invalid request param.'],
  fileTooLarge: [234006, 'The file size exceed the max value.'],
  fileEmpty: [234010, "File's size can't be 0."],
  // Message resources: 234043 is documented (merged-forward and card messages); the text is ours.
  resourceUnsupported: [234043, 'Unsupported message type for resource download.'],
  // Delayed card update (§5.4).
  cardFormat: [11311, 'card format error'],
  cardTooLarge: [100000, 'card content is too large'],
  cardRecalled: [200000, 'the card has been recalled'],
  cardTokenMalformed: [300020, 'token format error'],
  cardTokenExpired: [300030, 'token expired or invalid'],
  cardTokenOveruse: [300040, 'token used too many times'],
  // Token endpoint. The numbers and HTTP 400 are from third-party fakes, not the protocol notes.
  appIdInvalid: [10003, 'invalid param'],
  appSecretInvalid: [10014, 'app secret invalid'],
} as const satisfies Record<string, readonly [number, string]>;

type LarkErrorKey = keyof typeof E;

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Raw bytes instead of JSON (file download). */
  bytes?: { data: Buffer; contentType: string };
}

export class LarkFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly detail: string,
    readonly headers?: Record<string, string>,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Throws Lark's error answer; `ext` is appended like Lark's `ext=` details. */
export function fail(key: LarkErrorKey, ext?: string, status = 400): never {
  const [code, msg] = E[key];
  throw new LarkFailure(status, code, ext ? `${msg} ext=${ext}` : msg);
}

/** A log id like Lark's `x-tt-logid`: the time to the second, then random hex. */
export const logId = (now: () => number): string => `${new Date(now()).toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(10).toString('hex').toUpperCase()}`;

export const ok = (data?: unknown, msg = 'success'): Reply => ({
  status: 200,
  body: data === undefined ? { code: 0, msg } : { code: 0, msg, data },
});

export const errorReply = (now: () => number, status: number, code: number, msg: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { code, msg, error: { log_id: logId(now) } },
  ...(headers ? { headers } : {}),
});
