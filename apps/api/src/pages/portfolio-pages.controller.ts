import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { formatMoney } from '@mosaic/applications';
import { AuthContext, isAdmin, organisationsWhere, Role, THEMES } from '@mosaic/identity';
import { barChartSvg, ClusterRow, IatiExportService, MoneyRow, PortfolioExportService, PortfolioFilter, PortfolioService } from '@mosaic/portfolio';
import { DomainException } from '@mosaic/common';
import { majorUnits } from '@mosaic/reporting';
import { Auth, MosaicRequest, Roles } from '../access/access.decorators';
import { PageContext } from './page-context';

type PageRequest = Request & MosaicRequest;
/** Clusters listed on the page, worst first; the CSV has them all. */
const CLUSTERS_ON_PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Query-string filters, kept only when well formed (a bad filter shows everything, never an error page). */
function filterFrom(query: Record<string, unknown>): PortfolioFilter {
  return {
    callId: typeof query.callId === 'string' && UUID.test(query.callId) ? query.callId : undefined,
    country: typeof query.country === 'string' && /^[A-Z]{2}$/.test(query.country) ? query.country : undefined,
    tier: typeof query.tier === 'string' && /^T[0-3]$/.test(query.tier) ? query.tier : undefined,
    theme: typeof query.theme === 'string' && (THEMES as readonly string[]).includes(query.theme) ? query.theme : undefined,
  };
}

const csvCell = (value: string | number) => (typeof value === 'number' ? String(value) : `"${(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"`);

/**
 * The donor's portfolio at a glance: where the money went (by call, country, tier), through whom
 * (clusters, pass-through and fees), what came back (reporting compliance), every table as CSV.
 */
