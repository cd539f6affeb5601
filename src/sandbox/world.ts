// The made-up tenant of the sandbox: one group chat per unit of the directory, one made-up
// contact per unit, a leader of the plan's leading group, and the personas the page offers.
import { createHash } from 'node:crypto';
import type { Plan } from '../core/plan.js';
import type { UnitKind } from '../core/plan-spec.js';
import type { UnitRef } from '../core/units.js';

export interface SandboxPerson {
  openId: string;
  name: string;
}

export interface SandboxChat {
  chatId: string;
  name: string;
  unit: UnitRef;
  /** The unit's contact, bound with the chat. */
  contact: SandboxPerson;
  members: SandboxPerson[];
}

export type PersonaKey = 'admin' | 'leader' | 'county' | 'lead' | 'nobody';

export interface Persona {
  key: PersonaKey;
  person: SandboxPerson;
  /** The chat the page opens when switching to this persona. */
  homeChat: string;
  /** The unit whose name the persona's label carries. */
  unitName?: string | undefined;
}

export interface SandboxWorld {
  chats: SandboxChat[];
  personas: Persona[];
  /** Everyone in the tenant, by open_id. */
  people: Map<string, SandboxPerson>;
  /** Office admins (DUBAN_ADMINS). */
  admins: string[];
}

// Made-up names, none of them in the seed's leading group.
const names = [
  '李娜', '王芳', '陈静', '刘洋', '杨帆', '赵磊', '黄敏', '周杰', '吴婷', '徐强', '孙丽', '马超', '朱琳',
  '胡军', '郭燕', '何涛', '高雪', '林峰', '罗红', '郑毅', '梁爽', '谢东', '宋佳', '唐亮', '韩梅', '冯刚',
];
const kindOrder: Record<UnitKind, number> = { office: 0, county: 1, park: 2, department: 3 };

const hex = (seed: string) => createHash('sha256').update(`sandbox:${seed}`).digest('hex').slice(0, 32);
const person = (seed: string, name: string): SandboxPerson => ({ openId: `ou_${hex(seed)}`, name });

/** A long official name (the office's) is listed by its longest alias that fits a chat list. */
function shortName(unit: UnitRef): string {
  if (unit.name.length <= 12) return unit.name;
  return [...unit.aliases].sort((a, b) => b.length - a.length).find((a) => a.length <= 12) ?? unit.name;
}

export function createWorld(plan: Plan, units: readonly UnitRef[]): SandboxWorld {
  const sorted = [...units].sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind]);
  const taken = new Set(plan.leadingGroup.map((m) => m.name));
  const pool = names.filter((n) => !taken.has(n));
  const office = sorted.find((u) => u.code === plan.officeCode) ?? sorted.find((u) => u.kind === 'office');
  const leaderMember = plan.leadingGroup[0];
  const leader = person('leader', leaderMember?.name ?? '组长');
  const nobody = person('nobody', '周游');
  const contacts = new Map(sorted.map((u, i) => [u.code, person(`contact:${u.code}`, pool[i % pool.length] ?? `联络员${i + 1}`)] as const));
  const admin = office ? contacts.get(office.code)! : person('admin', '办公室管理员');

  const county = sorted.find((u) => u.kind === 'county' && (u.name === '腾冲市' || u.aliases.includes('腾冲'))) ?? sorted.find((u) => u.kind === 'county');
  const leadCode = plan.tasks[0]?.lead[0];
  const lead = sorted.find((u) => u.code === leadCode) ?? sorted.find((u) => u.kind === 'department');

  const chats: SandboxChat[] = sorted.map((unit) => {
    const contact = contacts.get(unit.code)!;
    const members = [contact, ...(contact === admin ? [] : [admin])];
    if (unit === office) members.push(leader);
    if (unit === county) members.push(nobody);
    return { chatId: `oc_${hex(`chat:${unit.code}`)}`, name: `${shortName(unit)}工作群`, unit, contact, members };
  });
  const chatOf = (unit: UnitRef | undefined) => chats.find((c) => c.unit === unit)?.chatId ?? chats[0]?.chatId ?? '';

  const personas: Persona[] = [
    { key: 'admin', person: admin, homeChat: chatOf(office) },
    { key: 'leader', person: leader, homeChat: chatOf(office) },
    ...(county ? [{ key: 'county' as const, person: contacts.get(county.code)!, homeChat: chatOf(county), unitName: county.name }] : []),
    ...(lead ? [{ key: 'lead' as const, person: contacts.get(lead.code)!, homeChat: chatOf(lead), unitName: lead.name }] : []),
    { key: 'nobody', person: nobody, homeChat: chatOf(county) },
  ];
  const people = new Map<string, SandboxPerson>();
  for (const p of [admin, leader, nobody, ...contacts.values()]) people.set(p.openId, p);
  return { chats, personas, people, admins: [admin.openId] };
}
