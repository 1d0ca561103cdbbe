import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ApplicationEntity, ApplicationService, ApplicationStatus, CallEntity } from '@mosaic/applications';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, organisationsWhere, Role } from '@mosaic/identity';
import { ClusterProposal } from './domain.compiler';
import { ClusteringProblem } from './domain.types';
import { ClusterEntity, ClusteringRunEntity, ClusterMemberEntity, ClusterStatus, GrantEntity } from './entities';

/** Clusters that still hold their members; a closed one is history. */
export const OPEN_CLUSTER_STATUSES: ClusterStatus[] = ['approved', 'reopened', 'active'];

/** Approvals and withdrawals of one call's clusters take this lock, so they never interleave. */
const lockCallClusters = (manager: EntityManager, callId: string) => manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`clusters:${callId}`]);

/**
 * Clusters once approved: creating and extending them from a proposal, a member leaving (which
 * re-opens the cluster for re-optimisation), and who may see them.
 */
@Injectable()
export class ClusterService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit() {
    this.applications.onWithdrawal((manager, application) => this.memberWithdrawn(manager, application));
  }

  /**
   * Approval creates, in one transaction, the new clusters with their lead agreement and member
   * sub-grants, and adds new members to clusters already open in the call (whose members the run
   * kept pinned). Only one approval of a run can win: the second answers 409; a proposal that no
   * longer matches the call (an application withdrawn or clustered since) answers 409 too.
   */
  async approve(auth: AuthContext, run: ClusteringRunEntity, version: number) {
    if (run.status !== 'done' || !run.result) throw new DomainException('conflict', 'RUN_NOT_FINISHED', 'This run has no proposal yet');
    if (run.approvedAt) throw new DomainException('conflict', 'RUN_ALREADY_APPROVED', 'This proposal was already approved');
    if (run.version !== version) throw new DomainException('conflict', 'STALE_VERSION', 'This run changed since you loaded it', { currentVersion: run.version });
    if (run.result.status === 'infeasible') throw new DomainException('conflict', 'RUN_INFEASIBLE', 'This run found no proposal that keeps every limit and pin');
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: run.callId });
    const proposals = (run.result.clusters ?? []) as ClusterProposal[];
    const feeRates = new Map((run.problem as unknown as ClusteringProblem).partners.map((p) => [p.id, p.feeRate]));

    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager
        .createQueryBuilder()
        .update(ClusteringRunEntity)
        .set({ approvedAt: this.clock.now(), approvedByUserId: auth.userId, version: () => 'version + 1' })
        .where('id = :id AND approved_at IS NULL AND version = :version', { id: run.id, version })
        .execute();
      if (!claimed.affected) throw new DomainException('conflict', 'RUN_ALREADY_APPROVED', 'Someone approved this proposal at the same time');
      await lockCallClusters(manager, call.id);

      const open = await manager.findBy(ClusterEntity, { callId: call.id, status: In(OPEN_CLUSTER_STATUSES) });
      const current = open.length ? await manager.findBy(ClusterMemberEntity, { clusterId: In(open.map((c) => c.id)), withdrawnAt: IsNull() }) : [];
      this.checkSameMembers(run, open, current);
      const currentIds = new Set(current.map((m) => m.applicationId));
      const additions = proposals.flatMap((p) => p.members.filter((m) => !currentIds.has(m.application)).map((m) => ({ partner: p.partner, ...m })));
      await this.checkStillWaiting(manager, additions.map((a) => a.application));
      const organisationOf = new Map((await manager.findBy(ApplicationEntity, { id: In(additions.map((a) => a.application)) })).map((a) => [a.id, a.organisationId]));

      const touched: ClusterEntity[] = [];
      for (const proposal of proposals) {
        const joining = additions.filter((a) => a.partner === proposal.partner);
        let cluster = open.find((c) => c.leadOrganisationId === proposal.partner);
        const created = !cluster;
        if (!cluster) {
          cluster = await manager.save(
            manager.create(ClusterEntity, { callId: call.id, runId: run.id, leadOrganisationId: proposal.partner, totalMinor: 0, feeMinor: 0, feeRate: feeRates.get(proposal.partner) ?? 0, currency: call.currency }),
          );
          await manager.insert(GrantEntity, { callId: call.id, organisationId: proposal.partner, clusterId: cluster.id, kind: 'lead_agreement', amountMinor: 0, currency: call.currency });
        }
        for (const member of joining) {
          const organisationId = organisationOf.get(member.application)!;
          await manager.insert(ClusterMemberEntity, { clusterId: cluster.id, applicationId: member.application, organisationId, amountMinor: member.amount });
          await manager.insert(GrantEntity, { callId: call.id, organisationId, applicationId: member.application, clusterId: cluster.id, kind: 'sub_grant', amountMinor: member.amount, currency: call.currency });
        }
        // A re-opened cluster is settled once a run that saw its withdrawal is approved.
        const withdrawnSince = await manager.createQueryBuilder(ClusterMemberEntity, 'm').where('m.cluster_id = :id AND m.withdrawn_at > :since', { id: cluster.id, since: run.createdAt }).getCount();
        const status: ClusterStatus = cluster.status === 'reopened' && withdrawnSince === 0 ? 'approved' : cluster.status;
        if (!created && joining.length === 0 && status === cluster.status) continue;
        const before = { status: cluster.status, totalMinor: cluster.totalMinor, feeMinor: cluster.feeMinor };
        const saved = await this.settle(manager, cluster, status);
        touched.push(saved);
        await this.audit.record(manager, {
          action: created ? 'cluster.approved' : 'cluster.extended',
          entityType: 'cluster',
          entityId: cluster.id,
          changes: auditDiff(created ? null : before, { runId: run.id, lead: proposal.partner, joined: joining.map((m) => m.application), status, totalMinor: saved.totalMinor, feeMinor: saved.feeMinor }),
        });
      }
      return { runId: run.id, clusters: touched };
    });
  }

  /**
   * The run counted on the call's clusters as they were: a member who joined since (through another
   * run's approval) uses capacity this proposal did not see. Members who left only free capacity.
   */
  private checkSameMembers(run: ClusteringRunEntity, open: ClusterEntity[], current: ClusterMemberEntity[]) {
    const problem = run.problem as unknown as ClusteringProblem;
    const inProblem = new Set(problem.applications.map((a) => a.id));
    const pinned = new Set((problem.locks ?? []).map((l) => `${l.application}/${l.partner}`));
    const leadOf = new Map(open.map((c) => [c.id, c.leadOrganisationId]));
    const moved = current.filter((m) => inProblem.has(m.applicationId) && !pinned.has(`${m.applicationId}/${leadOf.get(m.clusterId)}`)).map((m) => m.applicationId);
    if (moved.length) {
      throw new DomainException('conflict', 'PROPOSAL_OUTDATED', 'Clusters in this call changed since this run; run clustering again', { applications: moved });
    }
  }

  /** Every proposed newcomer must still be approved and in no cluster. */
  private async checkStillWaiting(manager: EntityManager, applicationIds: string[]) {
    if (!applicationIds.length) return;
    const approved = new Set((await manager.findBy(ApplicationEntity, { id: In(applicationIds), status: ApplicationStatus.Approved })).map((a) => a.id));
    const clustered = new Set((await manager.findBy(ClusterMemberEntity, { applicationId: In(applicationIds) })).map((m) => m.applicationId));
    const outdated = applicationIds.filter((id) => !approved.has(id) || clustered.has(id));
    if (outdated.length) {
      throw new DomainException('conflict', 'PROPOSAL_OUTDATED', 'Some proposed members were withdrawn or clustered since this run; run clustering again', { applications: outdated });
    }
  }

  /** Totals, fee and the lead agreement follow the members still in the cluster. */
  private async settle(manager: EntityManager, cluster: ClusterEntity, status: ClusterStatus): Promise<ClusterEntity> {
    const [{ total }] = await manager.query('SELECT COALESCE(SUM(amount_minor), 0)::bigint AS total FROM cluster_members WHERE cluster_id = $1 AND withdrawn_at IS NULL', [cluster.id]);
    cluster.totalMinor = Number(total);
    cluster.feeMinor = Math.round(cluster.totalMinor * cluster.feeRate);
    cluster.status = status;
    await manager.update(ClusterEntity, cluster.id, { totalMinor: cluster.totalMinor, feeMinor: cluster.feeMinor, status });
    await manager.update(GrantEntity, { clusterId: cluster.id, kind: 'lead_agreement' }, { amountMinor: cluster.totalMinor });
    return cluster;
  }

  /**
   * A member withdrew: its sub-grant closes, the cluster's totals and lead agreement shrink, and the
   * cluster is re-opened so the next run can fill the freed place with its other members pinned.
   */
  private async memberWithdrawn(manager: EntityManager, application: ApplicationEntity) {
    const member = await manager.findOneBy(ClusterMemberEntity, { applicationId: application.id, withdrawnAt: IsNull() });
    if (!member) return;
    await lockCallClusters(manager, application.callId);
    const cluster = await manager.findOneByOrFail(ClusterEntity, { id: member.clusterId });
    const before = { status: cluster.status, totalMinor: cluster.totalMinor, feeMinor: cluster.feeMinor };
    await manager.update(ClusterMemberEntity, member.id, { withdrawnAt: this.clock.now() });
    await manager.update(GrantEntity, { applicationId: application.id }, { status: 'closed' });
    const saved = await this.settle(manager, cluster, cluster.status === 'closed' ? 'closed' : 'reopened');
    await this.audit.record(manager, {
      action: 'cluster.member_withdrawn',
      entityType: 'cluster',
      entityId: cluster.id,
      changes: auditDiff(before, { status: saved.status, totalMinor: saved.totalMinor, feeMinor: saved.feeMinor, withdrawn: application.id }),
    });
  }

  private scope(auth: AuthContext) {
    const query = this.dataSource.getRepository(ClusterEntity).createQueryBuilder('c');
    if (!isAdmin(auth)) {
      query.where('(c.lead_organisation_id = ANY(:leads) OR c.call_id IN (SELECT id FROM calls WHERE funder_id = ANY(:funders)))', {
        leads: organisationsWhere(auth, Role.LeadPartner),
        funders: organisationsWhere(auth, Role.Officer, Role.Board),
      });
    }
    return query;
  }

  /** Lead partners see their own clusters and members; officers their funder's; admins all. */
  async list(auth: AuthContext, filter: { callId?: string } = {}) {
    const query = this.scope(auth);
    if (filter.callId) query.andWhere('c.call_id = :callId', { callId: filter.callId });
    const clusters = await query.orderBy('c.created_at', 'DESC').getMany();
    const members = clusters.length ? await this.dataSource.getRepository(ClusterMemberEntity).find({ where: { clusterId: In(clusters.map((c) => c.id)) }, order: { amountMinor: 'DESC' } }) : [];
    return clusters.map((cluster) => ({ ...cluster, members: members.filter((m) => m.clusterId === cluster.id) }));
  }

  async get(auth: AuthContext, id: string) {
    const cluster = await this.scope(auth).andWhere('c.id = :id', { id }).getOne();
    if (!cluster) throw notFound('cluster', id);
    const members = await this.dataSource.getRepository(ClusterMemberEntity).find({ where: { clusterId: id }, order: { amountMinor: 'DESC' } });
    const grants = await this.dataSource.getRepository(GrantEntity).find({ where: { clusterId: id }, order: { kind: 'ASC' } });
    return { ...cluster, members, grants };
  }
}
