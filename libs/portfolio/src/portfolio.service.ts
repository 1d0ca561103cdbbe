import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthContext, isAdmin, organisationsWhere, Role, THEMES } from '@mosaic/identity';

export interface PortfolioFilter {
  callId?: string;
  country?: string;
  tier?: string;
  theme?: string;
}

export interface MoneyRow {
  key: string;
  label: string;
  currency: string;
  grants: number;
  awardedMinor: number;
  releasedMinor: number;
  spentMinor: number;
}

export interface ClusterRow {
  clusterId: string;
  agreementId: string;
  lead: string;
  leadAtRisk: boolean;
  members: number;
  currency: string;
  awardedMinor: number;
  releasedMinor: number;
  feeMinor: number;
  passThroughPercent: number;
  overdue: number;
}

export interface Compliance {
  accepted: number;
  submitted: number;
  due: number;
  overdue: number;
  returned: number;
}

/**
 * The donor's portfolio in a few set-based queries: money by call, country and tier (awarded,
 * released, reported spent), clusters with their pass-through share and overdue reports, reporting
 * compliance and burden. Scoped to the caller's funder (admins see every funder).
 */
@Injectable()
export class PortfolioService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The WHERE clause every query shares, and its parameters. */
  private scope(auth: AuthContext, filter: PortfolioFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const clauses: string[] = [];
    if (!isAdmin(auth)) {
      params.push(organisationsWhere(auth, Role.Officer, Role.Board));
      clauses.push(`c.funder_id = ANY($${params.length})`);
    }
    if (filter.callId) {
      params.push(filter.callId);
      clauses.push(`g.call_id = $${params.length}`);
    }
    if (filter.country) {
      params.push(filter.country);
      clauses.push(`o.country = $${params.length}`);
    }
    if (filter.tier) {
      params.push(filter.tier);
      clauses.push(`g.tier = $${params.length}`);
    }
    if (filter.theme) {
      params.push(filter.theme);
      clauses.push(`$${params.length} = ANY(o.themes)`);
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  /** Grants with their released and reported-spent amounts, as a CTE the other queries build on. */
  private grantsCte(where: string) {
    return `
      WITH scoped AS (
        SELECT g.id, g.kind, g.call_id, g.cluster_id, g.tier, g.currency, g.amount_minor, g.status, o.country, o.themes, c.title->>'en' AS call_title
          FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id
          ${where}
      ), released AS (
        SELECT i.grant_id, SUM(i.amount_minor) AS released FROM instalments i JOIN scoped s ON s.id = i.grant_id WHERE i.status = 'released' GROUP BY i.grant_id
      ), spent AS (
        SELECT r.grant_id, MAX(r.total_spent_minor) AS spent FROM reports r JOIN scoped s ON s.id = r.grant_id WHERE r.status = 'accepted' GROUP BY r.grant_id
      ), money AS (
        -- A lead agreement's money reaches members as sub-grants: count each dollar once, at the member.
        SELECT s.*, COALESCE(rel.released, 0) AS released, COALESCE(sp.spent, 0) AS spent
          FROM scoped s LEFT JOIN released rel ON rel.grant_id = s.id LEFT JOIN spent sp ON sp.grant_id = s.id
      )`;
  }

  async moneyBy(auth: AuthContext, filter: PortfolioFilter, dimension: 'call' | 'country' | 'tier'): Promise<MoneyRow[]> {
    const { where, params } = this.scope(auth, filter);
    const key = { call: 'call_id::text', country: 'country', tier: "COALESCE(tier, '-')" }[dimension];
    const label = { call: 'MAX(call_title)', country: 'country', tier: "COALESCE(tier, '-')" }[dimension];
    const rows: { key: string; label: string; currency: string; grants: string; awarded: string; released: string; spent: string }[] = await this.dataSource.query(
      `${this.grantsCte(where)}
       SELECT ${key} AS key, ${label} AS label, currency, COUNT(*) AS grants, SUM(amount_minor) AS awarded, SUM(released) AS released, SUM(spent) AS spent
         FROM money WHERE kind <> 'lead_agreement'
        GROUP BY ${key}${dimension === 'call' ? '' : `, ${label}`}, currency ORDER BY 2, 3`,
      params,
    );
    return rows.map((r) => ({ key: r.key, label: r.label, currency: r.currency, grants: Number(r.grants), awardedMinor: Number(r.awarded), releasedMinor: Number(r.released), spentMinor: Number(r.spent) }));
  }

  async clusters(auth: AuthContext, filter: PortfolioFilter): Promise<ClusterRow[]> {
    const { where, params } = this.scope(auth, filter);
    const rows: {
      cluster_id: string;
      agreement_id: string;
      lead: string;
      at_risk: boolean;
      members: string;
      currency: string;
      awarded: string;
      released: string;
      fee: string;
      overdue: string;
    }[] = await this.dataSource.query(
      `${this.grantsCte(where)}
       SELECT cl.id AS cluster_id, m.id AS agreement_id, lo.name AS lead, lo.at_risk, m.currency, m.amount_minor AS awarded, m.released, cl.fee_minor AS fee,
              (SELECT COUNT(*) FROM cluster_members cm WHERE cm.cluster_id = cl.id AND cm.withdrawn_at IS NULL) AS members,
              (SELECT COUNT(*) FROM report_requirements rr JOIN grants gg ON gg.id = rr.grant_id
                WHERE gg.cluster_id = cl.id AND rr.status IN ('pending', 'returned') AND rr.due_at < now()) AS overdue
         FROM money m JOIN clusters cl ON cl.id = m.cluster_id JOIN organisations lo ON lo.id = cl.lead_organisation_id
        WHERE m.kind = 'lead_agreement'
        ORDER BY overdue DESC, lo.name`,
      params,
    );
    return rows.map((r) => {
      const awarded = Number(r.awarded);
      const fee = Number(r.fee);
      return {
        clusterId: r.cluster_id,
        agreementId: r.agreement_id,
        lead: r.lead,
        leadAtRisk: r.at_risk,
        members: Number(r.members),
        currency: r.currency,
        awardedMinor: awarded,
        releasedMinor: Number(r.released),
        feeMinor: fee,
        passThroughPercent: awarded ? Math.round(((awarded - fee) / awarded) * 1000) / 10 : 0,
        overdue: Number(r.overdue),
      };
    });
  }

  /** Reporting compliance: how the portfolio's requirements stand today. */
  async compliance(auth: AuthContext, filter: PortfolioFilter): Promise<Compliance> {
    const { where, params } = this.scope(auth, filter);
    const [row]: Record<keyof Compliance, string>[] = await this.dataSource.query(
      `${this.grantsCte(where)}
       SELECT COUNT(*) FILTER (WHERE rr.status = 'accepted') AS accepted,
              COUNT(*) FILTER (WHERE rr.status = 'submitted') AS submitted,
              COUNT(*) FILTER (WHERE rr.status = 'pending' AND rr.due_at >= now()) AS due,
              COUNT(*) FILTER (WHERE rr.status IN ('pending', 'returned') AND rr.due_at < now()) AS overdue,
              COUNT(*) FILTER (WHERE rr.status = 'returned') AS returned
         FROM report_requirements rr JOIN scoped s ON s.id = rr.grant_id`,
      params,
    );
    return { accepted: Number(row.accepted), submitted: Number(row.submitted), due: Number(row.due), overdue: Number(row.overdue), returned: Number(row.returned) };
  }

  /** The reporting asked of each grant, by size: requirements per grant, the burden the policy plans. */
  async burdenByTier(auth: AuthContext, filter: PortfolioFilter): Promise<{ tier: string; grants: number; requirementsPerGrant: number }[]> {
    const { where, params } = this.scope(auth, filter);
    const rows: { tier: string; grants: string; requirements: string }[] = await this.dataSource.query(
      `${this.grantsCte(where)}
       SELECT COALESCE(s.tier, '-') AS tier, COUNT(DISTINCT s.id) AS grants, COUNT(rr.id) AS requirements
         FROM scoped s LEFT JOIN report_requirements rr ON rr.grant_id = s.id AND rr.status <> 'cancelled'
        WHERE s.status <> 'pending' GROUP BY 1 ORDER BY 1`,
      params,
    );
    return rows.map((r) => ({ tier: r.tier, grants: Number(r.grants), requirementsPerGrant: Number(r.grants) ? Math.round((Number(r.requirements) / Number(r.grants)) * 10) / 10 : 0 }));
  }

  /** Capacity across the grantees in view: organisations assessed, and their mean maturity and risk. */
  async capacity(auth: AuthContext, filter: PortfolioFilter): Promise<{ organisations: number; assessed: number; meanMaturity: number | null; risk: Record<string, number> }> {
    const { where, params } = this.scope(auth, filter);
    const [row]: { organisations: string; assessed: string; mean: string | null; low: string; medium: string; high: string }[] = await this.dataSource.query(
      `SELECT COUNT(DISTINCT o.id) AS organisations, COUNT(DISTINCT o.id) FILTER (WHERE o.maturity IS NOT NULL) AS assessed, AVG(DISTINCT o.maturity) AS mean,
              COUNT(DISTINCT o.id) FILTER (WHERE o.risk_level = 'low') AS low, COUNT(DISTINCT o.id) FILTER (WHERE o.risk_level = 'medium') AS medium, COUNT(DISTINCT o.id) FILTER (WHERE o.risk_level = 'high') AS high
         FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id ${where}`,
      params,
    );
    return {
      organisations: Number(row.organisations),
      assessed: Number(row.assessed),
      meanMaturity: row.mean === null ? null : Math.round(Number(row.mean) * 10) / 10,
      risk: { low: Number(row.low), medium: Number(row.medium), high: Number(row.high) },
    };
  }

  /** Calls and countries to filter by. */
  async filters(auth: AuthContext) {
    const { where, params } = this.scope(auth, {});
    const calls: { id: string; title: string }[] = await this.dataSource.query(`SELECT DISTINCT c.id, c.title->>'en' AS title FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id ${where} ORDER BY 2`, params);
    const countries: { country: string }[] = await this.dataSource.query(`SELECT DISTINCT o.country FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id ${where} ORDER BY 1`, params);
    return { calls, countries: countries.map((c) => c.country), tiers: ['T0', 'T1', 'T2', 'T3'], themes: THEMES };
  }
}