@ApiExcludeController()
@Controller()
export class PortfolioPagesController {
  constructor(
    private readonly pages: PageContext,
    private readonly portfolio: PortfolioService,
    private readonly exports: PortfolioExportService,
    private readonly iati: IatiExportService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('portfolio')
  @Roles(Role.Officer, Role.Board, Role.Admin)
  async overview(@Query() query: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const lang = await this.pages.language(req, res);
    const filter = filterFrom(query);
    const [money, clusters, compliance, filters, burden, capacity, capacityByDomain] = await Promise.all([
      this.portfolio.money(auth, filter),
      this.portfolio.clusters(auth, filter),
      this.portfolio.compliance(auth, filter),
      this.portfolio.filters(auth),
      this.portfolio.burdenByTier(auth, filter),
      this.portfolio.capacity(auth, filter),
      this.portfolio.capacityByDomain(auth, filter),
    ]);
    const { call: byCall, country: byCountry, tier: byTier } = money;
    const formatted = (row: MoneyRow) => ({ ...row, awarded: formatMoney(row.awardedMinor, row.currency, lang), released: formatMoney(row.releasedMinor, row.currency, lang), spent: formatMoney(row.spentMinor, row.currency, lang) });
    const series = [this.pages.t(lang, 'portfolio.awarded'), this.pages.t(lang, 'portfolio.released'), this.pages.t(lang, 'portfolio.spent')];
    const chart = barChartSvg(
      this.pages.t(lang, 'portfolio.byCountry'),
      series,
      byCountry.map((row) => ({ label: `${row.label} (${row.currency})`, values: [row.awardedMinor, row.releasedMinor, row.spentMinor], texts: [formatted(row).awarded, formatted(row).released, formatted(row).spent] })),
    );
    const atRisk: { n: string }[] = await this.dataSource.query(
      `SELECT COUNT(DISTINCT o.id) AS n FROM organisations o JOIN grants g ON g.organisation_id = o.id JOIN calls c ON c.id = g.call_id WHERE o.at_risk ${isAdmin(auth) ? '' : 'AND c.funder_id = ANY($1)'}`,
      isAdmin(auth) ? [] : [organisationsWhere(auth, Role.Officer, Role.Board)],
    );
    const queryString = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
    await this.pages.render(req, res, 'portfolio', {
      title: 'portfolio.title',
      filter,
      filters,
      byCall: byCall.map(formatted),
      byCountry: byCountry.map(formatted),
      byTier: byTier.map(formatted),
      // The worst clusters on the page; all of them in the CSV (the page stays light on a large portfolio).
      clustersShown: Math.min(clusters.length, CLUSTERS_ON_PAGE),
      clustersTotal: clusters.length,
      clusters: clusters.slice(0, CLUSTERS_ON_PAGE).map((c: ClusterRow) => ({ ...c, awarded: formatMoney(c.awardedMinor, c.currency, lang), released: formatMoney(c.releasedMinor, c.currency, lang), fee: formatMoney(c.feeMinor, c.currency, lang) })),
      compliance,
      burden,
      capacity,
      capacityByDomain,
      chart,
      withheld: Number(atRisk[0]?.n ?? 0),
      csvLinks: Object.fromEntries(['call', 'country', 'tier', 'clusters'].map((table) => [table, `/portfolio/export.csv?table=${table}${queryString ? `&${queryString}` : ''}`])),
    });
  }

  /** The open-data files for people signed in on the pages (the API serves the same to bearer tokens). */
  @Get('portfolio/exports/360giving')
  @Roles(Role.Officer, Role.Board, Role.Admin)
  async threeSixtyGiving(@Query() query: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const callId = typeof query.callId === 'string' && UUID.test(query.callId) ? query.callId : undefined;
    const format = query.format === 'csv' ? 'csv' : 'json';
    const result = await this.exports.threeSixtyGiving(auth, { callId, format });
    res.setHeader('X-Withheld-Organisations', String(result.withheld));
    res.setHeader('Content-Disposition', `attachment; filename="360giving.${format}"`);
    if (result.format === 'csv') res.type('text/csv; charset=utf-8').send(result.body);
    else res.json(result.body);
  }

  @Get('portfolio/exports/iati')
  @Roles(Role.Officer, Role.Board, Role.Admin)
  async iatiFile(@Query() query: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const clusterId = typeof query.clusterId === 'string' && UUID.test(query.clusterId) ? query.clusterId : '';
    if (!clusterId) throw new DomainException('invalid', 'VALIDATION_FAILED', 'Name a cluster');
    const result = await this.iati.activity(auth, clusterId);
    res.setHeader('X-Withheld-Organisations', String(result.withheld));
    res.setHeader('Content-Disposition', `attachment; filename="iati-${clusterId}.xml"`);
    res.type('application/xml; charset=utf-8').send(result.body);
  }

  @Get('portfolio/export.csv')
  @Roles(Role.Officer, Role.Board, Role.Admin)
  async csv(@Query() query: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const filter = filterFrom(query);
    const table = ['call', 'country', 'tier', 'clusters'].includes(String(query.table)) ? String(query.table) : 'call';
    let lines: (string | number)[][];
    if (table === 'clusters') {
      const rows = await this.portfolio.clusters(auth, filter);
      lines = [
        ['cluster_id', 'lead', 'members', 'currency', 'awarded', 'released', 'lead_fee', 'pass_through_percent', 'overdue_requirements'],
        ...rows.map((r) => [r.clusterId, r.leadAtRisk ? 'withheld' : r.lead, r.members, r.currency, majorUnits(r.awardedMinor, r.currency), majorUnits(r.releasedMinor, r.currency), majorUnits(r.feeMinor, r.currency), r.passThroughPercent, r.overdue]),
      ];
    } else {
      const rows = await this.portfolio.moneyBy(auth, filter, table as 'call' | 'country' | 'tier');
      lines = [[table, 'currency', 'grants', 'awarded', 'released', 'reported_spent'], ...rows.map((r) => [r.label, r.currency, r.grants, majorUnits(r.awardedMinor, r.currency), majorUnits(r.releasedMinor, r.currency), majorUnits(r.spentMinor, r.currency)])];
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="portfolio-${table}.csv"`);
    res.send(lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n');
  }
}
