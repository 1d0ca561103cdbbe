/**
 * What-if: the query shapes this bench proposes for PortfolioService and PortfolioExportService
 * (which it may not edit), run against the same data with the app's own DataSource, timed, and
 * checked to give the same answers as the services. Nothing here is used by the app.
 */
import { DataSource } from 'typeorm';
import { ClusterRow, Compliance, ExportGrant, MoneyRow, PortfolioFilter, toThreeSixtyGivingPackage } from '@mosaic/portfolio';

/** The services' scope for an officer: her funders, plus the page's filters, on grants g, calls c, organisations o. */
function scope(funderIds: string[], filter: PortfolioFilter, params: unknown[] = []) {
  const clauses: string[] = [];
  params.push(funderIds);
  clauses.push(`c.funder_id = ANY($${params.length})`);
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
  return { where: clauses.join(' AND '), params };
}

/**
 * moneyBy for all three dimensions in one statement. Released and spent are aggregated per grant in
 * subqueries joined to grants itself (not to a CTE), so the planner's row estimates stay right (the
 * CTE joins estimate 16.8 million rows for 9,500, which costs the query past jit_above_cost).
 */
export const MONEY_SQL = (where: string) => `
  SELECT GROUPING(g.call_id) AS by_call, GROUPING(o.country) AS by_country, g.call_id::text AS call_id, MAX(c.title->>'en') AS call_title, o.country,
         COALESCE(g.tier, '-') AS tier, g.currency, COUNT(*) AS grants, SUM(g.amount_minor) AS awarded,
         SUM(COALESCE(rel.released, 0)) AS released, SUM(COALESCE(sp.spent, 0)) AS spent
    FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id
    LEFT JOIN (SELECT grant_id, SUM(amount_minor) AS released FROM instalments WHERE status = 'released' GROUP BY grant_id) rel ON rel.grant_id = g.id
    LEFT JOIN (SELECT grant_id, MAX(total_spent_minor) AS spent FROM reports WHERE status = 'accepted' GROUP BY grant_id) sp ON sp.grant_id = g.id
   WHERE ${where} AND g.kind <> 'lead_agreement'
   GROUP BY GROUPING SETS ((g.call_id, g.currency), (o.country, g.currency), (COALESCE(g.tier, '-'), g.currency))`;

export async function moneyByAll(dataSource: DataSource, funderIds: string[], filter: PortfolioFilter): Promise<Record<'call' | 'country' | 'tier', MoneyRow[]>> {
  const { where, params } = scope(funderIds, filter);
  const rows: { by_call: number; by_country: number; call_id: string; call_title: string; country: string; tier: string; currency: string; grants: string; awarded: string; released: string; spent: string }[] =
    await dataSource.query(MONEY_SQL(where), params);
  const out: Record<'call' | 'country' | 'tier', MoneyRow[]> = { call: [], country: [], tier: [] };
  for (const r of rows) {
    const dimension = r.by_call === 0 ? 'call' : r.by_country === 0 ? 'country' : 'tier';
    const [key, label] = dimension === 'call' ? [r.call_id, r.call_title] : dimension === 'country' ? [r.country, r.country] : [r.tier, r.tier];
    out[dimension].push({ key, label, currency: r.currency, grants: Number(r.grants), awardedMinor: Number(r.awarded), releasedMinor: Number(r.released), spentMinor: Number(r.spent) });
  }
  for (const list of Object.values(out)) list.sort((a, b) => a.label.localeCompare(b.label) || a.currency.localeCompare(b.currency));
  return out;
}

/**
 * clusters, set-based: members, overdue requirements and released amounts aggregated once per
 * cluster (or lead agreement) and joined, instead of two correlated subqueries per cluster row
 * (10,000 index probes into report_requirements for 500 clusters) on top of the shared CTE.
 */
export const CLUSTERS_SQL = (where: string) => `
  WITH lead AS (
    SELECT g.id, g.cluster_id, g.currency, g.amount_minor
      FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id
     WHERE ${where} AND g.kind = 'lead_agreement'
  ), members AS (
    SELECT cm.cluster_id, COUNT(*) AS n FROM cluster_members cm
     WHERE cm.withdrawn_at IS NULL AND cm.cluster_id IN (SELECT cluster_id FROM lead) GROUP BY cm.cluster_id
  ), overdue AS (
    SELECT gg.cluster_id, COUNT(*) AS n FROM report_requirements rr JOIN grants gg ON gg.id = rr.grant_id
     WHERE rr.status IN ('pending', 'returned') AND rr.due_at < now() AND gg.cluster_id IN (SELECT cluster_id FROM lead) GROUP BY gg.cluster_id
  ), released AS (
    SELECT i.grant_id, SUM(i.amount_minor) AS released FROM instalments i
     WHERE i.status = 'released' AND i.grant_id IN (SELECT id FROM lead) GROUP BY i.grant_id
  )
  SELECT cl.id AS cluster_id, l.id AS agreement_id, lo.name AS lead, lo.at_risk, l.currency, l.amount_minor AS awarded, COALESCE(rel.released, 0) AS released,
         cl.fee_minor AS fee, COALESCE(mem.n, 0) AS members, COALESCE(od.n, 0) AS overdue
    FROM lead l JOIN clusters cl ON cl.id = l.cluster_id JOIN organisations lo ON lo.id = cl.lead_organisation_id
    LEFT JOIN released rel ON rel.grant_id = l.id LEFT JOIN members mem ON mem.cluster_id = cl.id LEFT JOIN overdue od ON od.cluster_id = cl.id
   ORDER BY overdue DESC, lo.name`;

