import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads, QueueName } from './job-catalogue';

/** The typed way to enqueue: a job name fixes its queue, payload type and retry policy. */
@Injectable()
export class JobProducer {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Email) email: Queue,
    @InjectQueue(QueueName.Clustering) clustering: Queue,
    @InjectQueue(QueueName.Reporting) reporting: Queue,
    @InjectQueue(QueueName.Mentoring) mentoring: Queue,
  ) {
    this.queues = { [QueueName.Email]: email, [QueueName.Clustering]: clustering, [QueueName.Reporting]: reporting, [QueueName.Mentoring]: mentoring };
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: { jobId?: string; delay?: number } = {}) {
    return this.queue(name).add(name, payload, { ...JOB_OPTIONS[name], ...options });
  }

  /** An existing job id is left as it is, so re-adding the same jobs is harmless. */
  async enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayloads[N]; jobId: string; delay?: number }[]) {
    if (jobs.length === 0) return [];
    return this.queue(name).addBulk(
      jobs.map((job) => ({ name, data: job.payload, opts: { ...JOB_OPTIONS[name], jobId: job.jobId, ...(job.delay ? { delay: job.delay } : {}) } })),
    );
  }

  /**
   * Enqueues work that PostgreSQL says is still to do, also where Redis still holds a finished job
   * (completed or failed) of the same id: `add` leaves an existing id as it is, so that work would wait
   * forever. Jobs waiting, delayed or running are left alone; the handlers' claims keep the work once.
   */
  async requeueMany<N extends JobName>(name: N, jobs: { payload: JobPayloads[N]; jobId: string }[]) {
    const queue = this.queue(name);
    // One round trip's worth of lookups at a time, not one per job (a sweep after Redis lost it may hold thousands).
    await Promise.all(
      jobs.map(async (job) => {
        const state = await queue.getJobState(job.jobId);
        if (state === 'completed' || state === 'failed') await queue.remove(job.jobId);
      }),
    );
    return this.enqueueMany(name, jobs);
  }

  queue(name: JobName): Queue {
    return this.queues[JOB_QUEUE[name]];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}
