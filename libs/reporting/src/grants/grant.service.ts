import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { ApplicationEntity, ApplicationStatus, CallEntity, CallService } from '@mosaic/applications';
import { AuditService, auditDiff } from '@mosaic/audit';
import { ClusterEntity, ClusterMemberEntity, GrantEntity } from '@mosaic/clustering';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { ActivateGrantDto, ListGrantsQuery, UpdateGrantDto } from '../dto/grant.dto';
import { InstalmentEntity, ReportRequirementEntity } from '../entities';
import { addDays, addMonths, daysBetween, todayIn } from '../planning/civil-date';
import { GrantRole, planReports, PlanningError, toUsdMinor, burdenOf } from '../planning/plan-reports';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { planningProblem, ReportingPolicyService } from '../reporting-policy.service';
import { ReminderEntity } from '../entities';
import { FirstPlanWriter } from './bulk-planner';
import { applyPlan } from './plan-writer';

const roleOf = (grant: GrantEntity): GrantRole => (grant.kind === 'sub_grant' ? 'member' : grant.kind === 'lead_agreement' ? 'lead' : 'direct');
const staleGrant = (currentVersion: number) => new DomainException('conflict', 'STALE_VERSION', 'This grant changed since you read it', { currentVersion });

/** Grants after the award: direct grants, activation with a reporting plan, extensions and risk changes. */
@Injectable()
export class GrantService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: CallService,
    private readonly policies: ReportingPolicyService,
    private readonly scheduler: ReminderScheduler,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Grants the caller may see: her organisations', the clusters she leads, her funder's calls'. */
  scope(auth: AuthContext, alias = 'g') {
    const query = this.dataSource.getRepository(GrantEntity).createQueryBuilder(alias);
    if (isAdmin(auth)) return query;
    return query.where(
      new Brackets((where) =>
        where
          .where(`${alias}.organisation_id = ANY(:own)`, { own: organisationsWhere(auth, Role.Applicant, Role.LeadPartner) })
          .orWhere(`${alias}.cluster_id IN (SELECT id FROM clusters WHERE lead_organisation_id = ANY(:leads))`, { leads: organisationsWhere(auth, Role.LeadPartner) })
          .orWhere(`${alias}.call_id IN (SELECT id FROM calls WHERE funder_id = ANY(:funders))`, { funders: organisationsWhere(auth, Role.Officer) }),
      ),
    );
  }

  async list(auth: AuthContext, query: ListGrantsQuery = {}) {
    const builder = this.scope(auth).orderBy('g.created_at', 'DESC').take(500);
    if (query.status) builder.andWhere('g.status = :status', { status: query.status });
    return builder.getMany();
  }

  async get(auth: AuthContext, id: string): Promise<GrantEntity> {
    const grant = await this.scope(auth).andWhere('g.id = :id', { id }).getOne();
    if (!grant) throw notFound('grant', id);
    return grant;
  }

  /** The grant with its plan: requirements, instalments and the burden on the grantee. */
  async detail(auth: AuthContext, id: string) {
    const grant = await this.get(auth, id);
    const requirements = await this.dataSource.getRepository(ReportRequirementEntity).find({ where: { grantId: id }, order: { dueDate: 'ASC', key: 'ASC' } });
    const instalments = await this.dataSource.getRepository(InstalmentEntity).find({ where: { grantId: id }, order: { number: 'ASC' } });
    let burden = null;
    if (grant.policyId) {
      const policy = await this.policies.byId(grant.policyId);
      const live = requirements.filter((r) => r.status !== 'cancelled');
      try {
        burden = burdenOf(policy.document, live, toUsdMinor(policy.document, grant.amountMinor, grant.currency));
      } catch (error) {
        if (!(error instanceof PlanningError)) throw error;
      }
    }
    return { ...grant, requirements, instalments, burden };
  }

  private async managedCall(auth: AuthContext, callId: string): Promise<CallEntity> {
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: callId });
    if (!this.calls.manages(auth, call)) throw forbidden('Only the funder’s officers manage this grant');
    return call;
  }

  /** An approved application funded directly, not through a cluster: only registered organisations can hold it. */
  async createDirect(auth: AuthContext, applicationId: string): Promise<GrantEntity> {
    const application = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ id: applicationId });
    if (!application) throw notFound('application', applicationId);
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: application.callId });
    if (!this.calls.manages(auth, call)) throw notFound('application', applicationId);
    if (application.status !== ApplicationStatus.Approved) throw new DomainException('conflict', 'APPLICATION_NOT_APPROVED', 'Only an approved application can become a grant', { status: application.status });
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: application.organisationId });
    if (!organisation.registered) throw new DomainException('unprocessable', 'REGISTRATION_REQUIRED', 'An unregistered group can only be funded through a cluster');
    if (await this.dataSource.getRepository(ClusterMemberEntity).existsBy({ applicationId })) throw new DomainException('conflict', 'ALREADY_CLUSTERED', 'This application is funded through a cluster');
    const existing = await this.dataSource.getRepository(GrantEntity).findOneBy({ applicationId });
    if (existing) return existing;
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(GrantEntity, { callId: call.id, organisationId: organisation.id, applicationId, kind: 'direct', amountMinor: application.requestedAmountMinor ?? 0, currency: application.currency, status: 'pending' }),
      );
      await this.audit.record(manager, { action: 'grant.created', entityType: 'grant', entityId: saved.id, changes: auditDiff(null, { kind: 'direct', applicationId, amountMinor: saved.amountMinor, currency: saved.currency }) });
      return saved;
    });
  }

  /**
   * Starts a grant: its period, its risk level and a plan under the funder's current policy. A lead
   * agreement starts with its members' sub-grants, over the same period.
   */
  async activate(auth: AuthContext, id: string, dto: ActivateGrantDto) {
    const grant = await this.get(auth, id);
    const call = await this.managedCall(auth, grant.callId);
    if (grant.kind === 'sub_grant') throw new DomainException('conflict', 'ACTIVATE_THE_AGREEMENT', 'A sub-grant starts with its cluster’s lead agreement');
    if (grant.status !== 'pending') throw new DomainException('conflict', 'GRANT_NOT_PENDING', 'This grant has already started', { status: grant.status });
    const policy = await this.policies.current(call.funderId);
    const members = grant.kind === 'lead_agreement' ? await this.dataSource.getRepository(GrantEntity).findBy({ clusterId: grant.clusterId!, kind: 'sub_grant', status: 'pending' }) : [];
    const organisations = new Map((await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([grant.organisationId, ...members.map((m) => m.organisationId)]) })).map((o) => [o.id, o]));
    const zone = organisations.get(grant.organisationId)!.timeZone;
    const startDate = dto.startDate ?? todayIn(zone, this.clock.now());
    const endDate = dto.endDate ?? addDays(addMonths(startDate, 12), -1);
    if (daysBetween(startDate, endDate) < 0) throw new DomainException('unprocessable', 'INVALID_PERIOD', 'The grant ends before it starts');

    const reminders: Pick<ReminderEntity, 'id' | 'remindAt'>[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      for (const target of [grant, ...members]) {
        const timeZone = organisations.get(target.organisationId)!.timeZone;
        const claimed = await manager.update(GrantEntity, { id: target.id, status: 'pending', version: target.version }, {
          status: 'active',
          startDate,
          endDate,
          timeZone,
          // The risk from the organisation's validated capacity assessment, else the policy's default.
          riskLevel: target.riskLevel ?? organisations.get(target.organisationId)!.riskLevel ?? policy.document.defaultRiskLevel,
          policyId: policy.id,
          activatedAt: this.clock.now(),
          version: () => 'version + 1',
        });
        if (!claimed.affected) throw new DomainException('conflict', 'GRANT_NOT_PENDING', 'Someone started this grant at the same time');
      }
      // The agreement and its members are planned together, as the bulk planner plans a portfolio.
      const ids = [grant.id, ...members.map((m) => m.id)];
      const planned = await new FirstPlanWriter().write(manager, ids);
      const [failure] = planned.failed;
      if (failure) throw new DomainException('unprocessable', failure.code, failure.message);
      reminders.push(...planned.toSchedule);
      const fresh = new Map((await manager.findBy(GrantEntity, { id: In(ids) })).map((g) => [g.id, g]));
      for (const id of ids) {
        const started = fresh.get(id)!;
        await this.audit.record(manager, {
          action: 'grant.activated',
          entityType: 'grant',
          entityId: id,
          changes: auditDiff({ status: 'pending' }, { status: 'active', startDate, endDate, tier: started.tier, riskLevel: started.riskLevel, policyVersion: policy.version }),
        });
      }
      return ids.map((id) => fresh.get(id)!);
    });
    await this.scheduler.schedule(reminders, this.clock.now());
    return { grants: result };
  }

  /** An extension or a risk change re-plans what is not yet delivered, under the grant's own policy version. */
  async update(auth: AuthContext, id: string, dto: UpdateGrantDto) {
    const grant = await this.get(auth, id);
    await this.managedCall(auth, grant.callId);
    if (grant.version !== dto.version) throw staleGrant(grant.version);
    if (grant.status !== 'active') throw new DomainException('conflict', 'GRANT_NOT_ACTIVE', 'Only an active grant can be extended or re-rated', { status: grant.status });
    if (dto.endDate && daysBetween(grant.startDate!, dto.endDate) < 0) throw new DomainException('unprocessable', 'INVALID_PERIOD', 'The grant cannot end before it starts');
    const policy = await this.policies.byId(grant.policyId!);
    const reminders: Pick<ReminderEntity, 'id' | 'remindAt'>[] = [];
    const outcome = await this.dataSource.transaction(async (manager) => {
      const changes = { ...(dto.endDate ? { endDate: dto.endDate } : {}), ...(dto.riskLevel ? { riskLevel: dto.riskLevel } : {}) };
      const claimed = await manager.update(GrantEntity, { id, version: dto.version }, { ...changes, version: () => 'version + 1' });
      if (!claimed.affected) throw staleGrant(grant.version + 1);
      const fresh = await manager.findOneByOrFail(GrantEntity, { id });
      const applied = await this.plan(manager, fresh, policy.document);
      reminders.push(...applied.reminders);
      await this.audit.record(manager, {
        action: 'grant.replanned',
        entityType: 'grant',
        entityId: id,
        changes: { ...auditDiff({ endDate: grant.endDate, riskLevel: grant.riskLevel }, { endDate: fresh.endDate, riskLevel: fresh.riskLevel }), plan: { to: { added: applied.added, moved: applied.moved, cancelled: applied.cancelled } } },
      });
      return { grant: fresh, added: applied.added, moved: applied.moved, cancelled: applied.cancelled };
    });
    await this.scheduler.schedule(reminders, this.clock.now());
    return outcome;
  }

  /**
   * A validated assessment changed an organisation's risk level: its active grants are re-planned
   * under their own policy versions, moving only what is not yet delivered.
   */
  async rerateOrganisation(organisationId: string, riskLevel: 'low' | 'medium' | 'high'): Promise<{ grantId: string; added: number; moved: number; cancelled: number }[]> {
    const grants = await this.dataSource.getRepository(GrantEntity).findBy({ organisationId, status: 'active' });
    const outcomes = [];
    const reminders: Pick<ReminderEntity, 'id' | 'remindAt'>[] = [];
    for (const grant of grants.filter((g) => g.riskLevel !== riskLevel && g.policyId)) {
      const policy = await this.policies.byId(grant.policyId!);
      const outcome = await this.dataSource.transaction(async (manager) => {
        await manager.update(GrantEntity, grant.id, { riskLevel, version: () => 'version + 1' });
        const fresh = await manager.findOneByOrFail(GrantEntity, { id: grant.id });
        const applied = await this.plan(manager, fresh, policy.document);
        reminders.push(...applied.reminders);
        await this.audit.record(manager, {
          action: 'grant.replanned',
          entityType: 'grant',
          entityId: grant.id,
          changes: { riskLevel: { from: grant.riskLevel, to: riskLevel }, plan: { to: { added: applied.added, moved: applied.moved, cancelled: applied.cancelled, reason: 'capacity assessment' } } },
        });
        return { grantId: grant.id, added: applied.added, moved: applied.moved, cancelled: applied.cancelled };
      });
      outcomes.push(outcome);
    }
    await this.scheduler.schedule(reminders, this.clock.now());
    return outcomes;
  }

  private async plan(manager: EntityManager, grant: GrantEntity, policy: Parameters<typeof planReports>[0]) {
    let plan;
    try {
      plan = planReports(policy, {
        amountMinor: grant.amountMinor,
        currency: grant.currency,
        riskLevel: grant.riskLevel!,
        role: roleOf(grant),
        startDate: grant.startDate!,
        endDate: grant.endDate!,
        timeZone: grant.timeZone!,
      });
    } catch (error) {
      planningProblem(error);
    }
    if (grant.tier !== plan.tier || grant.burdenHours !== plan.burden.hours) {
      await manager.update(GrantEntity, grant.id, { tier: plan.tier, burdenHours: plan.burden.hours });
      grant.tier = plan.tier;
      grant.burdenHours = plan.burden.hours;
    }
    return applyPlan(manager, grant, plan, policy, grant.timeZone!);
  }

  /** The cluster a grant belongs to, when it has one. */
  async clusterOf(grant: GrantEntity): Promise<ClusterEntity | null> {
    return grant.clusterId ? this.dataSource.getRepository(ClusterEntity).findOneBy({ id: grant.clusterId }) : null;
  }
}
