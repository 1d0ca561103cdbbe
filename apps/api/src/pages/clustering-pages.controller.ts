import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource, In } from 'typeorm';
import { ApplicationEntity, CallEntity, CallService, DEFAULT_CLUSTERING_POLICY } from '@mosaic/applications';
import { ClusteringProblem, ClusteringRunEntity, ClusteringService, ClusterProposal, ClusterService, UnplacedReason } from '@mosaic/clustering';
import { DomainException } from '@mosaic/common';
import { AuthContext, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { Auth, MosaicRequest, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';
import { OrganisationLabel, pairsFromForm, proposalView } from './clustering-view';
import { PageContext } from './page-context';

type PageRequest = Request & MosaicRequest;

/** How often a page waiting for the worker reloads itself (no JavaScript). */
const REFRESH_SECONDS = 3;

/** Clustering pages: the officer runs, adjusts and approves proposals; lead partners see their clusters. */
@ApiExcludeController()
@Controller()
export class ClusteringPagesController {
  constructor(
    private readonly pages: PageContext,
    private readonly calls: CallService,
    private readonly clustering: ClusteringService,
    private readonly clusters: ClusterService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('officer/clustering')
  @Roles(Role.Officer, Role.Admin)
  async callsList(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const calls = (await this.calls.list(auth)).filter((call) => this.calls.manages(auth, call));
    const waiting = calls.length ? await this.waitingCounts(calls.map((c) => c.id)) : new Map<string, number>();
    const clusters = await this.clusters.list(auth);
    const items = calls.map((call) => ({ call, waiting: waiting.get(call.id) ?? 0, clusters: clusters.filter((c) => c.callId === call.id).length }));
    await this.pages.render(req, res, 'clustering-calls', { title: 'clustering.title', items });
  }

  @Get('officer/calls/:id/clustering')
  @Roles(Role.Officer, Role.Admin)
  async callPage(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const call = await this.calls.get(auth, id);
    const runs = await this.clustering.listRuns(auth, id);
    const clusters = await this.clusters.list(auth, { callId: id });
    const leads = await this.labels(clusters.map((c) => c.leadOrganisationId));
    await this.pages.render(req, res, 'clustering-call', {
      title: 'clustering.title',
      call,
      policy: call.clusteringPolicy ?? DEFAULT_CLUSTERING_POLICY,
      waiting: (await this.waitingCounts([id])).get(id) ?? 0,
      clusters: clusters.map((cluster) => ({ ...cluster, lead: leads.get(cluster.leadOrganisationId), members: cluster.members.filter((m) => !m.withdrawnAt).length })),
      runs: runs.slice(0, 10),
      approved: req.query.approved === '1',
    });
  }

  @Post('officer/calls/:id/clustering-runs')
  @Roles(Role.Officer, Role.Admin)
  async start(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const run = await this.clustering.startRun(auth, id, { timeLimitMs: timeLimitFrom(body) });
    res.redirect(303, `/officer/clustering-runs/${run.id}`);
  }

  @Get('officer/clustering-runs/:id')
  @Roles(Role.Officer, Role.Admin)
  async runPage(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    await this.renderRun(req, res, auth, await this.clustering.getRun(auth, id));
  }

  /** Re-runs the same call with the pins and exclusions ticked on the proposal. */
  @Post('officer/clustering-runs/:id/rerun')
  @Roles(Role.Officer, Role.Admin)
  async rerun(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const run = await this.clustering.getRun(auth, id);
    const chosen = Object.entries(body)
      .filter(([key, value]) => key.startsWith('pin_') && typeof value === 'string' && value)
      .map(([key, value]) => `${key.slice(4)}:${String(value)}`);
    const locks = pairsFromForm([...[body.lock].flat(), ...chosen]);
    const exclusions = pairsFromForm(body.exclude);
    try {
      const next = await this.clustering.startRun(auth, run.callId, { locks, exclusions, timeLimitMs: timeLimitFrom(body) ?? run.timeLimitMs });
      res.redirect(303, `/officer/clustering-runs/${next.id}`);
    } catch (error) {
      // Pins that cannot hold together are explained on the proposal itself, not on an error page.
      if (!(error instanceof DomainException) || error.kind !== 'unprocessable') throw error;
      await this.renderRun(req, res, auth, run, { code: error.code, message: error.message }, 422);
    }
  }

  @Post('officer/clustering-runs/:id/approve')
  @Roles(Role.Officer, Role.Admin)
  async approve(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const version = Number(body.version);
    if (!Number.isInteger(version) || version < 1) throw new DomainException('invalid', 'VALIDATION_FAILED', 'The proposal version is missing; reload the page');
    const result = await this.clustering.approve(auth, id, version);
    const run = await this.clustering.getRun(auth, result.runId);
    res.redirect(303, `/officer/calls/${run.callId}/clustering?approved=1`);
  }

  @Get('clusters')
  @Roles(Role.LeadPartner, Role.Officer, Role.Board, Role.Admin)
  async clustersList(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const clusters = await this.clusters.list(auth);
    const names = await this.labels([...clusters.map((c) => c.leadOrganisationId), ...clusters.flatMap((c) => c.members.map((m) => m.organisationId))]);
    const calls = await this.callTitles(clusters.map((c) => c.callId));
    await this.pages.render(req, res, 'clusters', {
      title: 'clusters.title',
      clusters: clusters.map((cluster) => ({
        ...cluster,
        call: calls.get(cluster.callId),
        lead: names.get(cluster.leadOrganisationId),
        members: cluster.members.map((m) => ({ ...m, organisation: names.get(m.organisationId) })),
      })),
    });
  }

  @Get('clusters/:id')
  @Roles(Role.LeadPartner, Role.Officer, Role.Board, Role.Admin)
  async clusterPage(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const cluster = await this.clusters.get(auth, id);
    const names = await this.labels([cluster.leadOrganisationId, ...cluster.members.map((m) => m.organisationId)]);
    const calls = await this.callTitles([cluster.callId]);
    const grantOf = new Map(cluster.grants.filter((g) => g.applicationId).map((g) => [g.applicationId, g]));
    const agreement = cluster.grants.find((g) => g.kind === 'lead_agreement');
    const grantIds = cluster.grants.map((g) => g.id);
    // The money flow and what came back, in three set-based queries.
    const instalments: { grant_id: string; number: number; amount_minor: string; status: string; released_at: Date | null }[] = await this.dataSource.query(
      'SELECT grant_id, number, amount_minor, status, released_at FROM instalments WHERE grant_id = ANY($1) ORDER BY grant_id, number',
      [grantIds],
    );
    const reports: { grant_id: string; kind: string; status: string; late: boolean; n: string }[] = await this.dataSource.query(
      `SELECT grant_id, kind, status, (status IN ('pending', 'returned') AND due_at < now()) AS late, COUNT(*) AS n
         FROM report_requirements WHERE grant_id = ANY($1) AND status <> 'cancelled' GROUP BY 1, 2, 3, 4`,
      [grantIds],
    );
    const memberOrganisations = cluster.members.map((m) => m.organisationId);
    const capacity: { id: string; risk_level: string | null; maturity: number | null; at_risk: boolean; open_actions: string }[] = await this.dataSource.query(
      `SELECT o.id, o.risk_level, o.maturity, o.at_risk, (SELECT COUNT(*) FROM action_items a WHERE a.organisation_id = o.id AND a.status = 'open') AS open_actions
         FROM organisations o WHERE o.id = ANY($1)`,
      [memberOrganisations],
    );
    const summary = (grantId: string | undefined) => {
      const own = reports.filter((r) => r.grant_id === grantId);
      const count = (test: (r: (typeof reports)[number]) => boolean) => own.filter(test).reduce((sum, r) => sum + Number(r.n), 0);
      return { accepted: count((r) => r.status === 'accepted'), waiting: count((r) => r.status === 'submitted'), overdue: count((r) => r.late), open: count((r) => !r.late && (r.status === 'pending' || r.status === 'returned')) };
    };
    await this.pages.render(req, res, 'cluster', {
      title: 'clusters.title',
      cluster,
      call: calls.get(cluster.callId),
      lead: names.get(cluster.leadOrganisationId),
      agreement,
      agreementInstalments: instalments.filter((i) => i.grant_id === agreement?.id).map((i) => ({ ...i, amountMinor: Number(i.amount_minor) })),
      agreementReports: summary(agreement?.id),
      passThroughPercent: cluster.totalMinor ? Math.round(((cluster.totalMinor - cluster.feeMinor) / cluster.totalMinor) * 1000) / 10 : 0,
      members: cluster.members.map((m) => {
        const grant = grantOf.get(m.applicationId);
        const own = capacity.find((c) => c.id === m.organisationId);
        return {
          ...m,
          organisation: names.get(m.organisationId),
          grant,
          released: instalments.filter((i) => i.grant_id === grant?.id && i.status === 'released').reduce((sum, i) => sum + Number(i.amount_minor), 0),
          reports: summary(grant?.id),
          riskLevel: own?.risk_level ?? null,
          maturity: own?.maturity ?? null,
          atRisk: own?.at_risk ?? false,
          openActions: Number(own?.open_actions ?? 0),
        };
      }),
      manages: this.calls.manages(auth, { funderId: calls.get(cluster.callId)?.funderId ?? '' }),
      // Officers and board members of the funder download the cluster's open data.
      openData: this.calls.manages(auth, { funderId: calls.get(cluster.callId)?.funderId ?? '' }) || organisationsWhere(auth, Role.Board).includes(calls.get(cluster.callId)?.funderId ?? ''),
    });
  }

  private async renderRun(req: PageRequest, res: Response, auth: AuthContext, run: ClusteringRunEntity, error?: { code: string; message: string }, status = 200) {
    const call = await this.calls.get(auth, run.callId);
    const problem = run.problem as unknown as ClusteringProblem;
    const waitingForWorker = run.status === 'queued' || run.status === 'running';
    const data: Record<string, unknown> = {
      title: 'clustering.run',
      run,
      call,
      error,
      refreshSeconds: waitingForWorker ? REFRESH_SECONDS : undefined,
      finishesBy: run.startedAt ? new Date(run.startedAt.getTime() + run.timeLimitMs) : undefined,
      counts: { applications: problem.applications.length, partners: problem.partners.length },
    };
    if (run.status === 'done' && run.result) {
      const result = run.result as { clusters?: ClusterProposal[]; reasons?: Record<string, UnplacedReason[]>; unassigned?: string[]; status: string; gap: number | null };
      const organisationOf = await this.applicationOrganisations(problem.applications.map((a) => a.id));
      const labels = await this.labels([...organisationOf.values(), ...problem.partners.map((p) => p.id)]);
      const applications = new Map([...organisationOf].map(([application, organisation]) => [application, labels.get(organisation)!]));
      data.proposal = proposalView(problem, result, { applications, partners: labels }, { locks: run.locks, exclusions: run.exclusions });
      data.gapPercent = result.gap === null ? null : Math.round(result.gap * 10_000) / 100;
      data.approvable = !run.approvedAt && result.status !== 'infeasible';
    }
    await this.pages.render(req, res, 'clustering-run', data, status);
  }

  private async waitingCounts(callIds: string[]): Promise<Map<string, number>> {
    const rows: { call_id: string; count: string }[] = await this.dataSource.query(
      `SELECT call_id, count(*) AS count FROM applications
        WHERE call_id = ANY($1) AND status = 'approved' AND id NOT IN (SELECT application_id FROM cluster_members)
        GROUP BY call_id`,
      [callIds],
    );
    return new Map(rows.map((r) => [r.call_id, Number(r.count)]));
  }

  private async applicationOrganisations(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(ApplicationEntity).find({ where: { id: In(ids) }, select: { id: true, organisationId: true } });
    return new Map(rows.map((r) => [r.id, r.organisationId]));
  }

  private async labels(organisationIds: string[]): Promise<Map<string, OrganisationLabel>> {
    const ids = [...new Set(organisationIds)];
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(OrganisationEntity).find({ where: { id: In(ids) }, select: { id: true, name: true, country: true } });
    return new Map(rows.map((r) => [r.id, { name: r.name, country: r.country }]));
  }

  private async callTitles(callIds: string[]): Promise<Map<string, Pick<CallEntity, 'id' | 'title' | 'funderId'>>> {
    const ids = [...new Set(callIds)];
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(CallEntity).find({ where: { id: In(ids) }, select: { id: true, title: true, funderId: true } });
    return new Map(rows.map((r) => [r.id, r]));
  }
}

/** The time limit chosen on a form, in seconds; absent or out of range means the default. */
function timeLimitFrom(body: Record<string, unknown>): number | undefined {
  const seconds = Number(body.timeLimitSeconds);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 120 ? seconds * 1000 : undefined;
}
