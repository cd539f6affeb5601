// Leaders' questions (进度, 任务三, 腾冲市, 谁没报, 日报, 帮助) and the answer cards' [谁没报]
// button, which asks the same intent directly.
import type { Question } from '../../core/questions.js';
import { zh } from '../../core/texts.js';
import { accessFor } from '../../core/permissions.js';
import { answerQuestion, refusalText, viewerOf } from '../answer-question.js';
import { planFor } from '../dispatch.js';
import type { Deps } from '../deps.js';
import type { ChatTurn, Feature, IntentHandlers } from './feature.js';

type Asked = Exclude<Question, { kind: 'export' }>;

const reply = async (deps: Deps, intent: Asked, turn: ChatTurn) => {
  const card = await answerQuestion(deps, intent, { openId: turn.event.sender.openId, units: turn.units, plan: turn.plan }, turn.now);
  await turn.replyCard(card, intent.kind === 'help' ? 'help' : 'answer');
};

const asked: IntentHandlers = {
  overview: reply,
  task: reply,
  unknown_task: reply,
  unit: reply,
  overdue: reply,
  summary: reply,
  help: reply,
  ambiguous: reply,
  unknown: reply,
};

export const questions: Feature = {
  name: 'questions',
  intents: asked,
  actions: {
    async 'query.overdue'(deps, a, { event, now }) {
      const chatId = event.chatId;
      if (!chatId) return { toast: { type: 'warning', content: zh.toast.staleCard } };
      const units = await deps.directory.units();
      const plan = (await deps.plans.readPlan(a.plan)) ?? (await planFor(deps, units, event.operator.openId));
      // A refusal stays private: a toast to who pressed, never a card in the group.
      const access = plan ? accessFor(viewerOf(plan, units, deps.admins, event.operator.openId), { kind: 'overdue' }) : undefined;
      if (!plan || access?.kind === 'refuse') return { toast: { type: 'warning', content: access?.kind === 'refuse' ? refusalText(access) : zh.toast.staleCard } };
      const card = await answerQuestion(deps, { kind: 'overdue' }, { openId: event.operator.openId, units, plan }, now);
      await deps.outbox.enqueue([{ key: `answer:${event.eventId}`, kind: 'answer', to: { type: 'chat', id: chatId }, msgType: 'interactive', content: JSON.stringify(card) }], now);
      return { toast: { type: 'info', content: zh.answer.sentBelow } };
    },
  },
};
