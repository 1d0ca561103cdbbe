import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobName } from './job-catalogue';

export type JobHandlers = Partial<Record<JobName, (job: Job) => Promise<unknown>>>;

/** A BullMQ processor whose jobs are looked up by name in the catalogue. */
export abstract class CatalogueWorker extends WorkerHost {
  abstract readonly handlers: JobHandlers;

  private readonly workerLogger = new Logger(this.constructor.name);

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName];
    if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}" on this queue`);
    return handler(job);
  }

  /**
   * Redis trouble (a lost connection, a job whose keys vanished in a flush) is logged, not thrown:
   * PostgreSQL holds the truth and the sweepers repair what Redis lost.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    this.workerLogger.warn(`Queue worker error: ${error.message}`);
  }
}

/** Job names in the catalogue that no processor handles; the worker refuses to start while any exist. */
export function unhandledJobNames(workers: { handlers: JobHandlers }[], catalogue: JobName[] = Object.values(JobName)) {
  const handled = new Set(workers.flatMap((worker) => Object.keys(worker.handlers)));
  return catalogue.filter((name) => !handled.has(name));
}
