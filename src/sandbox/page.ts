// The sandbox page: one server-rendered HTML shell — top bar (clock, time control, persona),
// the guided first minute, the chat list and the chat — and the settings its script reads.
import { escapeAttr } from './markdown.js';
import { sandboxTexts as t } from './texts.js';
import { timeMoves } from './time-moves.js';
import type { Persona } from './world.js';

export function personaLabel(p: Persona): string {
  const unit = p.unitName ?? '';
  switch (p.key) {
    case 'admin':
      return t.personas.admin(p.person.name);
    case 'leader':
      return t.personas.leader(p.person.name);
    case 'county':
      return t.personas.county(unit, p.person.name);
    case 'lead':
      return t.personas.lead(unit, p.person.name);
    case 'nobody':
      return t.personas.nobody(p.person.name);
  }
}

/** What the page's script needs: who the personas are, and the words it shows itself. */
export function clientSettings(personas: readonly Persona[]) {
  return {
    personas: personas.map((p) => ({ key: p.key, openId: p.person.openId, homeChat: p.homeChat, label: personaLabel(p) })),
    texts: {
      required: t.form.required,
      moving: t.moving,
      moved: t.moved('{label}'),
      failed: t.errors.failed,
      callbackRefused: t.errors.callbackRefused,
      cardExpired: t.errors.cardExpired,
      replyingTo: t.composer.replyingTo,
      defaultText: t.composer.defaultText,
      noChat: t.noChat,
    },
  };
}

export function renderPage(personas: readonly Persona[]): string {
  const e = escapeAttr;
  const settings = JSON.stringify(clientSettings(personas)).replace(/</g, '\\u003c');
  const options = personas.map((p) => `<option value="${e(p.key)}">${e(personaLabel(p))}</option>`).join('');
  const moves = timeMoves.map((m) => `<button type="button" class="btn btn-default" data-move="${m}">${e(t.moves[m])}</button>`).join('');
  const steps = t.guide.steps
    .map((s, i) => `<li data-step-item="${i + 1}"><span class="step-no">${i + 1}</span> ${e(s.text)} <button type="button" class="btn btn-primary btn-small" data-step="${i + 1}">${e(s.button)}</button></li>`)
    .join('<li class="arrow">→</li>');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/assets/style.css">
</head>
<body>
<header class="topbar">
  <div class="brand"><strong>${e(t.title)}</strong><span class="tagline">${e(t.tagline)}</span></div>
  <div class="clock"><span>${e(t.clock)}</span> <strong id="clock">…</strong></div>
  <div class="moves">${moves}</div>
  <label class="persona">${e(t.persona)} <select id="persona">${options}</select></label>
</header>
<section class="guide"><strong>${e(t.guide.heading)}</strong><ol>${steps}</ol><span class="not-feishu">${e(t.notFeishu)}</span></section>
<main class="layout">
  <nav class="chat-list"><div class="list-title">${e(t.chats)}</div><ul id="chats"></ul></nav>
  <section class="chat">
    <div class="chat-title" id="chat-title">${e(t.noChat)}</div>
    <div class="messages" id="messages"></div>
    <form class="composer" id="composer">
      <div class="replying" id="replying" hidden><span id="replying-text"></span> <button type="button" class="link" id="cancel-reply">${e(t.composer.cancelReply)}</button></div>
      <div class="composer-row"><input id="text" autocomplete="off" placeholder="${e(t.composer.placeholder)}" value="${e(t.composer.defaultText)}"><button class="btn btn-primary_filled" type="submit" id="send">${e(t.composer.send)}</button></div>
    </form>
  </section>
</main>
<div class="toasts" id="toasts"></div>
<script>window.SANDBOX = ${settings};</script>
<script src="/sandbox/assets/vchart.js"></script>
<script src="/sandbox/assets/client.js"></script>
</body>
</html>`;
}
