import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallEntity } from '@mosaic/applications';
import { DomainException, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { ExportFunder, ExportGrant, toThreeSixtyGivingCsv, toThreeSixtyGivingPackage } from './threesixty-giving';

export interface ExportQuery {
  callId?: string;
  from?: string;
  to?: string;
  format?: 'json' | 'csv';
}

interface ExportRow {
  id: string;
  kind: ExportGrant['kind'];
  amount_minor: string;
  currency: string;
  created_at: Date;
  start_date: string | null;
  end_date: string | null;
  cluster_id: string | null;
  call_id: string;
  activated_at: Date | null;
  call_title: string | null;
  organisation_id: string;
  name: string;
  org_identifier: string | null;
  country: string;
  city: string | null;
  at_risk: boolean;
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
    // One raw statement with only the columns the package needs: no hydration of thousands of
    // entities, no IN list of thousands of bound ids (bench/portfolio).
    const params: unknown[] = [funderId];
    const clauses = ['c.funder_id = $1'];
    if (query.callId) clauses.push(`g.call_id = $${params.push(query.callId)}`);
    if (query.from) clauses.push(`g.created_at >= $${params.push(query.from)}`);
    if (query.to) clauses.push(`g.created_at < ($${params.push(query.to)}::date + interval '1 day')`);
    const rows: ExportRow[] = await this.dataSource.query(
      `SELECT g.id, g.kind, g.amount_minor, g.currency, g.created_at, g.start_date::text AS start_date, g.end_date::text AS end_date, g.cluster_id, g.call_id,
              g.activated_at, c.title->>'en' AS call_title, o.id AS organisation_id, o.name, o.org_identifier, o.country, o.city, o.at_risk
         FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id
        WHERE ${clauses.join(' AND ')}
        ORDER BY g.created_at, g.id`,
      params,
    );
    const funder = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: funderId });
    const agreements = new Map(rows.filter((g) => g.kind === 'lead_agreement' && g.cluster_id).map((g) => [g.cluster_id!, g.id]));
    const exported: ExportGrant[] = rows.map((g) => ({
      id: g.id,
      kind: g.kind,
      amountMinor: Number(g.amount_minor),
      currency: g.currency,
      awardedAt: new Date(g.created_at),
      startDate: g.start_date,
      endDate: g.end_date,
      recipient: { id: g.organisation_id, name: g.name, orgIdentifier: g.org_identifier, country: g.country, city: g.city, atRisk: g.at_risk },
      leadAgreementId: g.kind === 'sub_grant' && g.cluster_id ? (agreements.get(g.cluster_id) ?? null) : null,
      call: { id: g.call_id, title: g.call_title ?? '' },
      modifiedAt: new Date(g.activated_at ?? g.created_at),
    }));
    const publisher: ExportFunder = { id: funder.id, name: funder.name, orgIdentifier: funder.orgIdentifier };
    const withheld = new Set(exported.filter((g) => g.recipient.atRisk).map((g) => g.recipient.id)).size;
    return query.format === 'csv'
      ? { format: 'csv' as const, body: toThreeSixtyGivingCsv(publisher, exported), withheld }
      : { format: 'json' as const, body: toThreeSixtyGivingPackage(publisher, exported, new Date()), withheld };
  }
}
