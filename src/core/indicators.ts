// Quantified targets (进驻率 ≥ 90 %, ≥ 3 venues per village): whether a value meets one.
import type { Comparator } from './plan-spec.js';

export function meetsTarget(value: number, comparator: Comparator | string, target: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= target;
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    case '<':
      return value < target;
    default:
      return value === target;
  }
}
