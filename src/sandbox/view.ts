// A chat as HTML: the bot's messages (cards rendered from their current JSON, text, files) and
// what people said, in the order it happened; and the summary line of a message for quotes.
import { zh } from '../core/texts.js';
import type { FakeMessage } from '../fake-lark/index.js';
import { renderCard } from './card-html.js';
import { escapeAttr, renderText, type NameOf } from './markdown.js';
import type { ChatEntry, Sandbox, SaidMessage } from './sandbox.js';
import { sandboxTexts } from './texts.js';

type Json = Record<string, unknown>;
const rec = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const t = sandboxTexts.message;

export interface RenderedEntry {
  key: string;
  rev: number;
  html: string;
}

export interface ChatView {
  version: string;
  entries: RenderedEntry[];
}

/** One line saying what a message is: a card's title or the start of a text. */
export function summaryOf(message: FakeMessage | undefined, said?: SaidMessage): string {
  if (said) return said.text;
  if (!message) return '';
  const content = rec(message.content);
  if (message.msg_type === 'interactive') return String(rec(rec(rec(content?.['header'])?.['title']))?.['content'] ?? '');
  if (message.msg_type === 'text') return String(content?.['text'] ?? '').replace(/<at [^>]*>(.*?)<\/at>/g, '@$1');
  return t.unknownType(message.msg_type);
}

function postHtml(content: Json | undefined, nameOf: NameOf): string {
  const locale = rec(content?.['zh_cn']) ?? rec(Object.values(content ?? {})[0]);
  const lines = Array.isArray(locale?.['content']) ? (locale['content'] as unknown[]) : [];
  const title = typeof locale?.['title'] === 'string' ? `<strong>${escapeAttr(locale['title'])}</strong><br>` : '';
  const body = lines
    .map((line) =>
      (Array.isArray(line) ? line : [])
        .map((node) => {
          const n = rec(node);
          if (n?.['tag'] === 'at') return renderText(`<at user_id="${String(n['user_id'])}"></at>`, nameOf);
          return escapeAttr(String(n?.['text'] ?? ''));
        })
        .join(''),
    )
    .join('<br>');
  return `<div class="text">${title}${body}</div>`;
}

function botContent(m: FakeMessage, sandbox: Sandbox, nameOf: NameOf): string {
  const content = rec(m.content);
  switch (m.msg_type) {
    case 'interactive':
      return renderCard(m.content, nameOf);
    case 'text':
      return `<div class="text">${renderText(String(content?.['text'] ?? ''), nameOf)}</div>`;
    case 'post':
      return postHtml(content, nameOf);
    case 'file': {
      const key = String(content?.['file_key'] ?? '');
      const file = sandbox.file(key);
      const name = file?.name ?? key;
      return `<div class="file"><span class="file-icon">${escapeAttr(t.file)}</span><span class="file-name">${escapeAttr(name)}</span><a class="btn btn-default btn-small" data-file="${escapeAttr(key)}" href="/sandbox/files/${encodeURIComponent(key)}" download="${escapeAttr(name)}">${escapeAttr(t.download)}</a></div>`;
    }
    case 'image':
      return `<div class="img-placeholder">${escapeAttr(t.image)}</div>`;
    default:
      return `<div class="text">${escapeAttr(t.unknownType(m.msg_type))}</div>`;
  }
}

function saidHtml(said: SaidMessage, names: readonly string[]): string {
  let html = escapeAttr(said.text);
  for (const name of [...names].sort((a, b) => b.length - a.length)) html = html.split(`@${escapeAttr(name)}`).join(`<span class="at">@${escapeAttr(name)}</span>`);
  return `<div class="text">${html}</div>`;
}

export function renderChat(sandbox: Sandbox, chatId: string, timezone: string, nameOf: NameOf, botName: string): ChatView {
  const entries = sandbox.entries(chatId);
  const byId = new Map<string, ChatEntry>();
  for (const e of entries) byId.set(e.kind === 'bot' ? e.message.message_id : e.said.messageId, e);
  const quote = (id: string | undefined) => {
    const target = id ? byId.get(id) : undefined;
    if (!target) return '';
    const line = target.kind === 'bot' ? summaryOf(target.message) : summaryOf(undefined, target.said);
    return `<div class="quote">${escapeAttr(t.inThread)}：${escapeAttr(line)}</div>`;
  };
  const names = [botName, ...[...sandbox.world.people.values()].map((p) => p.name)];
  const rendered = entries.map((e): RenderedEntry => {
    if (e.kind === 'bot') {
      const m = e.message;
      const when = zh.dateTime(new Date(Number(m.create_time)), timezone);
      const updated = m.updates.length > 0 ? ` <span class="updated">${escapeAttr(t.updated)}</span>` : '';
      const reply = m.msg_type === 'interactive' ? `<button type="button" class="link reply-link" data-reply="${escapeAttr(m.message_id)}">${escapeAttr(t.reply)}</button>` : '';
      return {
        key: m.message_id,
        rev: m.updates.length,
        html: `<div class="msg from-bot" data-key="${escapeAttr(m.message_id)}" data-rev="${m.updates.length}" data-type="${escapeAttr(m.msg_type)}"><div class="avatar bot">${escapeAttr(t.bot.slice(0, 1))}</div><div class="msg-main"><div class="msg-meta"><span class="sender">${escapeAttr(t.bot)}</span> <span class="time">${escapeAttr(when)}</span>${updated}</div>${quote(m.root_id)}<div class="msg-content">${botContent(m, sandbox, nameOf)}</div>${reply}</div></div>`,
      };
    }
    const s = e.said;
    const when = zh.dateTime(new Date(s.at), timezone);
    return {
      key: s.messageId,
      rev: 0,
      html: `<div class="msg from-person" data-key="${escapeAttr(s.messageId)}" data-rev="0" data-sender="${escapeAttr(s.sender.openId)}"><div class="avatar">${escapeAttr(s.sender.name.slice(0, 1))}</div><div class="msg-main"><div class="msg-meta"><span class="sender">${escapeAttr(s.sender.name)}</span> <span class="time">${escapeAttr(when)}</span></div>${quote(s.rootId)}<div class="msg-content">${saidHtml(s, names)}</div></div></div>`,
    };
  });
  const version = `${rendered.length}:${rendered.reduce((n, r) => n + r.rev, 0)}`;
  return { version, entries: rendered };
}
