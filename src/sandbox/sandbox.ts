// The sandbox's side of the fake tenant: people say things and click cards — each as the
// signed, encrypted request Lark would POST to the bot's webhook, over HTTP — and the time
// control moves the clock, running the ticks the cron would. It keeps what people said, so a
// chat shows both sides in the order they happened.
import type { Duban } from '../app/duban.js';
import type { Logger } from '../app/ports/index.js';
import type { Plan } from '../core/plan.js';
import type { WorkCalendar } from '../core/workdays.js';
import type { FakeLark, FakeMessage, JsonValue, LarkInboundPayload, TextPart } from '../fake-lark/index.js';
import { CardExpiredError } from '../fake-lark/index.js';
import type { SandboxClock } from './clock.js';
import { moveTarget, tickTimes, type TimeMove } from './time-moves.js';
import type { SandboxPerson, SandboxWorld } from './world.js';

export interface SandboxDeps {
  fake: FakeLark;
  duban: Duban;
  clock: SandboxClock;
  world: SandboxWorld;
  plans: readonly Plan[];
  calendar: WorkCalendar;
  /** The bot's webhook, e.g. http://127.0.0.1:3000/lark/events (known once the server listens). */
  webhook(): string;
  log: Logger;
}

/** A message a person sent, as the sandbox remembers it. */
export interface SaidMessage {
  messageId: string;
  chatId: string;
  sender: SandboxPerson;
  text: string;
  at: number;
  rootId?: string | undefined;
  /** How many bot messages had been sent before this one: its place in the chat. */
  after: number;
}

export type ChatEntry = { kind: 'bot'; message: FakeMessage; index: number } | { kind: 'person'; said: SaidMessage };

export interface CardClick {
  messageId: string;
  /** The component's callback value. */
  value?: JsonValue | undefined;
  name?: string | undefined;
  tag?: string | undefined;
  formValue?: Record<string, JsonValue> | undefined;
  option?: string | undefined;
  checked?: boolean | undefined;
}

export interface ClickResult {
  toast?: { type: string; content: string } | undefined;
  /** The card is past its 14 days: the client sent nothing. */
  expired?: boolean | undefined;
  /** Why the answer's card was not shown (Lark's client would keep the old card). */
  problem?: string | undefined;
}


export interface Sandbox {
  world: SandboxWorld;
  clock: SandboxClock;
  /** Binds every chat to its unit (and the leader) the way an office admin would: in chat. */
  setUp(): Promise<void>;
  /** In a group chat, or in the 1:1 chat with the bot (`p2pChat`). */
  say(openId: string, chatId: string, text: string, rootId?: string): Promise<void>;
  /** The chat id of a person's 1:1 chat with the bot. */
  p2pChat(openId: string): string;
  click(openId: string, click: CardClick): Promise<ClickResult>;
  move(move: TimeMove): Promise<{ from: Date; to: Date; ticks: number }>;
  /** A tick at the clock's time, as the cron runs it (serialized with moves). */
  tickNow(): Promise<void>;
  entries(chatId: string): ChatEntry[];
  /** Bot messages per chat. */
  counts(): Map<string, number>;
  file(key: string): { name: string; bytes: Buffer } | undefined;
}