export async function clusters(dataSource: DataSource, funderIds: string[], filter: PortfolioFilter): Promise<ClusterRow[]> {
  const { where, params } = scope(funderIds, filter);
  const rows: { cluster_id: string; agreement_id: string; lead: string; at_risk: boolean; members: string; currency: string; awarded: string; released: string; fee: string; overdue: string }[] =
    await dataSource.query(CLUSTERS_SQL(where), params);
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

/** compliance without the money CTE it never uses: requirements joined straight to the scoped grants. */
export const COMPLIANCE_SQL = (where: string) => `
  SELECT COUNT(*) FILTER (WHERE rr.status IN ('accepted', 'submitted') AND r.submitted_at <= rr.due_at) AS on_time,
         COUNT(*) FILTER (WHERE rr.status IN ('accepted', 'submitted') AND r.submitted_at > rr.due_at) AS late,
         COUNT(*) FILTER (WHERE rr.status = 'accepted') AS accepted, COUNT(*) FILTER (WHERE rr.status = 'submitted') AS submitted,
         COUNT(*) FILTER (WHERE rr.status = 'pending' AND rr.due_at >= now()) AS due,
         COUNT(*) FILTER (WHERE rr.status IN ('pending', 'returned') AND rr.due_at < now()) AS overdue,
         COUNT(*) FILTER (WHERE rr.status = 'returned') AS returned
    FROM report_requirements rr JOIN grants g ON g.id = rr.grant_id JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id
    LEFT JOIN reports r ON r.requirement_id = rr.id
   WHERE ${where}`;

export async function compliance(dataSource: DataSource, funderIds: string[], filter: PortfolioFilter): Promise<Compliance> {
  const { where, params } = scope(funderIds, filter);
  const [row]: Record<'on_time' | 'late' | 'accepted' | 'submitted' | 'due' | 'overdue' | 'returned', string>[] = await dataSource.query(COMPLIANCE_SQL(where), params);
  return { onTime: Number(row.on_time), late: Number(row.late), accepted: Number(row.accepted), submitted: Number(row.submitted), due: Number(row.due), overdue: Number(row.overdue), returned: Number(row.returned) };
}

/**
 * The export's grants, recipients and call titles in one raw statement with only the columns the
 * package needs: no entity hydration of 6,000 grants and no findBy(In([...6,000 ids])), which
 * TypeORM sends as 6,000 bound parameters.
 */
export const EXPORT_SQL = `
  SELECT g.id, g.kind, g.amount_minor, g.currency, g.created_at, g.start_date::text AS start_date, g.end_date::text AS end_date, g.cluster_id, g.call_id,
         g.activated_at, c.title->>'en' AS call_title, o.id AS organisation_id, o.name, o.org_identifier, o.country, o.city, o.at_risk
    FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id
   WHERE c.funder_id = $1 AND g.call_id = $2
   ORDER BY g.created_at, g.id`;

export async function threeSixtyGiving(dataSource: DataSource, funder: { id: string; name: string; orgIdentifier: string | null }, callId: string) {
  const rows: {
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
    call_title: string;
    organisation_id: string;
    name: string;
    org_identifier: string | null;
    country: string;
    city: string | null;
    at_risk: boolean;
  }[] = await dataSource.query(EXPORT_SQL, [funder.id, callId]);
  const agreements = new Map(rows.filter((g) => g.kind === 'lead_agreement' && g.cluster_id).map((g) => [g.cluster_id!, g.id]));
  const grants: ExportGrant[] = rows.map((g) => ({
    id: g.id,
    kind: g.kind,
    amountMinor: Number(g.amount_minor),
    currency: g.currency,
    awardedAt: g.created_at,
    startDate: g.start_date,
    endDate: g.end_date,
    recipient: { id: g.organisation_id, name: g.name, orgIdentifier: g.org_identifier, country: g.country, city: g.city, atRisk: g.at_risk },
    leadAgreementId: g.kind === 'sub_grant' && g.cluster_id ? (agreements.get(g.cluster_id) ?? null) : null,
    call: { id: g.call_id, title: g.call_title ?? '' },
    modifiedAt: g.activated_at ?? g.created_at,
  }));
  return toThreeSixtyGivingPackage(funder, grants, new Date());
}

/**
 * burdenByTier with requirements counted per grant first: the shipped LEFT JOIN of every
 * requirement to the scoped grants, then COUNT(DISTINCT s.id) over ~50,000 rows, sorts them all.
 */
export const BURDEN_SQL = (where: string) => `
  SELECT COALESCE(g.tier, '-') AS tier, COUNT(*) AS grants, COALESCE(SUM(rq.n), 0) AS requirements, ROUND(AVG(g.burden_hours), 1) AS hours
    FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.organisation_id
    LEFT JOIN (SELECT grant_id, COUNT(*) AS n FROM report_requirements WHERE status <> 'cancelled' GROUP BY grant_id) rq ON rq.grant_id = g.id
   WHERE ${where} AND g.status <> 'pending'
   GROUP BY 1 ORDER BY 1`;

export async function burdenByTier(dataSource: DataSource, funderIds: string[], filter: PortfolioFilter): Promise<{ tier: string; grants: number; requirementsPerGrant: number; hoursPerGrant: number | null }[]> {
  const { where, params } = scope(funderIds, filter);
  const rows: { tier: string; grants: string; requirements: string; hours: string | null }[] = await dataSource.query(BURDEN_SQL(where), params);
  return rows.map((r) => ({
    tier: r.tier,
    grants: Number(r.grants),
    requirementsPerGrant: Number(r.grants) ? Math.round((Number(r.requirements) / Number(r.grants)) * 10) / 10 : 0,
    hoursPerGrant: r.hours === null ? null : Number(r.hours),
  }));
}
