// What a chat message asks for. Pure parsing; leaders' questions join this later.

export type Command =
  | { kind: 'bind'; unit: string }
  | { kind: 'unbind' }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

export function parseCommand(text: string): Command {
  // Mentions arrive as @name in the text; the people are in the event's mention list.
  const words = text.replace(/@\S+/g, ' ').replace(/[\s\u3000]+/g, ' ').trim();
  const bind = /^(?:绑定|綁定|bind)\s*(.*)$/i.exec(words);
  if (bind) return { kind: 'bind', unit: (bind[1] ?? '').trim() };
  if (/^(?:解绑|解除绑定|unbind)$/i.test(words)) return { kind: 'unbind' };
  if (/^(?:帮助|help|\?|？|使用说明)$/i.test(words) || words === '') return { kind: 'help' };
  return { kind: 'unknown', text: words };
}
