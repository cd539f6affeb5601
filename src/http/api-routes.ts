// The HTTP API behind a bearer token (DUBAN_API_TOKEN): a plan's status as JSON, and its
// exports as downloads streamed while they are written. Without a token configured it is off.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { ExportFormatError, parseExportFormat, type ExportDownload, type ExportFormat } from '../app/export-plan.js';
import { UnknownPlanError, type PlanStatus } from '../app/plan-status.js';
import type { Clock } from '../core/time.js';

export interface ApiDeps {
  /** DUBAN_API_TOKEN; undefined turns the API off (404 with the reason). */
  token: string | undefined;
  /** The plan's status at T (duban.status). */
  status(slug: string, at: Date): Promise<PlanStatus>;
  clock: Clock;
  /** Starts an export; rejects with UnknownPlanError before any byte is written. */
  download(slug: string, format: ExportFormat, at: Date): Promise<ExportDownload>;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** RFC 5987 value: UTF-8, percent-encoded, with the characters encodeURIComponent leaves alone but the grammar forbids. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266). */
export function attachmentDisposition(fileName: string, asciiFileName = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')): string {
  return `attachment; filename="${asciiFileName}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/**
 * An ISO time from the query. A "+08:00" typed into a URL arrives as " 08:00" (a + in a query
 * means a space), so a space before a trailing offset is read as the + it was.
 */
function parseAt(value: string): Date | undefined {
  const text = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const t = Date.parse(text);
  return Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(text) ? undefined : new Date(t);
}

export function mountApiRoutes(app: Hono, deps: ApiDeps): void {
  const expected = deps.token ? sha256(deps.token) : undefined;

  app.use('/api/*', async (c, next) => {
    if (!expected) return c.json({ ok: false, error: 'api off', reason: 'the HTTP API is off: set DUBAN_API_TOKEN to turn it on' }, 404);
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
    // Digests of both sides have one length, so the comparison takes the same time whatever was sent.
    if (!match || !timingSafeEqual(sha256(match[1]!), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="duban"');
      return c.json({ ok: false, error: 'unauthorized', reason: 'send Authorization: Bearer <DUBAN_API_TOKEN>' }, 401);
    }
    await next();
  });

  const unknownPlan = (slug: string) => ({ ok: false, error: 'unknown plan', plan: slug });

  app.get('/api/plans/:slug/status', async (c) => {
    const slug = c.req.param('slug');
    const atParam = c.req.query('at');
    const at = atParam === undefined ? deps.clock.now() : parseAt(atParam);
    if (!at) return c.json({ ok: false, error: 'bad at', reason: `at "${atParam}" is not an ISO time like 2020-11-06T09:00:00+08:00` }, 400);
    try {
      // The same JSON as `duban status --json`: the per-assignment list stays inside.
      const { assignments: _assignments, ...status } = await deps.status(slug, at);
      return c.json(status);
    } catch (e) {
      if (e instanceof UnknownPlanError) return c.json(unknownPlan(slug), 404);
      throw e;
    }
  });

  app.get('/api/plans/:slug/export', async (c) => {
    const slug = c.req.param('slug');
    let format: ExportFormat;
    try {
      format = parseExportFormat(c.req.query('format'));
    } catch (e) {
      if (e instanceof ExportFormatError) return c.json({ ok: false, error: 'bad format', reason: e.message }, 400);
      throw e;
    }
    let download: ExportDownload;
    try {
      download = await deps.download(slug, format, deps.clock.now());
    } catch (e) {
      if (e instanceof UnknownPlanError) return c.json(unknownPlan(slug), 404);
      throw e;
    }
    return new Response(download.body, {
      status: 200,
      headers: {
        'Content-Type': download.mimeType,
        'Content-Disposition': attachmentDisposition(download.fileName, download.asciiFileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
