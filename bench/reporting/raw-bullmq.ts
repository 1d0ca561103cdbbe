import { ConnectionOptions, Queue, Worker } from 'bullmq';

/** addBulk chunk: the same as ReminderScheduler's, so both sides pay the same round trips. */
export const BULK_CHUNK = 1_000;

export interface RawRates {
  jobs: number;
  bulkAddPerSecond: number;
  processPerSecond: number;
}

const NOOP = 'noop';

/** Adds `jobs` delayed no-op jobs with addBulk in chunks; jobs/s. */
async function bulkAddDelayed(queue: Queue, jobs: number): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < jobs; start += BULK_CHUNK) {
    const count = Math.min(BULK_CHUNK, jobs - start);
    await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: NOOP, data: { n: start + i }, opts: { delay: 3_600_000 + i, removeOnComplete: true } })));
  }
  return jobs / ((performance.now() - started) / 1000);
}

/** Fills the queue with ready no-op jobs (untimed), then times one Worker draining them; jobs/s. */
async function processNoops(queue: Queue, connection: ConnectionOptions, prefix: string, jobs: number, concurrency: number): Promise<number> {
  for (let start = 0; start < jobs; start += BULK_CHUNK) {
    const count = Math.min(BULK_CHUNK, jobs - start);
    await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: NOOP, data: { n: start + i }, opts: { removeOnComplete: true } })));
  }
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const worker = new Worker(queue.name, async () => undefined, { connection, prefix, concurrency });
  worker.on('completed', () => {
    done += 1;
    if (done === jobs) finish();
  });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  return jobs / seconds;
}

/** Plain BullMQ on this machine and this Redis: the yardstick Mosaic's numbers are read against. */
export async function measureRawBullmq(connection: ConnectionOptions, prefix: string, jobs: number, concurrency: number): Promise<RawRates> {
  const delayed = new Queue('raw-delayed', { connection, prefix });
  const ready = new Queue('raw-ready', { connection, prefix });
  try {
    const bulkAddPerSecond = await bulkAddDelayed(delayed, jobs);
    await delayed.obliterate({ force: true });
    const processPerSecond = await processNoops(ready, connection, prefix, jobs, concurrency);
    await ready.obliterate({ force: true });
    return { jobs, bulkAddPerSecond, processPerSecond };
  } finally {
    await delayed.close();
    await ready.close();
  }
}
