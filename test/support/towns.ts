// A synthetic plan of N towns, each bound to its own chat: for fan-out, crash and load tests.
import { loadPlan } from '../../src/app/load-plan.js';
import type { DirectoryStore, PlanStore } from '../../src/app/ports/index.js';
import { fixedClock } from '../../src/core/time.js';
import { defaultScheduleSpec } from '../../src/core/plan-spec.js';

export const townsSlug = 'towns';

export async function loadTowns(store: { plans: PlanStore; directory: DirectoryStore }, count: number, opensAt = '2020-10-22T09:00:00+08:00') {
  const units = Array.from({ length: count }, (_, i) => ({
    code: `town-${i}`,
    name: `测试镇${i}`,
    kind: 'county' as const,
    aliases: [],
    toConfirm: false,
    contacts: [{ openId: `ou_town${i}`, name: `联络员${i}`, role: 'contact' as const }],
    chats: [],
  }));
  const result = await loadPlan(
    store,
    {
      directory: { units: [...units, { code: 'town-office', name: '镇办', kind: 'office', aliases: [], toConfirm: false, contacts: [], chats: [] }] },
      spec: {
        slug: townsSlug, title: '百镇督办', issuer: '镇办', issuedOn: '2020-10-01', timezone: 'Asia/Shanghai', office: '镇办', leadingGroup: [], schedule: defaultScheduleSpec,
        tasks: [{ number: 1, title: '一项工作', body: '', lead: [], cooperating: [], responsible: ['各县(市、区)人民政府'], indicators: [], subtasks: [] }],
        rounds: [{ key: 'r1', name: '第1轮', reporter: 'responsible', recipient: 'office', opensAt, dueAt: '2020-11-05T18:00:00+08:00', recurrence: null, reminders: { daysBefore: [1], at: '09:00' }, rollover: false }],
      },
    },
    fixedClock('2020-10-01T00:00:00Z'),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  for (const u of units) await store.directory.bindChat({ unitCode: u.code, chatId: `oc_${u.code}`, contacts: [{ openId: u.contacts[0]!.openId, name: u.contacts[0]!.name }], by: 'test', at: new Date('2020-10-01T00:00:00Z') });
  return units;
}
