import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { ApplicationEntity, ApplicationStatus, CallEntity, CallService, DEFAULT_CLUSTERING_POLICY } from '@mosaic/applications';
import { AuditService, auditDiff } from '@mosaic/audit';
import { DomainException, forbidden, notFound } from '@mosaic/common';
import { AuthContext, holdsRoleIn, isAdmin, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { checkPins, inDomainTerms, ProblemError } from './problem-validation';
import { compileDomain, pairRefusal } from './domain.compiler';
import { ClusterService, OPEN_CLUSTER_STATUSES } from './cluster.service';
import { JobName, JobProducer, jobId } from '@mosaic/queue';
import { ClusteringApplication, ClusteringProblem, LeadPartnerProfile } from './domain.types';
import { LeadPartnerProfileDto, StartClusteringRunDto } from './dto/clustering.dto';
import { ClusterEntity, ClusteringRunEntity, ClusterMemberEntity, LeadPartnerProfileEntity } from './entities';

/** Where an organisation without coordinates is placed: its country's centre (distance is then approximate). */
const COUNTRY_CENTRES: Record<string, [number, number]> = { CD: [-2.9, 23.6], KE: [0.2, 37.9], CO: [4.1, -72.9], IQ: [33.2, 43.7], UA: [48.4, 31.2] };

/**
 * Pins that together break a partner's limit are refused before anything is queued, naming the
 * limit. Only the pinned applications are compiled, so this stays cheap on large calls.
 */
function checkLocks(problem: ClusteringProblem) {
  if (!problem.locks?.length) return;
  const pinned = new Set(problem.locks.map((l) => l.application));
  try {
    checkPins(compileDomain({ ...problem, applications: problem.applications.filter((a) => pinned.has(a.id)) }));
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const domain = inDomainTerms(error);
    throw new DomainException('unprocessable', 'PINS_BREAK_LIMIT', `These pins cannot all hold: ${domain.detail}`, { field: domain.field });
  }
}

@Injectable()
export class ClusteringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: CallService,
    private readonly producer: JobProducer,
    private readonly audit: AuditService,
    private readonly clusters: ClusterService,
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

  /**
   * The whole call as one problem: approved applications waiting for a cluster are free; members of
   * clusters already open in the call come pinned to their lead, so a re-run (after a withdrawal,
   * say) fills freed places without moving anyone already placed.
   */
  private async buildProblem(call: CallEntity, dto: StartClusteringRunDto): Promise<ClusteringProblem> {
    const clustered = this.dataSource.getRepository(ClusterMemberEntity).createQueryBuilder('m').select('m.application_id');
    const waiting = await this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where('a.call_id = :callId AND a.status = :approved', { callId: call.id, approved: ApplicationStatus.Approved })
      .andWhere(`a.id NOT IN (${clustered.getQuery()})`)
      .orderBy('a.submitted_at', 'ASC')
      .getMany();
    const openClusters = await this.dataSource.getRepository(ClusterEntity).findBy({ callId: call.id, status: In(OPEN_CLUSTER_STATUSES) });
    const placed = openClusters.length ? await this.dataSource.getRepository(ClusterMemberEntity).findBy({ clusterId: In(openClusters.map((c) => c.id)), withdrawnAt: IsNull() }) : [];
    const placedApplications = placed.length ? await this.dataSource.getRepository(ApplicationEntity).findBy({ id: In(placed.map((m) => m.applicationId)) }) : [];
    const applications = [...placedApplications, ...waiting];
    const organisations = await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(applications.map((a) => a.organisationId)) });
    const profiles = await this.dataSource.getRepository(LeadPartnerProfileEntity).find();
    const leads = profiles.length ? await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(profiles.map((p) => p.organisationId)), isLeadPartner: true }) : [];
    const where = (org: OrganisationEntity): [number, number] => (org.latitude !== null && org.longitude !== null ? [org.latitude, org.longitude] : (COUNTRY_CENTRES[org.country] ?? [0, 0]));
    const leadOf = new Map(openClusters.map((c) => [c.id, c.leadOrganisationId]));
    const withOpenCluster = new Set(openClusters.map((c) => c.leadOrganisationId));

    const problem: ClusteringProblem = {
      kind: 'domain',
      currency: call.currency,
      policy: call.clusteringPolicy ?? DEFAULT_CLUSTERING_POLICY,
      applications: applications.map((application): ClusteringApplication => {
        const org = organisations.find((o) => o.id === application.organisationId)!;
        const [lat, lon] = where(org);
        // Maturity from the latest validated capacity assessment; a group never assessed counts as "emerging".
        return { id: application.id, amount: application.requestedAmountMinor ?? 0, country: org.country, lat, lon, languages: org.languages, themes: org.themes, maturity: org.maturity ?? 2, registered: org.registered };
      }),
      partners: leads
        .map((lead): LeadPartnerProfile | null => {
          const profile = profiles.find((p) => p.organisationId === lead.id)!;
          // A ceiling in another currency cannot be compared without a rate: such a partner waits.
          if (profile.currency !== call.currency) return null;
          const [lat, lon] = where(lead);
          return {
            id: lead.id,
            countries: profile.countriesServed,
            lat,
            lon,
            languages: lead.languages,
            themes: lead.themes,
            maxMembers: profile.maxMembers,
            maxTotal: profile.maxTotalMinor,
            oversightHours: profile.oversightHours,
            feeRate: profile.feeRate,
            ...(withOpenCluster.has(lead.id) ? { openCluster: true } : {}),
          };
        })
        .filter((p): p is LeadPartnerProfile => p !== null),
      locks: [],
      exclusions: dto.exclusions ?? [],
    };
    // A member whose lead no longer takes part, or is no longer a candidate for it, stays where it is, outside the problem.
    const partners = new Map(problem.partners.map((p) => [p.id, p]));
    const kept = new Set<string>();
    for (const member of placed) {
      const partner = partners.get(leadOf.get(member.clusterId)!);
      const application = problem.applications.find((a) => a.id === member.applicationId);
      if (!partner || !application || pairRefusal({ ...problem, exclusions: [] }, application, partner)) continue;
      kept.add(member.applicationId);
      problem.locks!.push({ application: member.applicationId, partner: partner.id });
    }
    problem.applications = problem.applications.filter((a) => kept.has(a.id) || waiting.some((w) => w.id === a.id));

    const waitingIds = new Set(waiting.map((a) => a.id));
    for (const pair of [...(dto.locks ?? []), ...(dto.exclusions ?? [])]) {
      if (kept.has(pair.application)) throw new DomainException('unprocessable', 'ALREADY_CLUSTERED', 'A pin or exclusion names an application already in an approved cluster (it stays pinned there)', { application: pair.application });
      if (!waitingIds.has(pair.application)) throw new DomainException('unprocessable', 'UNKNOWN_APPLICATION', 'A pin or exclusion names an application that is not approved and waiting for a cluster', { application: pair.application });
      if (!partners.has(pair.partner)) throw new DomainException('unprocessable', 'UNKNOWN_PARTNER', 'A pin or exclusion names an organisation that is not a lead partner with a profile in the call’s currency', { partner: pair.partner });
    }
    problem.locks!.push(...(dto.locks ?? []));
    checkLocks(problem);
    return problem;
  }

  async listRuns(auth: AuthContext, callId: string): Promise<ClusteringRunEntity[]> {
    const call = await this.calls.get(auth, callId);
    if (!this.calls.manages(auth, call)) throw notFound('call', callId);
    return this.dataSource.getRepository(ClusteringRunEntity).find({
      where: { callId },
      order: { createdAt: 'DESC' },
      take: 50,
      // The problem and result can be megabytes on a large call: the list leaves them out.
      select: { id: true, callId: true, status: true, progress: true, requestedByUserId: true, timeLimitMs: true, createdAt: true, startedAt: true, finishedAt: true, approvedAt: true, approvedByUserId: true, version: true, locks: true, exclusions: true, error: true },
    });
  }

  async getRun(auth: AuthContext, id: string) {
    const run = await this.dataSource.getRepository(ClusteringRunEntity).findOneBy({ id });
    if (!run) throw notFound('clustering run', id);
    const call = await this.calls.get(auth, run.callId);
    if (!this.calls.manages(auth, call)) throw notFound('clustering run', id);
    return run;
  }

  async approve(auth: AuthContext, id: string, version: number) {
    return this.clusters.approve(auth, await this.getRun(auth, id), version);
  }
}
