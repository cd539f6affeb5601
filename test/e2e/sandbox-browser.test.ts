// The sandbox in a real browser: `npm start` without credentials, Debian's Chromium driven by
// playwright-core, and a person going through the guided first minute — report as 腾冲市, ask
// 进度 as a leader, move past the deadline, export. Each step leaves a screenshot in
// test/e2e/screenshots/ (git-ignored) for people to look at.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, root, startServer, waitFor } from '../support/spawn.js';

const screenshots = `${root}test/e2e/screenshots`;

/** The part of a browser canvas the pixel check reads (the project's types have no DOM). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** Debian's Chromium; on CI it is installed with apt-get when missing (no browser download). */
function findChromium(): string | undefined {
  const which = () => {
    try {
      return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const found = which();
  if (found || !process.env.CI) return found;
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'ignore', timeout: 600_000 });
  return which();
}

const executablePath = findChromium();
if (!executablePath) console.warn('sandbox-browser: no chromium on PATH (apt-get install chromium); skipped outside CI');

describe.skipIf(!executablePath)('the sandbox in Chromium', () => {
  let server: ReturnType<typeof startServer>;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    const port = await freePort();
    server = startServer({ PORT: String(port), HOST: '127.0.0.1' });
    url = await waitFor(async () => /^(http:\/\/\S+\/sandbox)\n/.exec(server.output())?.[1], 60_000);
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await page.goto(url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: `${screenshots}/${name}.png` });
  const card = (title: string | RegExp) => page.locator('.msg[data-type="interactive"]', { has: page.locator('.card-title', { hasText: title }) });
  // The unit's current report card: after a reminder or ping (which is a new card) the older one has no form.
  const currentCard = () => page.locator('.msg[data-type="interactive"]', { has: page.locator('form.card-form') }).last();
  const openChat = async (name: string) => {
    await page.locator('#chats li', { hasText: name }).click();
    await expect.poll(() => page.locator('#chat-title').textContent()).toBe(name);
  };

  it('as a 腾冲市 contact, submits task 1 and sees the toast and ✅ in the updated card', async () => {
    await page.click('[data-step="1"]');
    await expect.poll(() => page.locator('#chat-title').textContent()).toBe('腾冲市工作群');
    expect(await page.locator('#persona').inputValue()).toBe('county');
    const report = card('第1轮').first();
    await report.waitFor();
    const form = report.locator('form.card-form');
    expect(await form.locator('select[name="task"]').inputValue()).toBe('1');
    await form.locator('select[name="progress"]').selectOption({ index: 1 });
    await form.locator('input[name="percent"]').fill('60');
    await form.locator('textarea[name="narrative"]').fill('已完成城区学校布局调整方案，新建校舍2所。');
    await form.locator('button[data-submit]').click();
    await expect.poll(() => page.locator('.toast-success').allTextContents()).toContainEqual(expect.stringContaining('已提交：任务一'));
    await expect.poll(() => report.locator('.card-body').textContent(), { timeout: 10_000 }).toMatch(/✅ 任务一 公共教育（11月2日 \S+）/);
    expect(await report.getAttribute('data-rev')).not.toBe('0');
    await report.scrollIntoViewIfNeeded();
    await shot('1-report');
  });

  it('as a leader, asks 进度 and sees the overview card with its chart drawn', async () => {
    await page.click('[data-step="2"]');
    expect(await page.locator('#persona').inputValue()).toBe('leader');
    expect(await page.locator('#text').inputValue()).toBe('@督办 进度');
    await page.click('#send');
    const overview = card('【进度】').last();
    await overview.waitFor({ timeout: 15_000 });
    const canvas = overview.locator('.chart[data-rendered="1"] canvas').first();
    await canvas.waitFor({ timeout: 15_000 });
    // Pixels drawn, not just a canvas element.
    const drawn = await canvas.evaluate((element) => {
      const c = element as unknown as CanvasLike;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(drawn).toBeGreaterThan(1000);
    expect(await overview.locator('.card-body').textContent()).toMatch(/应报 \d+ · 已报 1 ·/);
    await overview.locator('.chart').first().scrollIntoViewIfNeeded();
    await shot('2-overview');
  });

  it('moves past the deadline: the overdue ping in a county chat, the escalation in the lead department’s', async () => {
    await page.click('[data-step="3"]');
    await expect.poll(() => page.locator('#clock').textContent(), { timeout: 60_000 }).toMatch(/^2020年11月6日（周五）09:0/);
    await expect.poll(() => page.locator('body').getAttribute('data-moving'), { timeout: 60_000 }).toBe('0');

    await openChat('施甸县工作群');
    const ping = card('【逾期提醒】施甸县尚有事项逾期未报').filter({ hasText: '11月6日（周五）09:00' });
    await ping.waitFor();
    expect(await ping.locator('.card-body').textContent()).toContain('【第1轮】已于 11月5日（周四）18:00 截止');
    await ping.scrollIntoViewIfNeeded();
    await shot('3-overdue-ping');

    await openChat('市教育体育局工作群');
    const escalation = card('【逾期】市教育体育局牵头任务尚有单位未报送');
    await escalation.waitFor();
    const text = (await escalation.locator('.card-body').textContent()) ?? '';
    const task1 = /任务一 公共教育[^。]*。/.exec(text)?.[0] ?? '';
    expect(task1).toContain('施甸县');
    expect(task1).not.toContain('腾冲市'); // it reported
    await escalation.scrollIntoViewIfNeeded();
    await shot('4-escalation');
  });

  it('asks 导出 and downloads a file that opens as xlsx', async () => {
    await page.locator('#persona').selectOption('admin');
    await expect.poll(() => page.locator('#chat-title').textContent()).toMatch(/办公室工作群$/);
    await page.fill('#text', '@督办 导出');
    await page.click('#send');
    const link = page.locator('.msg[data-type="file"] a[data-file]').last();
    await link.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/台账-20201106\.xlsx$/);
    const path = await download.path();
    expect(existsSync(path)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((w) => w.name)).toContain('汇总');
    await link.scrollIntoViewIfNeeded();
    await shot('5-export');
  }, 60_000);

  it('someone who is not the unit’s contact is refused with a toast, and the card stays as it was', async () => {
    await page.locator('#persona').selectOption('nobody');
    await expect.poll(() => page.locator('#chat-title').textContent()).toBe('腾冲市工作群');
    const report = currentCard();
    const rev = await report.getAttribute('data-rev');
    const form = report.locator('form.card-form');
    await form.locator('select[name="progress"]').selectOption({ index: 1 });
    await form.locator('textarea[name="narrative"]').fill('我来代报');
    await form.locator('button[data-submit]').click();
    await expect.poll(() => page.locator('.toast-warning, .toast-error').allTextContents()).toContainEqual(expect.stringContaining('您不是腾冲市的联络员'));
    expect(await report.getAttribute('data-rev')).toBe(rev);
    await shot('6-refused');
  });

  it('a reply in a report card’s thread is stored as a narrative update of its task', async () => {
    await page.locator('#persona').selectOption('county');
    const report = currentCard();
    await report.locator('[data-reply]').click();
    await page.fill('#text', '补充：已召开任务推进会，正在落实。');
    await page.click('#send');
    // The task the current card shows: the first one still owed.
    const answer = page.locator('.msg.from-bot', { hasText: '的进展补充' }).last();
    await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toMatch(/已记录为腾冲市任务\S+的进展补充/);
    await answer.scrollIntoViewIfNeeded();
    await shot('7-thread-reply');
  });
});
