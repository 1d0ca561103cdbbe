import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ApplicationEntity, ApplicationStatus, CallEntity, CallService, DEFAULT_CLUSTERING_POLICY } from '@mosaic/applications';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { AuthContext, holdsRoleIn, isAdmin, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { JobName, JobProducer, jobId } from '@mosaic/queue';
import { ClusteringApplication, ClusteringProblem, LeadPartnerProfile } from './domain.types';
import { LeadPartnerProfileDto, StartClusteringRunDto } from './dto/clustering.dto';
import { ClusterEntity, ClusteringRunEntity, ClusterMemberEntity, GrantEntity, LeadPartnerProfileEntity } from './entities';

/** Where an organisation without coordinates is placed: its country's centre (distance is then approximate). */
const COUNTRY_CENTRES: Record<string, [number, number]> = { CD: [-2.9, 23.6], KE: [0.2, 37.9], CO: [4.1, -72.9], IQ: [33.2, 43.7], UA: [48.4, 31.2] };

interface ProposalCluster {
  partner: string;
  members: { application: string; amount: number }[];
  totalAmount: number;
  fee: number;
}

@Injectable()
export class ClusteringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: CallService,
    private readonly producer: JobProducer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A lead partner describes what it can take on; officers and admins may set it too. */
  async saveLeadProfile(auth: AuthContext, organisationId: string, dto: LeadPartnerProfileDto): Promise<LeadPartnerProfileEntity> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!organisation || !organisation.isLeadPartner) throw notFound('lead partner', organisationId);
    const allowed = isAdmin(auth) || holdsRoleIn(auth, organisationId, Role.LeadPartner) || organisationsWhere(auth, Role.Officer).length > 0;
    if (!allowed) throw forbidden('Only the lead partner itself, an officer or an admin can set this profile');
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneBy(LeadPartnerProfileEntity, { organisationId });
      const saved = await manager.save(manager.create(LeadPartnerProfileEntity, { organisationId, ...dto }));
      await this.audit.record(manager, {
        action: 'lead_partner_profile.saved',
        entityType: 'organisation',
        entityId: organisationId,
        changes: auditDiff(before ? { ...before, updatedAt: undefined } : null, { ...dto }),
      });
      return saved;
    });
  }

  /** Compiles the call's approved, not yet clustered applications and the lead partners into a problem, and queues its solve. */
  async startRun(auth: AuthContext, callId: string, dto: StartClusteringRunDto): Promise<ClusteringRunEntity> {
    const call = await this.calls.get(auth, callId);
    if (!this.calls.manages(auth, call)) throw forbidden('Only the funder’s officers run clustering for this call');
    const problem = await this.buildProblem(call, dto);
    const run = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ClusteringRunEntity, {
          callId,
          status: 'queued',
          requestedByUserId: auth.userId,
          locks: dto.locks ?? [],
          exclusions: dto.exclusions ?? [],
          timeLimitMs: dto.timeLimitMs ?? 10_000,
          problem: problem as unknown as Record<string, unknown>,
        }),
      );
      await this.audit.record(manager, {
        action: 'clustering_run.started',
        entityType: 'clustering_run',
        entityId: saved.id,
        changes: auditDiff(null, { callId, applications: problem.applications.length, partners: problem.partners.length, locks: saved.locks.length, exclusions: saved.exclusions.length }),
      });
      return saved;
    });
    await this.producer.enqueue(JobName.SolveClustering, { runId: run.id }, { jobId: jobId('clustering-run', run.id) });
    return run;
  }

  private async buildProblem(call: CallEntity, dto: StartClusteringRunDto): Promise<ClusteringProblem> {
    const clustered = this.dataSource.getRepository(ClusterMemberEntity).createQueryBuilder('m').select('m.application_id');
    const applications = await this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where('a.call_id = :callId AND a.status = :approved', { callId: call.id, approved: ApplicationStatus.Approved })
      .andWhere(`a.id NOT IN (${clustered.getQuery()})`)
      .orderBy('a.submitted_at', 'ASC')
      .getMany();
    const organisations = await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(applications.map((a) => a.organisationId)) });
    const profiles = await this.dataSource.getRepository(LeadPartnerProfileEntity).find();
    const leads = profiles.length ? await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(profiles.map((p) => p.organisationId)), isLeadPartner: true }) : [];
    const where = (org: OrganisationEntity): [number, number] => (org.latitude !== null && org.longitude !== null ? [org.latitude, org.longitude] : (COUNTRY_CENTRES[org.country] ?? [0, 0]));

    const known = new Set(applications.map((a) => a.id));
    const leadIds = new Set(leads.map((l) => l.id));
    for (const pair of [...(dto.locks ?? []), ...(dto.exclusions ?? [])]) {
      if (!known.has(pair.application)) throw new DomainException('unprocessable', 'UNKNOWN_APPLICATION', 'A pin or exclusion names an application that is not approved and waiting for a cluster', { application: pair.application });
      if (!leadIds.has(pair.partner)) throw new DomainException('unprocessable', 'UNKNOWN_PARTNER', 'A pin or exclusion names an organisation that is not a lead partner with a profile', { partner: pair.partner });
    }
    return {
      kind: 'domain',
      currency: call.currency,
      policy: call.clusteringPolicy ?? DEFAULT_CLUSTERING_POLICY,
      applications: applications.map((application): ClusteringApplication => {
        const org = organisations.find((o) => o.id === application.organisationId)!;
        const [lat, lon] = where(org);
        // Until the mentoring tracker assesses them (issue 6), every group counts as "emerging".
        return { id: application.id, amount: application.requestedAmountMinor ?? 0, country: org.country, lat, lon, languages: org.languages, themes: org.themes, maturity: 2, registered: org.registered };
      }),
      partners: leads
        .map((lead): LeadPartnerProfile | null => {
          const profile = profiles.find((p) => p.organisationId === lead.id)!;
          // A ceiling in another currency cannot be compared without a rate: such a partner waits.
          if (profile.currency !== call.currency) return null;
          const [lat, lon] = where(lead);
          return { id: lead.id, countries: profile.countriesServed, lat, lon, languages: lead.languages, themes: lead.themes, maxMembers: profile.maxMembers, maxTotal: profile.maxTotalMinor, oversightHours: profile.oversightHours, feeRate: profile.feeRate };
        })
        .filter((p): p is LeadPartnerProfile => p !== null),
      locks: dto.locks ?? [],
      exclusions: dto.exclusions ?? [],
    };
  }

  async getRun(auth: AuthContext, id: string) {
    const run = await this.dataSource.getRepository(ClusteringRunEntity).findOneBy({ id });
    if (!run) throw notFound('clustering run', id);
    const call = await this.calls.get(auth, run.callId);
    if (!this.calls.manages(auth, call)) throw notFound('clustering run', id);
    return run;
  }

  /**
   * Approval creates, in one transaction, the clusters, their members, each lead agreement and each
   * member's sub-grant. Only one approval of a run can win: the second answers 409.
   */
  async approve(auth: AuthContext, id: string, version: number) {
    const run = await this.getRun(auth, id);
    if (run.status !== 'done' || !run.result) throw new DomainException('conflict', 'RUN_NOT_FINISHED', 'This run has no proposal yet');
    if (run.approvedAt) throw new DomainException('conflict', 'RUN_ALREADY_APPROVED', 'This proposal was already approved');
    if (run.version !== version) throw new DomainException('conflict', 'STALE_VERSION', 'This run changed since you loaded it', { currentVersion: run.version });
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: run.callId });
    const clusters = (run.result.clusters ?? []) as ProposalCluster[];
    const organisationOf = new Map(
      (await this.dataSource.getRepository(ApplicationEntity).findBy({ id: In(clusters.flatMap((c) => c.members.map((m) => m.application))) })).map((a) => [a.id, a.organisationId]),
    );
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager
        .createQueryBuilder()
        .update(ClusteringRunEntity)
        .set({ approvedAt: this.clock.now(), approvedByUserId: auth.userId, version: () => 'version + 1' })
        .where('id = :id AND approved_at IS NULL AND version = :version', { id, version })
        .execute();
      if (!claimed.affected) throw new DomainException('conflict', 'RUN_ALREADY_APPROVED', 'Someone approved this proposal at the same time');
      const created: ClusterEntity[] = [];
      for (const proposal of clusters) {
        const cluster = await manager.save(
          manager.create(ClusterEntity, { callId: call.id, runId: id, leadOrganisationId: proposal.partner, totalMinor: proposal.totalAmount, feeMinor: proposal.fee, currency: call.currency }),
        );
        created.push(cluster);
        await manager.insert(GrantEntity, { callId: call.id, organisationId: proposal.partner, clusterId: cluster.id, kind: 'lead_agreement', amountMinor: proposal.totalAmount, currency: call.currency });
        for (const member of proposal.members) {
          const organisationId = organisationOf.get(member.application)!;
          await manager.insert(ClusterMemberEntity, { clusterId: cluster.id, applicationId: member.application, organisationId, amountMinor: member.amount });
          await manager.insert(GrantEntity, { callId: call.id, organisationId, applicationId: member.application, clusterId: cluster.id, kind: 'sub_grant', amountMinor: member.amount, currency: call.currency });
        }
        await this.audit.record(manager, {
          action: 'cluster.approved',
          entityType: 'cluster',
          entityId: cluster.id,
          changes: auditDiff(null, { runId: id, lead: proposal.partner, members: proposal.members.map((m) => m.application), totalMinor: proposal.totalAmount, feeMinor: proposal.fee }),
        });
      }
      return { runId: id, clusters: created };
    });
  }

  /** Lead partners see their own clusters and members; officers their funder's; admins all. */
  async listClusters(auth: AuthContext) {
    const query = this.dataSource.getRepository(ClusterEntity).createQueryBuilder('c');
    if (!isAdmin(auth)) {
      query.where('(c.lead_organisation_id = ANY(:leads) OR c.call_id IN (SELECT id FROM calls WHERE funder_id = ANY(:funders)))', {
        leads: organisationsWhere(auth, Role.LeadPartner),
        funders: organisationsWhere(auth, Role.Officer),
      });
    }
    const clusters = await query.orderBy('c.created_at', 'DESC').getMany();
    const members = clusters.length ? await this.dataSource.getRepository(ClusterMemberEntity).findBy({ clusterId: In(clusters.map((c) => c.id)) }) : [];
    return clusters.map((cluster) => ({ ...cluster, members: members.filter((m) => m.clusterId === cluster.id) }));
  }
}
