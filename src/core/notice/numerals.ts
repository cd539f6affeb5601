// Chinese numerals as notices write them: item numbers (十二), dates (二〇二〇年八月十九日).

export const cnDigit: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 十二 → 12, 二十一 → 21, 一百 → 100; undefined for anything else. */
export function chineseToInt(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in cnDigit) digit = cnDigit[ch]!;
    else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else return undefined;
  }
  return total + digit;
}

/** 二〇二〇 → 2020 (years are written digit by digit). */
export function chineseYear(text: string): number | undefined {
  let out = '';
  for (const ch of text) {
    if (!(ch in cnDigit)) return undefined;
    out += String(cnDigit[ch]);
  }
  return Number(out);
}
