// Small cards: the welcome/help card posted when duban joins a group (how to bind it to a
// unit), and a generic notice card — a header and markdown lines, optionally opened by
// @-mentions — that reminders, replies and summaries reuse.
import { zh } from '../src/core/texts.js';
import { markdown, mentionTags, plainText, type HeaderTemplate, type LarkCard } from './types.js';

export interface NoticeCardView {
  title: string;
  template: HeaderTemplate;
  /** Card markdown, one line each; escape anything people typed with escapeMarkdown. */
  lines: string[];
  /** open_ids to @-mention at the top: the people who must act, and only them. */
  mentions?: string[];
  subtitle?: string;
}

export function buildNoticeCard(view: NoticeCardView): LarkCard {
  const at = mentionTags(view.mentions ?? []);
  const content = (at ? [at, ...view.lines] : view.lines).join('\n');
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill' },
    header: {
      title: plainText(view.title),
      ...(view.subtitle ? { subtitle: plainText(view.subtitle) } : {}),
      template: view.template,
    },
    body: { elements: content ? [markdown(content)] : [] },
  };
}

/** Posted when the bot is added to a group, and the answer to 帮助. Blue: information. */
export function buildBindHelpCard(): LarkCard {
  const h = zh.help;
  return buildNoticeCard({
    title: h.title,
    template: 'blue',
    lines: [
      h.intro,
      '',
      `**${h.bindHeading}**`,
      ...h.bindExamples.map((e) => `- ${e}`),
      '',
      `**${h.reportHeading}**`,
      ...h.reportLines,
      '',
      `**${h.commandsHeading}**`,
      h.commands,
    ],
  });
}
