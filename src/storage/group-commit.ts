// Group commit: writes asked for in the same turn of the event loop share one atomic batch,
// so a burst of clicks costs one transaction (one fsync), not one each. Each write keeps its
// own result and, if the shared batch fails, succeeds or fails on its own.
import type { Client, InStatement, ResultSet } from '@libsql/client';

interface Waiting<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

export function groupCommit<I, O>(
  client: Client,
  statementsOf: (input: I) => InStatement[],
  resultOf: (results: ResultSet[], input: I) => O,
  maxGroup = 16,
): (input: I) => Promise<O> {
  let waiting: Waiting<I, O>[] = [];

  async function commit(group: Waiting<I, O>[]): Promise<void> {
    const statements = group.map((w) => statementsOf(w.input));
    try {
      const results = await client.batch(statements.flat(), 'write');
      let i = 0;
      for (const [n, w] of group.entries()) {
        const own = results.slice(i, i + statements[n]!.length);
        i += own.length;
        try {
          w.resolve(resultOf(own, w.input));
        } catch (e) {
          w.reject(e);
        }
      }
    } catch (e) {
      // The batch is atomic: nothing of it was stored. Alone, each write fails or succeeds on its own.
      if (group.length === 1) return group[0]!.reject(e);
      for (const w of group) await commit([w]);
    }
  }

  // A libSQL batch runs synchronously: a group is capped so that one commit never holds the
  // event loop for long (other requests, /healthz), and the rest waits for the next turn.
  const next = () => {
    const group = waiting.splice(0, maxGroup);
    if (waiting.length > 0) setImmediate(next);
    void commit(group);
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      // After the other callbacks of this turn: their writes join this commit.
      if (waiting.length === 1) setImmediate(next);
    });
}