export function createSandbox(deps: SandboxDeps): Sandbox {
  const { fake, duban, clock, world } = deps;
  const said: SaidMessage[] = [];
  const bot = { open_id: fake.bot.open_id, name: fake.bot.name };
  // Moves and cron ticks one at a time: the clock must not jump under a running tick.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function post(payload: LarkInboundPayload): Promise<Response> {
    const request = fake.request(payload);
    const res = await fetch(deps.webhook(), { method: 'POST', body: request.body, headers: request.headers });
    if (!res.ok) throw new Error(`the bot answered ${res.status}: ${await res.text()}`);
    return res;
  }

  const person = (openId: string): SandboxPerson => {
    const p = world.people.get(openId);
    if (!p) throw new Error(`unknown person ${openId}`);
    return p;
  };

  /** "@督办 绑定 腾冲市 @李娜" → text and @mentions, for the bot and the tenant's people. */
  function toParts(text: string): TextPart[] {
    const names = [{ name: bot.name, at: bot }, ...[...world.people.values()].map((p) => ({ name: p.name, at: { open_id: p.openId, name: p.name } }))].sort(
      (a, b) => b.name.length - a.name.length,
    );
    const parts: TextPart[] = [];
    let literal = '';
    for (let i = 0; i < text.length; i++) {
      const hit = text[i] === '@' ? names.find((n) => text.startsWith(n.name, i + 1)) : undefined;
      if (!hit) {
        literal += text[i];
        continue;
      }
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ at: hit.at });
      i += hit.name.length;
    }
    if (literal) parts.push(literal);
    return parts;
  }

  async function say(openId: string, chatId: string, text: string, rootId?: string): Promise<void> {
    const sender = person(openId);
    const envelope = fake.inbound.message({
      chatId,
      chatType: chatId === fake.p2pChatId(openId) ? 'p2p' : 'group',
      sender: { open_id: sender.openId, name: sender.name },
      text: toParts(text),
      ...(rootId ? { rootId, parentId: rootId } : {}),
    });
    said.push({ messageId: envelope.event.message.message_id, chatId, sender, text, at: clock.now().getTime(), rootId, after: fake.messages.length });
    await post(envelope);
  }

  async function tickAt(at: Date): Promise<void> {
    clock.set(at);
    await duban.tick(at);
    await duban.flush();
  }

  return {
    world,
    clock,
    async setUp() {
      const admin = world.personas.find((p) => p.key === 'admin')!.person;
      const leader = world.personas.find((p) => p.key === 'leader')!.person;
      for (const chat of world.chats) {
        await say(admin.openId, chat.chatId, `@${bot.name} 绑定 ${chat.unit.name} @${chat.contact.name}`);
        if (chat.unit.kind === 'office') await say(admin.openId, chat.chatId, `@${bot.name} 绑定 领导 @${leader.name}`);
      }
      await duban.flush();
      await serial(() => tickAt(clock.now()));
    },
    say,
    p2pChat: (openId) => fake.p2pChatId(openId),
    async click(openId, c) {
      const operator = person(openId);
      const message = fake.message(c.messageId);
      if (!message) throw new Error(`no message ${c.messageId}`);
      // Feishu's client refuses a click on a card older than 14 days: the fake's builder throws (§6.7a).
      let envelope: ReturnType<typeof fake.inbound.cardAction>;
      try {
        envelope = fake.inbound.cardAction({
          operator: { open_id: operator.openId, name: operator.name },
          openMessageId: c.messageId,
          openChatId: message.chat_id,
          ...(c.value !== undefined ? { value: c.value } : {}),
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.tag !== undefined ? { tag: c.tag } : {}),
          ...(c.formValue !== undefined ? { formValue: c.formValue } : {}),
          ...(c.option !== undefined ? { option: c.option } : {}),
          ...(c.checked !== undefined ? { checked: c.checked } : {}),
        });
      } catch (e) {
        if (e instanceof CardExpiredError) return { expired: true };
        throw e;
      }
      const res = await post(envelope);
      const body = (await res.json()) as { toast?: { type: string; content: string }; card?: { type?: string; data?: unknown } };
      const problem = body.card?.type === 'raw' ? fake.applyCallbackCard(c.messageId, body.card.data) : undefined;
      if (problem) deps.log.warn('the callback answered with a card Lark would not show', { problem });
      return { toast: body.toast, problem };
    },
    move(move) {
      return serial(async () => {
        const from = clock.now();
        const to = moveTarget(move, from, deps.plans, deps.calendar);
        const times = tickTimes(from, to);
        for (const at of times) await tickAt(at);
        return { from, to, ticks: times.length };
      });
    },
    tickNow: () => serial(() => tickAt(clock.now())),
    entries(chatId) {
      const bots: ChatEntry[] = [];
      fake.messages.forEach((message, index) => {
        if (message.chat_id === chatId) bots.push({ kind: 'bot', message, index });
      });
      const people: ChatEntry[] = said.filter((s) => s.chatId === chatId).map((s) => ({ kind: 'person', said: s }));
      // A person's message comes before the bot messages sent after it.
      const place = (e: ChatEntry) => (e.kind === 'bot' ? e.index + 0.5 : e.said.after);
      return [...people, ...bots].sort((a, b) => place(a) - place(b));
    },
    counts() {
      const counts = new Map<string, number>();
      for (const m of fake.messages) counts.set(m.chat_id, (counts.get(m.chat_id) ?? 0) + 1);
      return counts;
    },
    file(key) {
      const f = fake.files.get(key);
      return f ? { name: f.file_name, bytes: f.bytes } : undefined;
    },
  };
}
