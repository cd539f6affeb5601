// Binding chats to units (绑定 / 解绑, 绑定 领导): an office admin says which unit a group chat
// is and who its contacts are; a newly bound unit gets the cards it still owes.
import { buildBindHelpCard } from '../../../cards/bind-card.js';
import { zh } from '../../core/texts.js';
import { createUnitIndex } from '../../core/units.js';
import { isAdmin } from '../deps.js';
import type { Person } from '../events.js';
import type { StoredUnit } from '../ports/index.js';
import { queueOwedCards } from '../report-cards.js';
import type { Feature } from './feature.js';

export const binding: Feature = {
  name: 'binding',
  intents: {
    async bind(deps, intent, turn) {
      const { event, now } = turn;
      if (!(await isAdmin(deps, event.sender.openId))) return turn.reply(zh.bind.notAdmin);
      // 绑定 领导 @段兆锦 @吴云龙: the leading group's members, matched by name, get their open_ids.
      if (/^(领导|领导小组|领导小组成员)$/.test(intent.unit)) {
        const people = dedupe(event.mentions);
        if (people.length === 0) return turn.reply(zh.bind.leadersUsage);
        const bound: string[] = [];
        const unknown: string[] = [];
        for (const person of people) {
          const slugs = await deps.plans.bindLeader(person.name ?? '', person.openId, event.sender.openId, now);
          (slugs.length > 0 ? bound : unknown).push(person.name ?? person.openId);
        }
        return turn.reply(zh.bind.leaders(bound, unknown));
      }
      if (event.chatType === 'p2p') return turn.reply(zh.bind.onlyInGroup);
      if (!intent.unit) return turn.reply(zh.bind.missingUnit);
      const units = turn.units;
      const match = createUnitIndex(units).match(intent.unit);
      if (match.kind === 'unknown') return turn.reply(zh.bind.unknownUnit(intent.unit, suggest(units, intent.unit)));
      if (match.kind === 'ambiguous') return turn.reply(zh.bind.ambiguous(intent.unit, match.candidates.map((u) => u.name)));
      if (match.kind === 'group') return turn.reply(zh.bind.ambiguous(intent.unit, match.units.map((u) => u.name)));
      const unit = match.unit;
      const { previous } = await deps.directory.bindChat({ unitCode: unit.code, chatId: event.chatId, contacts: dedupe(event.mentions), by: event.sender.openId, at: now });
      const previousName = previous && previous !== unit.code ? units.find((u) => u.code === previous)?.name : undefined;
      const bound = (await deps.directory.unit(unit.code))!;
      await turn.reply(zh.bind.ok(unit.name, bound.contacts.map((c) => c.name ?? c.openId ?? '').filter(Boolean), previousName));
      await queueOwedCards(deps, bound, now);
    },

    async unbind(deps, _intent, turn) {
      if (!(await isAdmin(deps, turn.event.sender.openId))) return turn.reply(zh.bind.notAdmin);
      const previous = await deps.directory.unbindChat(turn.event.chatId, turn.event.sender.openId, turn.now);
      const name = previous ? turn.units.find((u) => u.code === previous)?.name : undefined;
      await turn.reply(name ? zh.bind.unbindOk(name) : zh.bind.notBound);
    },
  },

  async botAdded(deps, event, now) {
    await deps.outbox.enqueue(
      [{ key: `welcome:${event.eventId}`, kind: 'bind.help', to: { type: 'chat', id: event.chatId }, msgType: 'interactive', content: JSON.stringify(buildBindHelpCard()) }],
      now,
    );
  },
};

function dedupe(people: readonly Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of people) if (!seen.has(p.openId)) seen.set(p.openId, p);
  return [...seen.values()];
}

function suggest(units: readonly StoredUnit[], text: string): string[] {
  const chars = new Set(text);
  return units
    .map((u) => ({ u, score: [...u.name].filter((c) => chars.has(c)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((x) => x.u.name);
}
