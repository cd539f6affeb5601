// What Lark checks in a message body before it sends or updates one: msg_type, size limits,
// the content JSON per type, card JSON 2.0 rules (lark-protocol.md §6.1), which cards can be
// patched (§5.5), and which ids a message @-mentions.
import { isRecord } from './json.js';
import { fail } from './replies.js';
import type { FakeFile } from './types.js';

const KB = 1024;
export const CARD_LIMIT = 30 * KB;
const TEXT_LIMIT = 150 * KB;

const MSG_TYPES = new Set([
  'text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user', 'system',
]);
/** Top-level properties a JSON 2.0 card may have; 2.0 rejects any other (§6.1). */
const CARD_V2_KEYS = new Set(['schema', 'config', 'card_link', 'header', 'body']);

/** Collects ids mentioned in message content: text/post `<at user_id="…">`, card `<at id=…>`, `ids=`, `email=`. */
export function collectMentions(content: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/<at\s+(user_id|id|ids|email)\s*=\s*["']?([^"'>\s]+)["']?[^>]*>/g)) {
        const attr = m[1];
        const v = m[2] ?? '';
        for (const id of attr === 'ids' ? v.split(',') : [v]) if (id) found.push(id);
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isRecord(value)) {
      // post `{"tag":"at","user_id":"ou_…"}` elements.
      if (value['tag'] === 'at' && typeof value['user_id'] === 'string') found.push(value['user_id']);
      Object.values(value).forEach(visit);
    }
  };
  visit(content);
  return [...new Set(found)];
}

/** Checks a card as Lark does when building it; returns the failure or undefined. */
export function checkCard(card: unknown): string | undefined {
  if (!isRecord(card)) return 'ErrCode: 200621; ErrMsg: card content is not a JSON object';
  if (card['type'] === 'template') {
    const data = card['data'];
    if (!isRecord(data) || typeof data['template_id'] !== 'string') {
      return 'ErrCode: 200380; ErrMsg: template_id is required';
    }
    return undefined;
  }
  if (card['schema'] !== '2.0') return undefined; // JSON 1.0 ignores what it does not know.
  for (const key of Object.keys(card)) {
    if (!CARD_V2_KEYS.has(key)) return `ErrCode: 200621; ErrMsg: unknown property "${key}" in card JSON 2.0`;
  }
  const config = card['config'];
  if (isRecord(config) && config['update_multi'] === false) {
    return 'ErrCode: 200861; ErrMsg: JSON 2.0 cards only support update_multi: true';
  }
  const body = card['body'];
  if (body === undefined) return undefined;
  if (!isRecord(body) || (body['elements'] !== undefined && !Array.isArray(body['elements']))) {
    return 'ErrCode: 200621; ErrMsg: body.elements must be an array';
  }
  let components = 0;
  let tables = 0;
  let problem: string | undefined;
  const walk = (value: unknown, depth: number, atRoot: boolean): void => {
    if (problem) return;
    if (Array.isArray(value)) {
      value.forEach((v) => walk(v, depth, atRoot));
      return;
    }
    if (!isRecord(value)) return;
    const tag = value['tag'];
    const isComponent = typeof tag === 'string' && depth > 0;
    if (isComponent) {
      components += 1;
      if (tag === 'table') tables += 1;
      if (tag === 'action') problem = 'ErrCode: 200861; ErrMsg: the "action" module is not supported in JSON 2.0';
      if ((tag === 'form' || tag === 'table') && !atRoot) problem = `ErrCode: 200621; ErrMsg: "${tag}" must be at the body root`;
      // lark-protocol §6.7: a chart's height is `auto` or 1–999 px ("auto 或 [1,999]px"); taller is rejected.
      if (tag === 'chart' && value['height'] !== undefined && !chartHeightAllowed(value['height'])) {
        problem = `ErrCode: 200550; ErrMsg: chart height "${String(value['height'])}" is not auto or 1-999px`;
      }
    }
    for (const [k, v] of Object.entries(value)) {
      // Only element lists nest components; text objects (tag plain_text) are not components.
      if (k === 'elements' || k === 'columns' || k === 'actions') walk(v, depth + 1, depth === 0 && k === 'elements');
    }
  };
  walk(body, 0, true);
  if (problem) return problem;
  if (components > 200) return `ErrCode: 11310; ErrMsg: element exceeds the limit (${components} > 200)`;
  if (tables > 5) return `ErrCode: 11310; ErrMsg: element exceeds the limit (${tables} tables > 5)`;
  return undefined;
}

function chartHeightAllowed(height: unknown): boolean {
  if (height === 'auto') return true;
  const px = typeof height === 'string' ? /^(\d+)px$/.exec(height) : null;
  return px !== null && Number(px[1]) >= 1 && Number(px[1]) <= 999;
}

/** A shared card can be patched (§5.5): JSON 2.0 always, 1.0 only with config.update_multi. */
export function isSharedCard(card: unknown): boolean {
  if (!isRecord(card)) return false;
  if (card['type'] === 'template') return true;
  if (card['schema'] === '2.0') return true;
  const config = card['config'];
  return isRecord(config) && config['update_multi'] === true;
}

/** Checks `msg_type` and the `content` JSON string as Lark does; returns the parsed content. */
export function parseContent(msgType: unknown, content: unknown, files: ReadonlyMap<string, FakeFile>): unknown {
  if (typeof msgType !== 'string' || !MSG_TYPES.has(msgType)) fail('badRequest', `invalid msg_type: ${String(msgType)}`);
  if (typeof content !== 'string') fail('invalidParam', 'content must be a JSON string');
  const limit = msgType === 'text' ? TEXT_LIMIT : CARD_LIMIT;
  if (Buffer.byteLength(content, 'utf8') > limit) fail('tooLong', `content is ${Buffer.byteLength(content, 'utf8')} bytes > ${limit}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    fail('badRequest', 'invalid content: not a JSON string');
  }
  if (!isRecord(parsed)) fail('badRequest', 'invalid content: not a JSON object');
  if (msgType === 'text' && typeof parsed['text'] !== 'string') fail('badRequest', 'text content needs a "text" string');
  if (msgType === 'post' && Object.keys(parsed).length === 0) fail('badRequest', 'post content needs a locale key');
  if (msgType === 'image' && typeof parsed['image_key'] !== 'string') fail('badRequest', 'image content needs "image_key"');
  if (msgType === 'interactive') {
    const problem = checkCard(parsed);
    if (problem) fail('cardBuild', problem);
  }
  if (msgType === 'file' || msgType === 'audio' || msgType === 'media') {
    const key = parsed['file_key'];
    const file = typeof key === 'string' ? files.get(key) : undefined;
    if (!file) fail('badRequest', `invalid file_key: ${String(key)}`);
    const expected = msgType === 'audio' ? 'opus' : msgType === 'media' ? 'mp4' : undefined;
    if ((expected && file.file_type !== expected) || (msgType === 'file' && (file.file_type === 'opus' || file.file_type === 'mp4'))) {
      fail('uploadTypeMismatch', `${file.file_type} file sent as ${msgType}`);
    }
  }
  return parsed;
}
