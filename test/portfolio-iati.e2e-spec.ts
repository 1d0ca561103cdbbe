import { seedDemoData } from '@mosaic/demo-seed';
import { iatiSchemaErrors, WITHHELD_NAME } from '@mosaic/portfolio';
import { createTestApp, TestContext } from './support/test-app';

/** The demo's funded cluster as an IATI 2.03 activity: valid against the XSD, and safe for groups at risk. */
describe('portfolio: IATI export', () => {
  let context: TestContext;
  const password = 'demo-password-for-tests';
  const tokens: Record<string, string> = {};
  let clusterId: string;
  let agreement: { id: string; amount_minor: string };
  // Supertest leaves application/xml unparsed: collect it as text.
  const get = (who: string, path: string) =>
    context
      .http()
      .get(path)
      .set('Authorization', `Bearer ${tokens[who]}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    await seedDemoData(context.dataSource, password);
    for (const who of ['officer', 'applicant2', 'applicant1', 'admin']) {
      tokens[who] = (await context.http().post('/api/auth/login').send({ email: `${who}@demo.mosaic.test`, password }).expect(200)).body.accessToken;
    }
    [{ id: clusterId }] = await context.dataSource.query(`SELECT k.id FROM clusters k JOIN calls c ON c.id = k.call_id WHERE c.status = 'closed'`);
    [agreement] = await context.dataSource.query(`SELECT id, amount_minor FROM grants WHERE cluster_id = $1 AND kind = 'lead_agreement'`, [clusterId]);
  });
  afterAll(() => context.close());

  it('exports the cluster as one valid IATI activity: the lead’s agreement, its members, its money', async () => {
    const response = await get('officer', `/api/portfolio/exports/iati?clusterId=${clusterId}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="iati-${clusterId}.xml"`);
    expect(response.headers['x-withheld-organisations']).toBe('0');
    const xml = response.body as string;
    expect(await iatiSchemaErrors(xml)).toEqual([]);

    expect(xml.match(/<iati-activity /g)).toHaveLength(1);
    expect(xml).toContain(`<iati-identifier>NL-KVK-80000001-${agreement.id}</iati-identifier>`);
    expect(xml).toContain('<reporting-org ref="NL-KVK-80000001" type="60">');
    expect(xml).toContain('<participating-org ref="CD-RCCM-GOM-2009-A-101" type="24" role="2">');
    expect(xml).toContain('Cluster of 2 small grants led by Synergie des Femmes du Kivu');
    const implementers = [...xml.matchAll(/<participating-org ref="[^"]+" type="24" role="4">\s*<narrative>([^<]+)<\/narrative>/g)].map(([, name]) => name);
    expect(implementers.sort()).toEqual(['Femmes Debout Uvira', 'Mama Tumaini Bukavu']);
    expect(xml).toContain('<recipient-country code="CD" percentage="100"/>');
    expect(xml).toContain('<sector vocabulary="1" code="15180" percentage="100">');

    // One commitment of the agreement's amount, one disbursement per released instalment of it.
    const released = await context.dataSource.query(`SELECT amount_minor, released_at FROM instalments WHERE grant_id = $1 AND status = 'released' ORDER BY released_at`, [agreement.id]);
    expect(released).toHaveLength(2);
    const transactions = [...xml.matchAll(/<transaction-type code="(\d)"\/>\s*<transaction-date iso-date="([\d-]+)"\/>\s*<value currency="USD" value-date="([\d-]+)">([\d.]+)<\/value>/g)].map(
      ([, type, date, valueDate, amount]) => ({ type, date, valueDate, amount }),
    );
    expect(transactions.filter((t) => t.type === '2').map((t) => t.amount)).toEqual([(Number(agreement.amount_minor) / 100).toFixed(2)]);
    const disbursements = transactions.filter((t) => t.type === '3');
    expect(disbursements.map((t) => [t.date, t.amount])).toEqual(
      released.map((r: { amount_minor: string; released_at: Date }) => [r.released_at.toISOString().slice(0, 10), (Number(r.amount_minor) / 100).toFixed(2)]),
    );
    expect(disbursements.every((t) => t.valueDate === t.date)).toBe(true);

    // No personal data of individuals, no survivor data, no grantee's own words, no city.
    expect(xml).not.toMatch(/@demo\.mosaic\.test|Olivia|Officer/);
    expect(xml).not.toMatch(/Goma|Trente survivantes|<contact-info|<location/);
  });

  it('withholds a member that marked itself at risk: no name, no city, no registry number', async () => {
    const [uvira] = await context.dataSource.query(`SELECT id FROM organisations WHERE name = 'Femmes Debout Uvira'`);
    await context.http().put(`/api/organisations/${uvira.id}/at-risk`).set('Authorization', `Bearer ${tokens.applicant2}`).send({ atRisk: true }).expect(200);
    const response = await get('officer', `/api/portfolio/exports/iati?clusterId=${clusterId}`).expect(200);
    expect(response.headers['x-withheld-organisations']).toBe('1');
    const xml = response.body as string;
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    expect(xml).not.toContain('Femmes Debout');
    expect(xml).not.toContain('Uvira');
    expect(xml).toContain(`<participating-org ref="NL-KVK-80000001-ORG-${uvira.id}" type="24" role="4">`);
    expect(xml).toContain(`<narrative>${WITHHELD_NAME}</narrative>`);
    // The others stay named.
    expect(xml).toContain('Mama Tumaini Bukavu');
    expect(xml).toContain('Synergie des Femmes du Kivu');
  });

  it('is for the funder’s officers and admins only, and asks for a cluster', async () => {
    await get('admin', `/api/portfolio/exports/iati?clusterId=${clusterId}`).expect(200);
    await get('applicant1', `/api/portfolio/exports/iati?clusterId=${clusterId}`).expect(403);
    await get('officer', '/api/portfolio/exports/iati?clusterId=00000000-0000-4000-8000-000000000000').expect(404);
    await get('officer', '/api/portfolio/exports/iati').expect(400);
    await get('officer', '/api/portfolio/exports/iati?clusterId=not-a-uuid').expect(400);
  });
});

