// Matching what people write (腾冲, 市卫健委, 各县(市、区)人民政府) to units of the directory.
import type { UnitKind } from './plan-spec.js';

export interface UnitRef {
  code: string;
  name: string;
  kind: UnitKind;
  aliases: readonly string[];
}

export type UnitMatch<U extends UnitRef> =
  | { kind: 'unit'; unit: U }
  | { kind: 'group'; units: U[]; groupKind: UnitKind }
  | { kind: 'ambiguous'; candidates: U[] }
  | { kind: 'unknown' };

// Collective phrases of official notices that stand for every unit of a kind.
const collectivePhrases: ReadonlyArray<{ pattern: RegExp; kind: UnitKind }> = [
  { pattern: /^各县[（(]?[市区、，,]*[）)]?(人民政府|政府)?$/, kind: 'county' },
  { pattern: /^各(县区|区县|县市区|县\(市、区\))(人民政府|政府)?$/, kind: 'county' },
  { pattern: /^各(园区|开发区|工业园区|产业园区)(管委会|管理委员会)?$/, kind: 'park' },
];

/** Folds full-width punctuation and spaces so 各县（市、区） and 各县(市、区) compare equal. */
export function normalizeName(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/，/g, ',')
    .replace(/：/g, ':')
    .replace(/；/g, ';');
}

export function collectiveKind(text: string): UnitKind | undefined {
  const name = normalizeName(text);
  return collectivePhrases.find((p) => p.pattern.test(name))?.kind;
}

export interface UnitIndex<U extends UnitRef> {
  match(text: string): UnitMatch<U>;
  byCode(code: string): U | undefined;
  all(): readonly U[];
}

export function createUnitIndex<U extends UnitRef>(units: readonly U[]): UnitIndex<U> {
  const exact = new Map<string, U[]>();
  const add = (key: string, unit: U) => {
    const k = normalizeName(key);
    const list = exact.get(k) ?? [];
    if (!list.includes(unit)) list.push(unit);
    exact.set(k, list);
  };
  for (const unit of units) {
    add(unit.name, unit);
    for (const alias of unit.aliases) add(alias, unit);
  }
  const codes = new Map(units.map((u) => [u.code, u]));

  return {
    byCode: (code) => codes.get(code),
    all: () => units,
    match(text) {
      const name = normalizeName(text);
      if (!name) return { kind: 'unknown' };
      const hits = exact.get(name);
      if (hits?.length === 1) return { kind: 'unit', unit: hits[0]! };
      if (hits && hits.length > 1) return { kind: 'ambiguous', candidates: hits };
      const groupKind = collectiveKind(name);
      if (groupKind) return { kind: 'group', groupKind, units: units.filter((u) => u.kind === groupKind) };
      // The formal name of a government (腾冲市人民政府 → 腾冲市), or a shortened name that
      // only one unit starts with (腾冲 → 腾冲市). Never the other way: 腾冲县 is not 腾冲市.
      const formal = name.replace(/(人民政府|政府|管理委员会|管委会)$/, '');
      const formalHits = formal !== name ? (exact.get(formal) ?? []) : [];
      if (formalHits.length === 1) return { kind: 'unit', unit: formalHits[0]! };
      const partial = units.filter((u) => [u.name, ...u.aliases].some((n) => name.length >= 2 && normalizeName(n).startsWith(name)));
      if (partial.length === 1) return { kind: 'unit', unit: partial[0]! };
      if (partial.length > 1) return { kind: 'ambiguous', candidates: partial };
      return { kind: 'unknown' };
    },
  };
}
