import { Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { CatalogueWorker, JobName, QueueName, SolveClusteringJob } from '@mosaic/queue';
import { solveAssignment } from '../assignment.solver';
import { explain } from '../domain.compiler';
import { ClusteringProblem } from '../domain.types';
import { ClusteringRunEntity } from '../entities';
import { parseProblem } from '../problem-validation';

/**
 * Solves a clustering run in the worker, never in the api's event loop. HiGHS blocks this process
 * while it runs, so the job lock outlasts the longest allowed solve.
 */
@Processor(QueueName.Clustering, { concurrency: 1, lockDuration: 180_000 })
export class ClusteringProcessor extends CatalogueWorker {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  readonly handlers = {
    [JobName.SolveClustering]: (job: Job<SolveClusteringJob>) => this.solve(job),
  };

  private async solve(job: Job<SolveClusteringJob>) {
    const runs = this.dataSource.getRepository(ClusteringRunEntity);
    const run = await runs.findOneBy({ id: job.data.runId });
    if (!run || run.status === 'done') return 'skipped';
    // Progress goes to the row (what officers read) and to the job: 10 before the solve, then each part of it.
    const progress = async (value: number, changes: Pick<Partial<ClusteringRunEntity>, 'status' | 'startedAt' | 'finishedAt' | 'error'> & { result?: object } = {}) => {
      await runs.update(run.id, { progress: value, ...changes } as Parameters<typeof runs.update>[1]);
      await job.updateProgress(value);
    };
    await progress(5, { status: 'running', startedAt: new Date() });
    try {
      const parsed = parseProblem(run.problem);
      const domain = run.problem as unknown as ClusteringProblem;
      await progress(10);
      // The solver reports as each part of the problem is done; the writes go in order, before the 90.
      let reported = Promise.resolve();
      const onProgress = (done: number) => {
        reported = reported.then(() => progress(10 + Math.round(80 * done))).catch(() => undefined);
      };
      const result = await solveAssignment(parsed.assignment, { timeLimitMs: run.timeLimitMs, seed: 1, onProgress });
      await reported;
      await progress(90);
      const { clusters, unplaced } = explain(domain, result);
      const outcome = { ...result, clusters, reasons: Object.fromEntries(unplaced.map((u) => [u.application, u.reasons])) };
      await progress(100, { status: 'done', finishedAt: new Date(), result: outcome, error: null });
      return { status: result.status, objective: result.objective };
    } catch (error) {
      await runs.update(run.id, { status: 'failed', finishedAt: new Date(), error: String(error).slice(0, 2000) });
      throw error;
    }
  }
}
