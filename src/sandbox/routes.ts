// GET /sandbox and what its page calls, on the bot's own Hono app: the chat state (polled),
// saying something as a persona, clicking a card, moving the clock, downloading a file the
// bot sent, and the page's static files — VChart straight from node_modules, no build step.
import type { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { zh } from '../core/texts.js';
import { zonedParts } from '../core/time.js';
import type { JsonValue } from '../fake-lark/index.js';
import { attachmentDisposition } from '../http/api-routes.js';
import type { NameOf } from './markdown.js';
import { renderPage } from './page.js';
import { sandboxTexts } from './texts.js';
import type { Sandbox } from './sandbox.js';
import { timeMoves } from './time-moves.js';
import { renderChat } from './view.js';

export interface SandboxRouteOptions {
  timezone: string;
  botName: string;
  nameOf: NameOf;
}

const json: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));
const persona = z.enum(['admin', 'leader', 'county', 'lead', 'nobody']);
const sayBody = z.object({ persona, chat: z.string().min(1), text: z.string().trim().min(1).max(2000), rootId: z.string().optional() });
const clickBody = z.object({
  persona,
  messageId: z.string().min(1),
  value: json.optional(),
  name: z.string().optional(),
  tag: z.string().optional(),
  formValue: z.record(z.string(), json).optional(),
  option: z.string().optional(),
  checked: z.boolean().optional(),
});
const timeBody = z.object({ move: z.enum(timeMoves) });

const assets: Record<string, { file: () => string; type: string }> = {
  'client.js': { file: () => fileURLToPath(new URL('./client.js', import.meta.url)), type: 'text/javascript; charset=utf-8' },
  'style.css': { file: () => fileURLToPath(new URL('./style.css', import.meta.url)), type: 'text/css; charset=utf-8' },
  // The browser build of the VChart the Feishu clients of today use (lark-protocol.md §6.7).
  'vchart.js': { file: () => createRequire(import.meta.url).resolve('@visactor/vchart/build/index.min.js'), type: 'text/javascript; charset=utf-8' },
};

const mimeTypes: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

export function mountSandboxRoutes(app: Hono, sandbox: Sandbox, options: SandboxRouteOptions): void {
  const { world } = sandbox;
  const openIdOf = (key: z.infer<typeof persona>) => world.personas.find((p) => p.key === key)?.person.openId ?? '';
  const page = renderPage(world.personas);
  const cache = new Map<string, Buffer>();

  app.get('/sandbox', (c) => c.html(page));
  app.get('/sandbox/', (c) => c.redirect('/sandbox'));

  app.get('/sandbox/assets/:name', (c) => {
    const asset = assets[c.req.param('name')];
    if (!asset) return c.json({ ok: false, error: 'not found' }, 404);
    const name = c.req.param('name');
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(asset.file());
      cache.set(name, body);
    }
    return new Response(new Uint8Array(body), { headers: { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' } });
  });

  app.get('/sandbox/api/state', (c) => {
    const chatId = c.req.query('chat');
    const who = persona.safeParse(c.req.query('persona'));
    const p2p = who.success ? [{ id: sandbox.p2pChat(openIdOf(who.data)), name: sandboxTexts.p2pChat }] : [];
    const counts = sandbox.counts();
    const now = sandbox.clock.now();
    const view = chatId ? renderChat(sandbox, chatId, options.timezone, options.nameOf, options.botName) : undefined;
    const changed = view && view.version !== c.req.query('version');
    return c.json({
      now: now.toISOString(),
      nowLabel: `${zonedParts(now, options.timezone).year}年${zh.dateTime(now, options.timezone)}`,
      chats: [...p2p, ...world.chats.map((ch) => ({ id: ch.chatId, name: ch.name }))].map((ch) => ({ ...ch, count: counts.get(ch.id) ?? 0 })),
      chat: chatId,
      version: view?.version,
      entries: changed ? view.entries : undefined,
    });
  });

  app.post('/sandbox/api/say', async (c) => {
    const body = sayBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ ok: false, error: body.error.issues[0]?.message ?? 'bad request' }, 400);
    await sandbox.say(openIdOf(body.data.persona), body.data.chat, body.data.text, body.data.rootId);
    return c.json({ ok: true });
  });

  app.post('/sandbox/api/click', async (c) => {
    const body = clickBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ ok: false, error: body.error.issues[0]?.message ?? 'bad request' }, 400);
    const { persona: key, ...click } = body.data;
    const result = await sandbox.click(openIdOf(key), click);
    return c.json({ ok: true, ...result });
  });

  app.post('/sandbox/api/time', async (c) => {
    const body = timeBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ ok: false, error: body.error.issues[0]?.message ?? 'bad request' }, 400);
    const moved = await sandbox.move(body.data.move);
    return c.json({ ok: true, from: moved.from.toISOString(), to: moved.to.toISOString(), ticks: moved.ticks, label: zh.dateTime(moved.to, options.timezone) });
  });

  app.get('/sandbox/files/:key', (c) => {
    const file = sandbox.file(c.req.param('key'));
    if (!file) return c.json({ ok: false, error: 'not found' }, 404);
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    return new Response(new Uint8Array(file.bytes), {
      headers: { 'Content-Type': mimeTypes[ext] ?? 'application/octet-stream', 'Content-Disposition': attachmentDisposition(file.name), 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

