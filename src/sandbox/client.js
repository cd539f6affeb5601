// The sandbox page's script, served as is (no build): it polls the chat state, keeps the
// messages it already shows (so typing in a card survives unrelated updates), draws charts
// with VChart, and turns clicks, form submissions and typed messages into the sandbox's API
// calls — which send the real Lark requests to the bot. Its words come from window.SANDBOX.
/* global VChart */
(() => {
  'use strict';
  const settings = window.SANDBOX;
  const texts = settings.texts;
  const $ = (id) => document.getElementById(id);
  const store = {
    get: (key, fallback) => {
      try {
        const v = localStorage.getItem(`duban-sandbox:${key}`);
        return v === null ? fallback : JSON.parse(v);
      } catch {
        return fallback;
      }
    },
    set: (key, value) => {
      try {
        localStorage.setItem(`duban-sandbox:${key}`, JSON.stringify(value));
      } catch {
        // private mode: state lives for this page only
      }
    },
  };

  const state = {
    persona: store.get('persona', 'county'),
    chat: store.get('chat', undefined),
    seen: store.get('seen', {}),
    version: undefined,
    replyTo: undefined,
    chats: [],
    polling: false,
  };
  if (!settings.personas.some((p) => p.key === state.persona)) state.persona = settings.personas[0].key;
  const personaOf = (key) => settings.personas.find((p) => p.key === key);
  if (!state.chat) state.chat = personaOf(state.persona)?.homeChat;

  // ── API ─────────────────────────────────────────────────────────────────────────────
  async function call(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({ ok: false, error: res.statusText }));
    if (!res.ok || answer.ok === false) throw new Error(answer.error || res.statusText);
    return answer;
  }

  function toast(type, content) {
    const el = document.createElement('div');
    el.className = `toast toast-${type}`;
    el.dataset.type = type;
    el.textContent = content;
    $('toasts').appendChild(el);
    setTimeout(() => el.remove(), 4000);
  }

  // ── rendering ───────────────────────────────────────────────────────────────────────
  function renderChats() {
    const list = $('chats');
    list.textContent = '';
    for (const chat of state.chats) {
      const li = document.createElement('li');
      li.dataset.chat = chat.id;
      li.className = chat.id === state.chat ? 'active' : '';
      const name = document.createElement('span');
      name.className = 'chat-name';
      name.textContent = chat.name;
      li.appendChild(name);
      const unread = chat.id === state.chat ? 0 : Math.max(0, chat.count - (state.seen[chat.id] || 0));
      if (unread > 0) {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.dataset.unread = String(unread);
        badge.textContent = String(unread);
        li.appendChild(badge);
      }
      li.addEventListener('click', () => selectChat(chat.id));
      list.appendChild(li);
    }
    const current = state.chats.find((c) => c.id === state.chat);
    $('chat-title').textContent = current ? current.name : texts.noChat;
  }

  function drawCharts(root) {
    for (const el of root.querySelectorAll('.chart:not([data-drawn])')) {
      el.dataset.drawn = '1';
      try {
        const Chart = VChart.VChart || VChart.default;
        const spec = JSON.parse(el.dataset.spec);
        const chart = new Chart(spec, { dom: el, mode: 'desktop-browser', animation: false });
        chart.renderSync();
        el.dataset.rendered = '1';
      } catch (e) {
        el.textContent = String(e);
        el.dataset.error = '1';
      }
    }
  }

  function highlightMe(root) {
    const me = personaOf(state.persona)?.openId;
    for (const at of root.querySelectorAll('.at[data-open-id]')) at.classList.toggle('me', at.dataset.openId === me);
  }

  function mergeMessages(entries) {
    const box = $('messages');
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    const existing = new Map([...box.children].map((el) => [el.dataset.key, el]));
    const wanted = new Set(entries.map((e) => e.key));
    for (const [key, el] of existing) if (!wanted.has(key)) el.remove();
    let previous = null;
    let added = false;
    for (const entry of entries) {
      let el = existing.get(entry.key);
      if (!el || el.dataset.rev !== String(entry.rev)) {
        const tpl = document.createElement('template');
        tpl.innerHTML = entry.html;
        const fresh = tpl.content.firstElementChild;
        if (el) el.replaceWith(fresh);
        else added = true;
        el = fresh;
      }
      const next = previous ? previous.nextElementSibling : box.firstElementChild;
      if (next !== el) box.insertBefore(el, next);
      previous = el;
    }
    drawCharts(box);
    highlightMe(box);
    if (added && (nearBottom || box.dataset.fresh === '1')) box.scrollTop = box.scrollHeight;
    box.dataset.fresh = '0';
  }

  async function poll() {
    if (state.polling) return;
    state.polling = true;
    try {
      const q = new URLSearchParams({ chat: state.chat || '', version: state.version || '', persona: state.persona });
      const res = await fetch(`/sandbox/api/state?${q}`);
      const s = await res.json();
      $('clock').textContent = s.nowLabel;
      $('clock').dataset.now = s.now;
      state.chats = s.chats;
      const current = s.chats.find((c) => c.id === state.chat);
      if (current) {
        state.seen[current.id] = current.count;
        store.set('seen', state.seen);
      }
      if (s.chat === state.chat && s.entries) {
        mergeMessages(s.entries);
        state.version = s.version;
      }
      renderChats();
    } catch {
      // the server restarted or is busy: try again on the next beat
    } finally {
      state.polling = false;
    }
  }

  function selectChat(id) {
    if (state.chat !== id) {
      state.chat = id;
      state.version = undefined;
      $('messages').textContent = '';
      $('messages').dataset.fresh = '1';
      setReply(undefined);
      store.set('chat', id);
    }
    void poll();
  }

  function selectPersona(key, options = {}) {
    state.persona = key;
    store.set('persona', key);
    $('persona').value = key;
    highlightMe($('messages'));
    if (options.home !== false) selectChat(personaOf(key).homeChat);
  }

  function setReply(messageId, summary) {
    state.replyTo = messageId;
    $('replying').hidden = !messageId;
    $('replying-text').textContent = messageId ? `${texts.replyingTo}${summary || ''}` : '';
  }

  // ── cards ───────────────────────────────────────────────────────────────────────────
  /** What a form sends back: each named field, as Lark's form_value carries it. */
  function formValue(form) {
    const value = {};
    let missing;
    for (const field of form.querySelectorAll('[name][data-kind]')) {
      const kind = field.dataset.kind;
      let v;
      if (kind === 'multi') v = [...field.selectedOptions].map((o) => o.value);
      else if (kind === 'checker') v = field.checked;
      else if (kind === 'date') v = field.value ? `${field.value} +0800` : '';
      else v = field.value;
      const empty = v === '' || (Array.isArray(v) && v.length === 0);
      field.closest('.field')?.classList.toggle('invalid', Boolean(field.dataset.required && empty));
      if (field.dataset.required && empty) missing ??= field;
      if (!empty || kind === 'input') value[field.name] = v;
    }
    return { value, missing };
  }

  async function click(el, extra) {
    const message = el.closest('.msg');
    if (!message) return;
    if (el.dataset.confirm && !window.confirm(el.dataset.confirm)) return;
    const body = {
      persona: state.persona,
      messageId: message.dataset.key,
      value: JSON.parse(el.dataset.callback || '{}'),
      tag: el.dataset.tag || 'button',
      ...(el.dataset.name ? { name: el.dataset.name } : {}),
      ...extra,
    };
    el.disabled = true;
    try {
      const answer = await call('/sandbox/api/click', body);
      if (answer.toast) toast(answer.toast.type, answer.toast.content);
      if (answer.problem) toast('error', `${texts.callbackRefused}${answer.problem}`);
      if (answer.expired) toast('warning', texts.cardExpired);
    } catch (e) {
      toast('error', `${texts.failed}${e.message}`);
    } finally {
      el.disabled = false;
      state.version = undefined;
      void poll();
    }
  }

  $('messages').addEventListener('click', (event) => {
    const reply = event.target.closest('[data-reply]');
    if (reply) {
      const msg = reply.closest('.msg');
      setReply(reply.dataset.reply, msg?.querySelector('.card-title')?.textContent);
      $('text').focus();
      return;
    }
    const button = event.target.closest('button[data-callback]');
    if (!button || button.disabled) return;
    if (button.dataset.url) window.open(button.dataset.url, '_blank', 'noopener');
    const form = button.closest('form.card-form');
    if (form && button.dataset.reset) {
      form.reset();
      return;
    }
    if (form && button.dataset.submit) {
      const { value, missing } = formValue(form);
      if (missing) {
        toast('warning', texts.required);
        missing.focus();
        return;
      }
      void click(button, { formValue: value });
      return;
    }
    void click(button);
  });

  $('messages').addEventListener('change', (event) => {
    const el = event.target.closest('[data-callback]');
    if (!el || el.tagName === 'BUTTON') return;
    if (el.dataset.kind === 'checker') void click(el, { checked: el.checked });
    else void click(el, { option: el.value });
  });

  // ── the composer, personas, time ────────────────────────────────────────────────────
  $('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('text').value.trim();
    if (!text || !state.chat) return;
    $('send').disabled = true;
    try {
      await call('/sandbox/api/say', { persona: state.persona, chat: state.chat, text, ...(state.replyTo ? { rootId: state.replyTo } : {}) });
      $('text').value = texts.defaultText;
      setReply(undefined);
    } catch (e) {
      toast('error', `${texts.failed}${e.message}`);
    } finally {
      $('send').disabled = false;
      void poll();
    }
  });
  $('cancel-reply').addEventListener('click', () => setReply(undefined));
  $('persona').addEventListener('change', () => selectPersona($('persona').value));

  async function move(key) {
    const buttons = document.querySelectorAll('[data-move], [data-step="3"]');
    for (const b of buttons) b.disabled = true;
    document.body.dataset.moving = '1';
    toast('info', texts.moving);
    try {
      const answer = await call('/sandbox/api/time', { move: key });
      toast('success', texts.moved.replace('{label}', answer.label));
    } catch (e) {
      toast('error', `${texts.failed}${e.message}`);
    } finally {
      for (const b of buttons) b.disabled = false;
      document.body.dataset.moving = '0';
      state.version = undefined;
      void poll();
    }
  }
  for (const b of document.querySelectorAll('[data-move]')) b.addEventListener('click', () => void move(b.dataset.move));

  // The guided first minute: each step puts the page where the step happens.
  const steps = {
    1: () => selectPersona('county'),
    2: () => {
      selectPersona('leader');
      $('text').value = `${texts.defaultText}进度`;
      $('text').focus();
    },
    3: () => move('past-deadline'),
  };
  for (const b of document.querySelectorAll('[data-step]')) {
    b.addEventListener('click', () => {
      document.querySelector(`[data-step-item="${b.dataset.step}"]`)?.classList.add('done');
      void steps[b.dataset.step]?.();
    });
  }

  $('persona').value = state.persona;
  void poll();
  setInterval(() => void poll(), 1000);
})();
