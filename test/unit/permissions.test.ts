import { describe, expect, it } from 'vitest';
import { accessFor, canSee, remindAllowed, toViewer, type Access, type Subject, type Viewer } from '../../src/core/permissions.js';

const counties = ['longyang', 'shidian', 'tengchong', 'longling', 'changning'];
const parks = ['park-gongmao', 'park-bianhe'];

// Who the app knows, as it would pass it: DUBAN_ADMINS, the office, the leading group, contacts.
const known = {
  admins: ['ou_admin'],
  officeCode: 'office',
  leaderOpenIds: ['ou_leader', undefined],
  contacts: [
    { unitCode: 'office', openId: 'ou_office' },
    { unitCode: 'tengchong', openId: 'ou_tc' },
    { unitCode: 'tengchong', openId: 'ou_two' },
    { unitCode: 'park-bianhe', openId: 'ou_two' },
    { unitCode: 'health', openId: 'ou_health' },
    { unitCode: 'housing', openId: 'ou_housing' },
    { unitCode: 'shidian' },
  ],
};

const roles = {
  admin: toViewer('ou_admin', known),
  office: toViewer('ou_office', known),
  leader: toViewer('ou_leader', known),
  county: toViewer('ou_tc', known),
  twoUnits: toViewer('ou_two', known),
  leadDept: toViewer('ou_health', known),
  cooperating: toViewer('ou_housing', known),
  stranger: toViewer('ou_nobody', known),
} satisfies Record<string, Viewer>;
type Role = keyof typeof roles;

const subjects = {
  overview: { kind: 'overview' },
  overdue: { kind: 'overdue' },
  summary: { kind: 'summary' },
  export: { kind: 'export' },
  // 任务三: lead 市卫健委, every county and park responsible
  task3: { kind: 'task', number: '3', lead: ['health'], responsible: [...counties, ...parks] },
  // 任务六: cooperating 市住建局 among others
  task6: { kind: 'task', number: '6', lead: ['ecology', 'police'], cooperating: ['housing', 'market', 'culture'], responsible: [...counties, ...parks] },
  // 任务七 without the parks: a park's contact has no part in it
  task7: { kind: 'task', number: '7', lead: ['transport'], responsible: [...counties, 'bus'] },
  tengchong: { kind: 'unit', code: 'tengchong' },
  shidian: { kind: 'unit', code: 'shidian' },
  health: { kind: 'unit', code: 'health' },
} satisfies Record<string, Subject>;
type SubjectName = keyof typeof subjects;

const allow: Access = { kind: 'allow' };
const refuse = (reason: Extract<Access, { kind: 'refuse' }>['reason']): Access => ({ kind: 'refuse', reason });
const scope = (...unitCodes: string[]): Access => ({ kind: 'scope', unitCodes });
const rows = (...unitCodes: string[]): Access => ({ kind: 'allow_rows', unitCodes });

