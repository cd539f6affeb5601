// What a chat message asks for: the one parser from text to a typed intent. Commands (绑定,
// 解绑, 请假, 销假) first, then the questions of src/core/questions.ts; buttons map to the same
// intents directly, never through typed Chinese.
import { parseQuestion, type Question, type QuestionContext } from './questions.js';

type Command =
  | { kind: 'bind'; unit: string }
  /** 请假 至11月10日: the date as written; the year is settled against today by the caller. */
  | { kind: 'leave'; until?: { year?: number | undefined; month: number; day: number } | undefined }
  | { kind: 'back' }
  | { kind: 'unbind' }
  /** A notice file sent to the bot (never typed: the dispatcher makes it from a file message). */
  | { kind: 'import'; file: { key: string; name: string } }
  /** 填报 / 报送: the unit's current report card again, in this chat. */
  | { kind: 'fill' }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

function parseCommand(text: string): Command {
  // Mentions arrive as @name in the text; the people are in the event's mention list.
  const words = text.replace(/@\S+/g, ' ').replace(/[\s\u3000]+/g, ' ').trim();
  const bind = /^(?:绑定|綁定|bind)\s*(.*)$/i.exec(words);
  if (bind) return { kind: 'bind', unit: (bind[1] ?? '').trim() };
  if (/^(?:解绑|解除绑定|unbind)$/i.test(words)) return { kind: 'unbind' };
  const leave = /^请假\s*(?:至|到|截至|直到)?\s*(.*)$/.exec(words);
  if (leave) {
    const date = /^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*[月.\/-]\s*(\d{1,2})\s*[日号]?/.exec(leave[1] ?? '');
    if (!date) return { kind: 'leave' };
    const month = Number(date[2]);
    const day = Number(date[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return { kind: 'leave' };
    return { kind: 'leave', until: { year: date[1] ? Number(date[1]) : undefined, month, day } };
  }
  if (/^(?:销假|结束请假|已返岗)$/.test(words)) return { kind: 'back' };
  if (/^(?:填报|报送)$/.test(words)) return { kind: 'fill' };
  if (/^(?:帮助|help|\?|？|使用说明)$/i.test(words) || words === '') return { kind: 'help' };
  return { kind: 'unknown', text: words };
}

/** Everything a chat message can ask: a command, or a question (help and unknown included). */
export type Intent = Exclude<Command, { kind: 'help' | 'unknown' }> | Question;
export type IntentKind = Intent['kind'];

export function parseIntent(text: string, ctx: QuestionContext): Intent {
  const command = parseCommand(text);
  if (command.kind !== 'help' && command.kind !== 'unknown') return command;
  return parseQuestion(text, ctx);
}
