// The bearer-token HTTP API through app.request(): the token check, the API off without a
// token, the status JSON of design.md, and export downloads with their headers.
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanStore } from '../../src/app/ports/index.js';
import type { DatabaseStorage } from '../../src/storage/index.js';
import { fixedClock } from '../../src/core/time.js';
import { createExportDownloads, createExportWriters } from '../../src/export/export-writers.js';
import { createApp } from '../../src/http/app.js';
import { planStatus } from '../../src/app/plan-status.js';
import type { ApiDeps } from '../../src/http/api-routes.js';
import type { Database } from '../../src/storage/database.js';
import { createExportSource } from '../../src/storage/export-source.js';
import { loadSeed, openTestStore, seedSlug } from '../support/runtime.js';

const token = 'test-api-token-0123456789';
const clock = fixedClock('2020-11-06T09:00:00+08:00');
const auth = (value = token) => ({ headers: { Authorization: `Bearer ${value}` } });

let database: Database;
let store: PlanStore;
let storage: DatabaseStorage;

beforeEach(async () => {
  const t = await openTestStore();
  storage = t.storage;
  database = storage.database;
  store = storage.plans;
  await loadSeed(storage);
});
afterEach(() => database.close());

function app(apiToken: string | undefined = token, withApi = true): Hono {
  const exportDeps = { plans: store, directory: storage.directory, source: createExportSource(database), writers: createExportWriters() };
  const api: ApiDeps = { token: apiToken, status: (slug, at) => planStatus(storage, slug, at), clock, download: createExportDownloads(exportDeps) };
  return createApp({ plans: store, clock, ping: async () => undefined, mode: 'setup', version: 'test', api: withApi ? api : undefined });
}

const appWithoutToken = () => app('', true);

describe('authorization', () => {
  it('answers 401 without a token, with a wrong one, a wrong scheme or a prefix of the right one', async () => {
    const a = app();
    for (const init of [{}, auth('wrong'), auth(token.slice(0, -1)), auth(`${token}x`), { headers: { Authorization: `Basic ${token}` } }]) {
      const res = await a.request(`/api/plans/${seedSlug}/status`, init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="duban"');
      expect(await res.json()).toMatchObject({ ok: false, error: 'unauthorized' });
    }
    const exportRes = await a.request(`/api/plans/${seedSlug}/export?format=csv`, auth('wrong'));
    expect(exportRes.status).toBe(401);
  });

  it('is off (404 with the reason) when no token is configured, whatever is sent', async () => {
    for (const init of [{}, auth()]) {
      const res = await appWithoutToken().request(`/api/plans/${seedSlug}/status`, init);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ ok: false, error: 'api off', reason: 'the HTTP API is off: set DUBAN_API_TOKEN to turn it on' });
    }
  });

  it('is not there at all when the app is built without it', async () => {
    const res = await app(token, false).request(`/api/plans/${seedSlug}/status`, auth());
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'not found' });
  });
});

