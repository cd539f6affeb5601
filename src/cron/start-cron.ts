// node-cron wiring: every minute, in Asia/Shanghai, the same tick `duban tick` performs.
// The scheduler decides what is due; cron only keeps time.
import cron from 'node-cron';

export interface CronHandle {
  stop(): void;
}

export function startCron(tick: () => Promise<void>, onError: (e: unknown) => void, expression = '* * * * *'): CronHandle {
  const task = cron.schedule(
    expression,
    async () => {
      try {
        await tick();
      } catch (e) {
        onError(e);
      }
    },
    // A slow tick (a large fan-out) is never run twice at once.
    { timezone: 'Asia/Shanghai', name: 'duban-tick', noOverlap: true },
  );
  return { stop: () => void task.stop() };
}
