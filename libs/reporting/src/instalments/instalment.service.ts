import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CallEntity, CallService, minorDigits } from '@mosaic/applications';
import { AuditService } from '@mosaic/audit';
import { ClusterEntity, GrantEntity } from '@mosaic/clustering';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { ExportReleasesQuery, RequestInstalmentDto } from '../dto/report.dto';
import { InstalmentEntity, ReportRequirementEntity } from '../entities';
import { spentEnough } from '../reports/report.rules';
import { ReportingPolicyService } from '../reporting-policy.service';
import { GrantService } from '../grants/grant.service';

const REPORT_KINDS = ['narrative', 'financial', 'consolidated'];

/**
 * Instalments: the first is due on activation; the next becomes requestable once the reports due by
 * then are accepted and the previous instalment is released; the grantee asks for it, reporting at
 * least the policy's share of the previous one spent; the funder (or, for a cluster member, the lead
 * partner, who passes funds on) records its release. No payment system is involved.
 */
@Injectable()
export class InstalmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: GrantService,
    private readonly calls: CallService,
    private readonly policies: ReportingPolicyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Opens the next instalment of a grant when its conditions hold (after a release or an accepted report). */
  async refresh(manager: EntityManager, grantId: string): Promise<void> {
    const instalments = await manager.find(InstalmentEntity, { where: { grantId }, order: { number: 'ASC' } });
    const next = instalments.find((i) => i.status === 'scheduled');
    if (!next) return;
    const previous = instalments.find((i) => i.number === next.number - 1);
    if (previous && previous.status !== 'released') return;
    const requirements = await manager.findBy(ReportRequirementEntity, { grantId, kind: In(REPORT_KINDS) });
    // The report that goes with this request, or else every report due by its date.
    const own = requirements.filter((r) => r.key.endsWith(`:instalment:${next.number}`));
    const required = own.length ? own : requirements.filter((r) => r.dueDate <= next.dueDate && r.status !== 'cancelled');
    if (required.every((r) => r.status === 'accepted')) {
      await manager.update(InstalmentEntity, { id: next.id, status: 'scheduled' }, { status: 'requestable' });
      await this.audit.record(manager, { action: 'instalment.requestable', entityType: 'instalment', entityId: next.id, changes: { status: { from: 'scheduled', to: 'requestable' } } });
    }
  }

  private async load(auth: AuthContext, id: string) {
    const instalment = await this.dataSource.getRepository(InstalmentEntity).findOneBy({ id });
    if (!instalment) throw notFound('instalment', id);
    const grant = await this.grants.get(auth, instalment.grantId).catch(() => {
      throw notFound('instalment', id);
    });
    return { instalment, grant };
  }

  /** Who records a release: the lead partner for a member's sub-grant, the funder's officers otherwise. */
  private async mayRelease(auth: AuthContext, grant: GrantEntity): Promise<boolean> {
    if (grant.kind === 'sub_grant' && grant.clusterId) {
      const cluster = await this.dataSource.getRepository(ClusterEntity).findOneByOrFail({ id: grant.clusterId });
      return organisationsWhere(auth, Role.LeadPartner).includes(cluster.leadOrganisationId) || isAdmin(auth);
    }
    return this.calls.manages(auth, await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: grant.callId }));
  }

  async request(auth: AuthContext, id: string, dto: RequestInstalmentDto) {
    const { instalment, grant } = await this.load(auth, id);
    if (!organisationsWhere(auth, Role.Applicant, Role.LeadPartner).includes(grant.organisationId)) throw forbidden('Only the grantee asks for its instalments');
    if (instalment.status !== 'requestable') {
      throw new DomainException('conflict', 'INSTALMENT_NOT_REQUESTABLE', 'This instalment cannot be asked for yet: the reports due before it must be accepted first', { status: instalment.status });
    }
    const previous = await this.dataSource.getRepository(InstalmentEntity).findOneBy({ grantId: grant.id, number: instalment.number - 1 });
    if (previous) {
      const policy = await this.policies.byId(grant.policyId!);
      const threshold = policy.document.nextInstalmentSpentPercent;
      if (!spentEnough(previous.amountMinor, dto.previousSpentMinor, threshold)) {
        throw new DomainException('unprocessable', 'SPEND_BELOW_THRESHOLD', `Ask for the next instalment once at least ${threshold}% of the previous one is spent`, {
          previousAmountMinor: previous.amountMinor,
          previousSpentMinor: dto.previousSpentMinor,
          thresholdPercent: threshold,
        });
      }
    }
    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(InstalmentEntity, { id, status: 'requestable' }, { status: 'requested', requestedAt: this.clock.now(), previousSpentMinor: dto.previousSpentMinor });
      if (!moved.affected) throw new DomainException('conflict', 'INSTALMENT_NOT_REQUESTABLE', 'This instalment was asked for at the same time');
      await this.audit.record(manager, { action: 'instalment.requested', entityType: 'instalment', entityId: id, changes: { status: { from: 'requestable', to: 'requested' }, previousSpentMinor: { to: dto.previousSpentMinor } } });
      return manager.findOneByOrFail(InstalmentEntity, { id });
    });
  }

  /** Records a release (the first instalment needs no request: it is due on activation). */
  async release(auth: AuthContext, id: string) {
    const { instalment, grant } = await this.load(auth, id);
    if (!(await this.mayRelease(auth, grant))) throw forbidden(grant.kind === 'sub_grant' ? 'The cluster’s lead partner releases its members’ instalments' : 'The funder’s officers release instalments');
    const from = instalment.number === 1 ? ['requestable', 'requested'] : ['requested'];
    if (!from.includes(instalment.status)) {
      throw new DomainException('conflict', 'INSTALMENT_NOT_RELEASABLE', instalment.status === 'released' ? 'This instalment is already released' : 'The grantee has not asked for this instalment yet', { status: instalment.status });
    }
    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(InstalmentEntity, { id, status: In(from) }, { status: 'released', releasedAt: this.clock.now(), releasedByUserId: auth.userId });
      if (!moved.affected) throw new DomainException('conflict', 'INSTALMENT_NOT_RELEASABLE', 'This instalment was released at the same time');
      await this.audit.record(manager, { action: 'instalment.released', entityType: 'instalment', entityId: id, changes: { status: { from: instalment.status, to: 'released' }, amountMinor: { to: instalment.amountMinor } } });
      await this.refresh(manager, grant.id);
      return manager.findOneByOrFail(InstalmentEntity, { id });
    });
  }

  /** Every release in the caller's scope, as CSV for the finance system (amounts in major units, dot decimal). */
  async exportReleases(auth: AuthContext, query: ExportReleasesQuery): Promise<string> {
    const builder = this.grants
      .scope(auth)
      .innerJoin(InstalmentEntity, 'i', 'i.grant_id = g.id')
      .innerJoin(OrganisationEntity, 'o', 'o.id = g.organisation_id')
      .select(['i.released_at AS released_at', 'g.id AS grant_id', 'g.kind AS kind', 'o.name AS organisation', 'i.number AS number', 'i.amount_minor AS amount_minor', 'i.currency AS currency', 'i.released_by_user_id AS released_by'])
      .andWhere("i.status = 'released'")
      .orderBy('i.released_at', 'ASC');
    if (query.from) builder.andWhere('i.released_at >= :from', { from: query.from });
    if (query.to) builder.andWhere("i.released_at < (:to::date + interval '1 day')", { to: query.to });
    const rows: { released_at: Date; grant_id: string; kind: string; organisation: string; number: number; amount_minor: string; currency: string; released_by: string }[] = await builder.getRawMany();
    const header = 'released_at,grant_id,kind,organisation,instalment,amount,currency,released_by';
    const lines = rows.map((r) =>
      [new Date(r.released_at).toISOString(), r.grant_id, r.kind, csvText(r.organisation), r.number, majorUnits(Number(r.amount_minor), r.currency), r.currency, r.released_by].join(','),
    );
    return [header, ...lines].join('\r\n') + '\r\n';
  }
}

/** Quotes a field; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function majorUnits(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor);
  return `${sign}${Math.floor(absolute / 10 ** digits)}.${String(absolute % 10 ** digits).padStart(digits, '0')}`;
}