describe('GET /api/plans/:slug/status', () => {
  it('is the status JSON of design.md: every county and park overdue on the morning after round 1', async () => {
    const res = await app().request(`/api/plans/${seedSlug}/status?at=${encodeURIComponent('2020-11-06T09:00:00+08:00')}`, auth());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as {
      plan: string;
      at: string;
      totals: Record<string, number>;
      units: { code: string; name: string; kind: string; expected: number; submitted: number; overdue: number }[];
      tasks: { number: number; title: string; expected: number; submitted: number; overdue: number }[];
    };
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['plan', 'at', 'totals', 'units', 'tasks']));
    expect(body).not.toHaveProperty('assignments');
    expect(body.plan).toBe(seedSlug);
    expect(body.at).toBe('2020-11-06T09:00:00+08:00');
    for (const key of ['expected', 'submitted', 'overdue', 'late', 'accepted']) expect(typeof body.totals[key]).toBe('number');
    expect(body.totals.submitted).toBe(0);
    for (const u of body.units) {
      expect(u).toEqual(expect.objectContaining({ code: expect.any(String), name: expect.any(String), expected: expect.any(Number), submitted: 0, overdue: expect.any(Number) }));
    }
    const local = body.units.filter((u) => u.kind === 'county' || u.kind === 'park');
    expect(local.map((u) => u.name)).toEqual(['隆阳区', '施甸县', '腾冲市', '龙陵县', '昌宁县', '保山工贸园区管委会', '腾冲边境经济合作区管委会']);
    for (const u of local) expect(u.overdue).toBeGreaterThan(0);
    // Lead departments report in round 2, open since 09:00; 市公交公司 reports on task 7 monthly, and is late too.
    expect(body.units.filter((u) => u.kind === 'department' && u.overdue > 0).map((u) => u.name)).toEqual(['市公交公司']);
    expect(body.tasks).toHaveLength(12);
    expect(body.tasks[0]).toEqual(expect.objectContaining({ number: 1, title: expect.any(String), expected: 8, submitted: 0, overdue: 7 }));
    expect(body.totals.overdue).toBe(body.units.reduce((n, u) => n + u.overdue, 0));
  });

  it('reads a + in an unencoded at as the + it was, and the clock without one', async () => {
    const plus = await app().request(`/api/plans/${seedSlug}/status?at=2020-11-06T09:00:00+08:00`, auth());
    expect(((await plus.json()) as { at: string }).at).toBe('2020-11-06T09:00:00+08:00');
    const noAt = await app().request(`/api/plans/${seedSlug}/status`, auth());
    expect(((await noAt.json()) as { at: string }).at).toBe('2020-11-06T09:00:00+08:00');
  });

  it('answers 400 for a bad at and 404 for an unknown plan', async () => {
    const bad = await app().request(`/api/plans/${seedSlug}/status?at=yesterday`, auth());
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: 'bad at' });
    const unknown = await app().request('/api/plans/nope/status', auth());
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error: 'unknown plan', plan: 'nope' });
  });
});

describe('GET /api/plans/:slug/export', () => {
  it('streams the CSV with its type, an RFC 5987 file name and the BOM', async () => {
        const id = await database.client.execute(
      `SELECT a.id FROM assignments a JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id WHERE u.code = 'tengchong' AND t.number = '1' AND a.period = '' LIMIT 1`,
    );
    const submittedAt = new Date('2020-11-02T10:00:00+08:00');
    await storage.reports.save(
      { assignmentId: Number(id.rows[0]!.id), progress: 'in_progress', percent: 50, narrative: '=1+1，已开展', problems: '', nextSteps: '', indicatorValues: {},
        submittedBy: 'ou_zhang', submittedByName: '张三', submittedAt, source: 'card', contentHash: 'h1' },
      submittedAt,
    );
    const res = await app().request(`/api/plans/${seedSlug}/export?format=csv`, auth());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const name = '保山市公共服务质量改进提升行动方案-明细-20201106.csv';
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="baoshan-2020-public-service-quality-reports-20201106.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]!.startsWith('单位,任务,轮次')).toBe(true);
    expect(lines[1]).toContain(",'=1+1，已开展,");
    expect(lines[2]).toBe('');
  });

  it('streams the xlsx (the default) and the docx with their types', async () => {
    const xlsx = await app().request(`/api/plans/${seedSlug}/export`, auth());
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('保山市公共服务质量改进提升行动方案-台账-20201106.xlsx')}`);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const docx = await app().request(`/api/plans/${seedSlug}/export?format=docx`, auth());
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('answers 400 for an unknown format and 404 for an unknown plan, before any file', async () => {
    const bad = await app().request(`/api/plans/${seedSlug}/export?format=pdf`, auth());
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, error: 'bad format', reason: 'format "pdf" is not one of xlsx, csv, docx' });
    const unknown = await app().request('/api/plans/nope/export?format=csv', auth());
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error: 'unknown plan', plan: 'nope' });
  });
});
