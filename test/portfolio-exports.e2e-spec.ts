import { seedDemoData } from '@mosaic/demo-seed';
import { SessionService } from '@mosaic/identity';
import { threeSixtyGivingErrors, WITHHELD_NAME } from '@mosaic/portfolio';
import { createTestApp, TestContext } from './support/test-app';

/** Open data from the demo's funded call: valid 360Giving, and safe for groups at risk. */
describe('portfolio: 360Giving export', () => {
  let context: TestContext;
  const password = 'demo-password-for-tests';
  const tokens: Record<string, string> = {};
  let callId: string;
  const get = (who: string, path: string) => context.http().get(path).set('Authorization', `Bearer ${tokens[who]}`);

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    await seedDemoData(context.dataSource, password);
    for (const who of ['officer', 'applicant2', 'applicant1', 'admin']) {
      tokens[who] = (await context.http().post('/api/auth/login').send({ email: `${who}@demo.mosaic.test`, password }).expect(200)).body.accessToken;
    }
    [{ id: callId }] = await context.dataSource.query(`SELECT id FROM calls WHERE status = 'closed'`);
  });
  afterAll(() => context.close());

  it('exports the call’s agreement, sub-grants and direct grant as a valid 360Giving package', async () => {
    const response = await get('officer', `/api/portfolio/exports/360giving?callId=${callId}&format=json`).expect(200);
    expect(threeSixtyGivingErrors(response.body)).toEqual([]);
    const grants = response.body.grants as { id: string; recipientOrganization: { id: string; name: string }[]; relatedActivity?: string[]; amountAwarded: number }[];
    expect(grants.map((g) => g.recipientOrganization[0].name).sort()).toEqual(['Femmes Debout Uvira', 'Mama Tumaini Bukavu', 'Mosul Women’s Healing Circle', 'Synergie des Femmes du Kivu']);
    const agreement = grants.find((g) => g.recipientOrganization[0].name === 'Synergie des Femmes du Kivu')!;
    expect(agreement.recipientOrganization[0].id).toBe('CD-RCCM-GOM-2009-A-101');
    expect(agreement.id).toMatch(/^360G-NL-KVK-80000001-/);
    const members = grants.filter((g) => g.relatedActivity);
    expect(members.map((m) => m.relatedActivity)).toEqual([[agreement.id], [agreement.id]]);
    expect(response.headers['x-withheld-organisations']).toBe('0');
    // No personal data of individuals: no e-mail address of any user leaves.
    expect(JSON.stringify(response.body)).not.toMatch(/@demo\.mosaic\.test/);
  });

  it('withholds a group that marked itself at risk, in JSON and CSV', async () => {
    const [uvira] = await context.dataSource.query(`SELECT id FROM organisations WHERE name = 'Femmes Debout Uvira'`);
    await context.http().put(`/api/organisations/${uvira.id}/at-risk`).set('Authorization', `Bearer ${tokens.applicant1}`).send({ atRisk: true }).expect(404);
    await context.http().put(`/api/organisations/${uvira.id}/at-risk`).set('Authorization', `Bearer ${tokens.applicant2}`).send({ atRisk: 'yes' }).expect(400);
    await context.http().put(`/api/organisations/${uvira.id}/at-risk`).set('Authorization', `Bearer ${tokens.applicant2}`).send({ atRisk: true }).expect(200);
    const json = await get('officer', `/api/portfolio/exports/360giving?callId=${callId}`).expect(200);
    expect(threeSixtyGivingErrors(json.body)).toEqual([]);
    expect(json.headers['x-withheld-organisations']).toBe('1');
    const csv = await get('officer', `/api/portfolio/exports/360giving?callId=${callId}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    for (const text of [JSON.stringify(json.body), csv.text]) {
      expect(text).toContain(WITHHELD_NAME);
      expect(text).not.toContain('Femmes Debout');
      expect(text).not.toContain('Uvira');
    }
    const audit = await context.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'organisation.at_risk_changed'`, [uvira.id]);
    expect(audit).toHaveLength(1);
  });

  it('asks for a scope, and shows a funder’s grants to no one else', async () => {
    await get('officer', '/api/portfolio/exports/360giving').expect(400);
    await get('admin', '/api/portfolio/exports/360giving?from=2026-01-01').expect(400);
    await get('admin', `/api/portfolio/exports/360giving?callId=${callId}`).expect(200);
    await get('applicant1', `/api/portfolio/exports/360giving?callId=${callId}`).expect(403);
    await get('officer', '/api/portfolio/exports/360giving?callId=00000000-0000-4000-8000-000000000000').expect(404);
    const range = await get('officer', '/api/portfolio/exports/360giving?from=2000-01-01&to=2100-12-31').expect(200);
    expect(range.body.grants).toHaveLength(4);
  });

  it('shows the portfolio page with money by country, clusters and reporting, each table as CSV', async () => {
    const [officer] = await context.dataSource.query(`SELECT id FROM users WHERE email = 'officer@demo.mosaic.test'`);
    const session = (await context.app.get(SessionService).issue(officer.id, 'web')).token;
    const page = (path: string) => context.http().get(path).set('Cookie', `mosaic_session=${session}`).set('Accept', 'text/html');
    const overview = await page('/portfolio').expect(200);
    expect(overview.text).toContain('Synergie des Femmes du Kivu');
    expect(overview.text).toMatch(/<svg[^>]*role="img"/);
    expect(overview.text).toContain('1 organisations are marked at risk');
    const clusters = await page('/portfolio/export.csv?table=clusters').expect(200);
    const [header, row] = clusters.text.trim().split('\r\n');
    expect(header).toBe('"cluster_id","lead","members","currency","awarded","released","lead_fee","pass_through_percent","overdue_requirements"');
    expect(row).toMatch(/"Synergie des Femmes du Kivu",2,"USD","6300.00","4200.00","441.00",93,\d+$/);
    const iraq = await page('/portfolio/export.csv?table=country&country=IQ').expect(200);
    expect(iraq.text.trim().split('\r\n')).toEqual(['"country","currency","grants","awarded","released","reported_spent"', '"IQ","USD",1,"4000.00","2000.00","0.00"']);
    // The Kisumu group (assessed by the demo's mentor) holds no grant of this funder: none of the four grantees is assessed yet.
    expect(overview.text).toContain('Assessed: 0 of 4 organisations');
    // Mosul sent its annual report before it was due; Bukavu sent hers after.
    expect(overview.text).toContain('<dt>Sent on time</dt><dd>1</dd>');
    expect(overview.text).toContain('<dt>Sent late</dt><dd>1</dd>');
    // The burden the plans ask of grantees, by size (T0 members: an annual 3+0 report, a final one and an expense list).
    expect(overview.text).toMatch(/T0: 3 grants, 3 requirements each on average · about 5.5 hours of the grantee/);
    // Mosul's group works on psychosocial support and SRHR: only its grant in that theme.
    const srhr = await page('/portfolio/export.csv?table=country&theme=srhr').expect(200);
    expect(srhr.text.trim().split('\r\n').slice(1)).toEqual(['"IQ","USD",1,"4000.00","2000.00","0.00"']);
    // A bad filter shows everything rather than an error.
    await page('/portfolio?country=Narnia&tier=T9').expect(200);
  });
});
