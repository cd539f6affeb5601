// The one JSON guard the fake's handlers share: request bodies, cards and acks are untyped JSON.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
