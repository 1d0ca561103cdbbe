import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, auditDiff } from '@mosaic/audit';
import { DomainException, forbidden } from '@mosaic/common';
import { AuthContext, isAdmin, organisationsWhere, Role } from '@mosaic/identity';
import { PreviewPlanDto, ReportingPolicyDto } from './dto/policy.dto';
import { ReportingPolicyEntity } from './entities';
import { PlanningError, planReports } from './planning/plan-reports';
import { DEFAULT_REPORTING_POLICY } from './policy/default-policy';
import { burdenTable, policyProblems } from './policy/policy.rules';
import { ReportingPolicyDocument } from './policy/reporting-policy.types';

/** Planning failures are the caller's to fix: a missing rate or an impossible period. */
export function planningProblem(error: unknown): never {
  if (error instanceof PlanningError) throw new DomainException('unprocessable', error.code, error.message);
  throw error;
}

/** Each funder's reporting policy, versioned: a change is a new version, and grants keep theirs. */
@Injectable()
export class ReportingPolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The funder an officer works for (admins name one). */
  funderFor(auth: AuthContext, requested?: string): string {
    const own = organisationsWhere(auth, Role.Officer);
    if (requested && (isAdmin(auth) || own.includes(requested))) return requested;
    if (requested) throw forbidden('You can only read or change your own funder’s policy');
    if (own.length) return own[0];
    throw new DomainException('invalid', 'FUNDER_REQUIRED', 'Name the funder (funderId)');
  }

  /** The policy in force; a funder without one starts from the default table (version 1). */
  async current(funderId: string, manager: EntityManager = this.dataSource.manager): Promise<ReportingPolicyEntity> {
    const latest = await this.latest(manager, funderId);
    if (latest) return latest;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ReportingPolicyEntity)
      .values({ funderId, version: 1, document: DEFAULT_REPORTING_POLICY, createdByUserId: null })
      .orIgnore()
      .execute();
    return (await this.latest(manager, funderId))!;
  }

  private latest(manager: EntityManager, funderId: string) {
    return manager.findOne(ReportingPolicyEntity, { where: { funderId }, order: { version: 'DESC' } });
  }

  async byId(id: string): Promise<ReportingPolicyEntity> {
    return this.dataSource.getRepository(ReportingPolicyEntity).findOneByOrFail({ id });
  }

  /** The policy with the burden of each cell, as the officer sees it. */
  async describe(funderId: string) {
    const policy = await this.current(funderId);
    return { ...policy, burden: burdenTable(policy.document) };
  }

  /** Saves a new version; a policy that fails a check (the burden cap first) is refused with the figures. */
  async save(auth: AuthContext, funderId: string, dto: ReportingPolicyDto): Promise<ReportingPolicyEntity> {
    const document = dto as unknown as ReportingPolicyDocument;
    const problems = policyProblems(document);
    if (problems.length) {
      const burden = problems.some((p) => p.message.includes('% of the grant')) ? burdenTable(document).filter((f) => f.level !== 'ok') : undefined;
      throw new DomainException('unprocessable', 'POLICY_INVALID', `The policy cannot be used: ${problems[0].message}`, { problems, ...(burden ? { burden } : {}) });
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await this.current(funderId, manager);
      const saved = await manager.save(manager.create(ReportingPolicyEntity, { funderId, version: before.version + 1, document, createdByUserId: auth.userId }));
      await this.audit.record(manager, {
        action: 'reporting_policy.saved',
        entityType: 'reporting_policy',
        entityId: saved.id,
        changes: auditDiff({ version: before.version, ...before.document }, { version: saved.version, ...document }),
      });
      return saved;
    });
  }

  /** The plan a hypothetical grant would get under the funder's current policy. */
  async preview(funderId: string, dto: PreviewPlanDto) {
    const policy = await this.current(funderId);
    try {
      const plan = planReports(policy.document, {
        amountMinor: dto.amount,
        currency: dto.currency,
        riskLevel: dto.riskLevel,
        role: dto.clustered ? 'member' : 'direct',
        startDate: dto.startDate,
        endDate: dto.endDate,
        timeZone: dto.timeZone,
      });
      return {
        policyVersion: policy.version,
        tier: plan.tier,
        requirements: plan.requirements.map((r) => ({ kind: r.kind, profile: r.profile, dueDate: r.dueDate, reviewer: r.reviewer, periodStart: r.periodStart, periodEnd: r.periodEnd })),
        instalments: plan.instalments.map((i) => ({ number: i.number, dueDate: i.dueDate, amount: i.amountMinor })),
        burden: { hours: plan.burden.hours, percentOfGrant: plan.burden.percentOfGrant, level: plan.burden.level },
      };
    } catch (error) {
      planningProblem(error);
    }
  }
}
