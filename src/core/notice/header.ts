// The notice's header and where its body is: title, issuer and date (the signature), the
// cover letter of a 关于印发…的通知 before the plan it sends, the signature that closes a
// State Council 意见 and the annexes after it.
import { dateOnly } from './dates.js';
import type { Draft } from './draft.js';
import { readMarker } from './numbering.js';

export interface Header {
  title: string;
  issuer: string;
  issuedOn?: string;
  /** First line of the plan text proper (after the cover letter). */
  bodyStart: number;
  /** First line after it (the signature, 抄送, 附件). */
  bodyEnd: number;
}

const planNameEnd = /(方案|计划|措施|要点|意见|办法|规划|细则|清单)$/;
const documentEnd = /(通知|意见|方案|计划|措施|要点|办法|规划|细则|清单|函|决定|通报|批复|纪要|公告|通告|规定)$/;
export const closingMatter = /^(抄送|附件[:：\d一二三四五六七八九十]|附件$|主题词)|印发$|^[（(]此件/;

const countMarkers = (lines: readonly string[], from: number, to: number) => lines.slice(from, to).filter((l) => readMarker(l)).length;

export function readHeader(lines: readonly string[], draft: Draft): Header {
  let issuer: string | undefined;
  let issuedOn: string | undefined;
  const dateLine = lines.findIndex((l) => dateOnly(l) !== undefined);
  if (dateLine >= 0) {
    issuedOn = dateOnly(lines[dateLine]!);
    const before = lines[dateLine - 1];
    if (before && !/[。，,；;:：]/.test(before) && before.length <= 60) issuer = before;
  } else {
    // 保山市人民政府办公室 2021年3月1日印发
    for (const line of lines) {
      const m = /^(.*?)[\s\u3000]*(\S+)印发$/.exec(line);
      const iso = m && dateOnly(m[2]!);
      if (m && iso) {
        issuedOn = iso;
        if (m[1]) issuer = m[1];
        break;
      }
    }
  }

  // A signature that closes numbered text is the end of the body (国务院 / 2018年11月16日);
  // one above a plan is the end of a cover letter.
  const closesBody = dateLine >= 0 && countMarkers(lines, 0, dateLine) >= 3;
  const titleLike = (l: string) => !/[，,。；;:：]/.test(l) && l.length <= 60 && planNameEnd.test(l) && !/^关于/.test(l) && !readMarker(l);
  // The plan's own title line follows the cover letter; a bare plan (no cover letter) starts with it.
  // The plan after a cover letter that sends it (现印发给你们); a reply's annexes are no plan.
  const sends = lines.slice(0, Math.max(dateLine, 0)).some((l) => /印发|发布|转发/.test(l));
  const after = closesBody || !sends ? -1 : lines.findIndex((l, i) => i > dateLine && titleLike(l));
  const standalone = after >= 0 ? after : lines.findIndex((l, i) => titleLike(l) && (dateLine < 0 || i < dateLine || (sends && !closesBody)));
  const coverEnd = dateLine >= 0 && !closesBody ? dateLine : Math.min(lines.length, 5);
  const quoted = lines
    .slice(0, coverEnd)
    .filter((l) => /印发|发布|转发|印送/.test(l))
    .flatMap((l) => [...l.matchAll(/《([^》]+)》/g)].map((m) => m[1]!))
    .find((t) => planNameEnd.test(t));
  const notice = /^关于印发(.+?)的通知$/.exec(lines[0] ?? '');
  const first = lines[0] ?? '';
  const document = !/[，,。；;:：]/.test(first) && first.length <= 80 && documentEnd.test(first) ? first : undefined;
  let title = quoted ?? (standalone >= 0 ? lines[standalone] : undefined) ?? notice?.[1] ?? document;
  if (!title) {
    title = lines[0] ?? '待填写标题';
    draft.todo(['title'], '未能识别方案名称，暂用第一行，请核对');
  }
  if (!issuer) {
    issuer = '待填写发文单位';
    draft.todo(['issuer'], '未能识别发文单位（落款），请填写');
  }
  const bodyStart =
    standalone >= 0 ? standalone + 1 : dateLine >= 0 && dateLine < lines.length / 2 && !closesBody ? dateLine + 1 : document ? 1 : 0;
  return { title, issuer, issuedOn, bodyStart, bodyEnd: bodyEndOf(lines, bodyStart) };
}

/** The body ends at 抄送, 附件 or 印发, or at a signature (an issuer line over a date line). */
function bodyEndOf(lines: readonly string[], from: number): number {
  let numbered = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (closingMatter.test(line)) return i;
    if (readMarker(line)) numbered = true;
    // A date under the title is the issuing date; one after numbered items is the signature.
    if (numbered && dateOnly(line) !== undefined) {
      const before = lines[i - 1];
      return before !== undefined && i - 1 >= from && !/[。，,；;:：]/.test(before) && before.length <= 30 && !readMarker(before) ? i - 1 : i;
    }
  }
  return lines.length;
}

export function slugFor(issuedOn: string | undefined, draft: Draft): string {
  draft.todo(['slug'], '计划代号无法由中文标题生成：请改为小写字母、数字和连字符组成的代号，如 baoshan-2020-public-service');
  return issuedOn ? `plan-${issuedOn}` : 'plan-draft';
}
