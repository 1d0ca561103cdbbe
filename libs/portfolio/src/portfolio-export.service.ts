import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CallEntity } from '@mosaic/applications';
import { GrantEntity } from '@mosaic/clustering';
import { DomainException, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { ExportFunder, ExportGrant, toThreeSixtyGivingCsv, toThreeSixtyGivingPackage } from './threesixty-giving';

export interface ExportQuery {
  callId?: string;
  from?: string;
  to?: string;
  format?: 'json' | 'csv';
}

/** Open data for a funder's grants: what goes out, and how many organisations were withheld. */
@Injectable()
export class PortfolioExportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The grants of one call, or of a date range of awards, of the caller's funder (admins name a call). */
  async threeSixtyGiving(auth: AuthContext, query: ExportQuery) {
    if (!query.callId && !query.from && !query.to) throw new DomainException('invalid', 'SCOPE_REQUIRED', 'Name a call (callId) or a date range (from, to)');
    const calls = this.dataSource.getRepository(CallEntity);
    let funderId: string;
    if (query.callId) {
      const call = await calls.findOneBy({ id: query.callId });
      if (!call || (!isAdmin(auth) && !organisationsWhere(auth, Role.Officer, Role.Board).includes(call.funderId))) throw notFound('call', query.callId);
      funderId = call.funderId;
    } else {
      const own = organisationsWhere(auth, Role.Officer, Role.Board);
      if (!own.length) throw new DomainException('invalid', 'CALL_REQUIRED', 'Name a call: an admin works for no funder');
      funderId = own[0];
    }
    const builder = this.dataSource.getRepository(GrantEntity).createQueryBuilder('g').innerJoin(CallEntity, 'c', 'c.id = g.call_id').where('c.funder_id = :funderId', { funderId });
    if (query.callId) builder.andWhere('g.call_id = :callId', { callId: query.callId });
    if (query.from) builder.andWhere('g.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere("g.created_at < (:to::date + interval '1 day')", { to: query.to });
    const grants = await builder.orderBy('g.created_at', 'ASC').addOrderBy('g.id', 'ASC').getMany();

    const funder = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: funderId });
    const organisations = grants.length ? new Map((await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([...new Set(grants.map((g) => g.organisationId))]) })).map((o) => [o.id, o])) : new Map<string, OrganisationEntity>();
    const callTitles = grants.length ? new Map((await calls.findBy({ id: In([...new Set(grants.map((g) => g.callId))]) })).map((c) => [c.id, c.title.en])) : new Map<string, string>();
    const agreements = new Map(grants.filter((g) => g.kind === 'lead_agreement' && g.clusterId).map((g) => [g.clusterId!, g.id]));
    const exported: ExportGrant[] = grants.map((grant) => {
      const organisation = organisations.get(grant.organisationId)!;
      return {
        id: grant.id,
        kind: grant.kind,
        amountMinor: grant.amountMinor,
        currency: grant.currency,
        awardedAt: grant.createdAt,
        startDate: grant.startDate,
        endDate: grant.endDate,
        recipient: { id: organisation.id, name: organisation.name, orgIdentifier: organisation.orgIdentifier, country: organisation.country, city: organisation.city, atRisk: organisation.atRisk },
        leadAgreementId: grant.kind === 'sub_grant' && grant.clusterId ? (agreements.get(grant.clusterId) ?? null) : null,
        call: { id: grant.callId, title: callTitles.get(grant.callId) ?? '' },
        modifiedAt: grant.activatedAt ?? grant.createdAt,
      };
    });
    const publisher: ExportFunder = { id: funder.id, name: funder.name, orgIdentifier: funder.orgIdentifier };
    const withheld = new Set(exported.filter((g) => g.recipient.atRisk).map((g) => g.recipient.id)).size;
    return query.format === 'csv'
      ? { format: 'csv' as const, body: toThreeSixtyGivingCsv(publisher, exported), withheld }
      : { format: 'json' as const, body: toThreeSixtyGivingPackage(publisher, exported, new Date()), withheld };
  }
}
