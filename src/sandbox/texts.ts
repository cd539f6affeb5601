// Every word the sandbox page shows, in one place (the bot's own words are in src/core/texts.ts).
import type { PersonaKey } from './world.js';
import type { TimeMove } from './time-moves.js';

export const sandboxTexts = {
  title: '督办 · 沙盒',
  tagline: '模拟的飞书：群聊、卡片和时间都在本机，机器人与真实部署的完全相同。',
  notFeishu: '这里不是飞书：模拟的开放平台遵循飞书的接口规则，但界面只是近似。',
  clock: '沙盒时间',
  persona: '当前身份',
  personas: {
    admin: (name: string) => `办公室管理员 · ${name}`,
    leader: (name: string) => `领导 · ${name}`,
    county: (unit: string, name: string) => `${unit}联络员 · ${name}`,
    lead: (unit: string, name: string) => `${unit}联络员 · ${name}（牵头部门）`,
    nobody: (name: string) => `无关人员 · ${name}`,
  } satisfies Record<PersonaKey, (...names: string[]) => string>,
  moves: {
    'next-0900': '到下一个 09:00',
    'next-day': '到第二天',
    'past-deadline': '快进到截止日后',
    'next-1800': '到下一个 18:00',
  } satisfies Record<TimeMove, string>,
  moving: '时间推进中…',
  moved: (label: string) => `已推进到 ${label}`,
  guide: {
    heading: '第一分钟这样试：',
    steps: [
      { text: '你是腾冲市联络员：在报送卡片中填写任务一', button: '去腾冲市群' },
      { text: '切换为领导：发送“进度”', button: '切换为领导' },
      { text: '时间快进到截止日后', button: '快进到截止日后' },
    ],
  },
  chats: '群聊',
  p2pChat: '与督办的单聊',
  noChat: '从左侧选择一个群聊',
  composer: {
    placeholder: '输入消息，例如 @督办 进度',
    send: '发送',
    defaultText: '@督办 ',
    replyingTo: '回复卡片：',
    cancelReply: '取消',
  },
  message: {
    reply: '在此卡片下回复',
    inThread: '回复',
    updated: '已更新',
    download: '下载',
    file: '文件',
    image: '[图片]',
    unsupported: (tag: string) => `[沙盒暂不支持显示的组件：${tag}]`,
    unknownType: (type: string) => `[${type} 消息]`,
    bot: '督办',
  },
  form: {
    required: '请填写此项',
    selectPlaceholder: '请选择',
    tableRows: (n: number) => `共 ${n} 行`,
  },
  errors: {
    failed: '操作失败：',
    callbackRefused: '卡片未更新：',
    cardExpired: '该卡片已超过14天，飞书不再允许操作。',
  },
} as const;