/** The whole matrix: every role × every subject. */
const matrix: Record<Role, Record<SubjectName, Access>> = {
  admin: { overview: allow, overdue: allow, summary: allow, export: allow, task3: allow, task6: allow, task7: allow, tengchong: allow, shidian: allow, health: allow },
  office: { overview: allow, overdue: allow, summary: allow, export: allow, task3: allow, task6: allow, task7: allow, tengchong: allow, shidian: allow, health: allow },
  leader: { overview: allow, overdue: allow, summary: allow, export: allow, task3: allow, task6: allow, task7: allow, tengchong: allow, shidian: allow, health: allow },
  county: {
    overview: scope('tengchong'),
    overdue: scope('tengchong'),
    summary: scope('tengchong'),
    export: refuse('leaders_only'),
    task3: rows('tengchong'),
    task6: rows('tengchong'),
    task7: rows('tengchong'),
    tengchong: allow,
    shidian: refuse('not_your_unit'),
    health: refuse('not_your_unit'),
  },
  twoUnits: {
    overview: scope('tengchong', 'park-bianhe'),
    overdue: scope('tengchong', 'park-bianhe'),
    summary: scope('tengchong', 'park-bianhe'),
    export: refuse('leaders_only'),
    task3: rows('tengchong', 'park-bianhe'),
    task6: rows('tengchong', 'park-bianhe'),
    task7: rows('tengchong'),
    tengchong: allow,
    shidian: refuse('not_your_unit'),
    health: refuse('not_your_unit'),
  },
  leadDept: {
    overview: scope('health'),
    overdue: scope('health'),
    summary: scope('health'),
    export: refuse('leaders_only'),
    task3: allow,
    task6: refuse('not_your_task'),
    task7: refuse('not_your_task'),
    tengchong: refuse('not_your_unit'),
    shidian: refuse('not_your_unit'),
    health: allow,
  },
  cooperating: {
    overview: scope('housing'),
    overdue: scope('housing'),
    summary: scope('housing'),
    export: refuse('leaders_only'),
    task3: refuse('not_your_task'),
    task6: allow,
    task7: refuse('not_your_task'),
    tengchong: refuse('not_your_unit'),
    shidian: refuse('not_your_unit'),
    health: refuse('not_your_unit'),
  },
  stranger: {
    overview: refuse('not_registered'),
    overdue: refuse('not_registered'),
    summary: refuse('not_registered'),
    export: refuse('not_registered'),
    task3: refuse('not_registered'),
    task6: refuse('not_registered'),
    task7: refuse('not_registered'),
    tengchong: refuse('not_registered'),
    shidian: refuse('not_registered'),
    health: refuse('not_registered'),
  },
};

const cells = (Object.keys(matrix) as Role[]).flatMap((role) =>
  (Object.keys(subjects) as SubjectName[]).map((subject) => [role, subject, matrix[role][subject]] as const),
);

describe('who may see what: every role × every subject', () => {
  it.each(cells)('%s asking about %s → %j', (role, subject, expected) => {
    expect(accessFor(roles[role], subjects[subject])).toEqual(expected);
  });

  it.each(cells)('%s may see %s only when allowed (in full or their rows)', (role, subject, expected) => {
    expect(canSee(roles[role], subjects[subject])).toBe(expected.kind === 'allow' || expected.kind === 'allow_rows');
  });
});

describe('催办', () => {
  it.each<[Role, boolean]>([
    ['admin', true],
    ['office', true],
    ['leader', true],
    ['county', false],
    ['twoUnits', false],
    ['leadDept', false],
    ['cooperating', false],
    ['stranger', false],
  ])('%s may press it on the overdue list (any unit, any task): %s', (role, allowed) => {
    expect(remindAllowed(roles[role])).toBe(allowed);
  });

  // On a task's card: 任务三 is led by 市卫健委; a lead department chases its own tasks only.
  it.each<[Role, boolean, boolean]>([
    ['admin', true, true],
    ['office', true, true],
    ['leader', true, true],
    ['county', false, false],
    ['twoUnits', false, false],
    ['leadDept', true, false],
    ['cooperating', false, false],
    ['stranger', false, false],
  ])('%s may press it on 任务三 (led by health): %s; on a task health does not lead: %s', (role, onOwn, onOther) => {
    expect(remindAllowed(roles[role], ['health'])).toBe(onOwn);
    expect(remindAllowed(roles[role], ['education'])).toBe(onOther);
  });
});

describe('toViewer', () => {
  it('makes the office unit’s contacts admins, as DUBAN_ADMINS are', () => {
    expect(roles.office).toEqual({ openId: 'ou_office', isAdmin: true, isLeader: false, contactOf: ['office'] });
    expect(roles.admin).toEqual({ openId: 'ou_admin', isAdmin: true, isLeader: false, contactOf: [] });
  });

  it('knows a leader by the open_id bound to the leading-group member, and nobody by a missing one', () => {
    expect(roles.leader.isLeader).toBe(true);
    expect(toViewer('', known).isLeader).toBe(false);
  });

  it('collects every unit a person is a contact of, once each', () => {
    expect(toViewer('ou_two', { ...known, contacts: [...known.contacts, { unitCode: 'tengchong', openId: 'ou_two' }] }).contactOf).toEqual(['tengchong', 'park-bianhe']);
  });

  it('does not match a contact without an open_id to an empty one', () => {
    expect(toViewer('', known).contactOf).toEqual([]);
  });
});
