import { escapeXmlAttribute, escapeXmlText, IatiCluster, iatiWithheld, majorDecimal, percentages, toIatiActivityXml } from './iati';
import { ExportFunder, ExportOrganisation, WITHHELD_NAME } from './threesixty-giving';
import { iatiSchemaErrors } from './xsd-validator';

const funder: ExportFunder = { id: '3f9a1c2e-0000-4000-8000-000000000001', name: 'Fund for Women in Conflict', orgIdentifier: 'NL-KVK-80000001' };
const organisation = (id: string, name: string, overrides: Partial<ExportOrganisation> = {}): ExportOrganisation => ({
  id,
  name,
  orgIdentifier: null,
  country: 'CD',
  city: 'Goma',
  atRisk: false,
  ...overrides,
});
const lead = organisation('0000000a-aaaa-4000-8000-000000000001', 'Synergie des Femmes du Kivu', { orgIdentifier: 'CD-RCCM-GOM-2009-A-101' });
const bukavu = organisation('0000000b-aaaa-4000-8000-000000000002', 'Mama Tumaini Bukavu', { city: 'Bukavu' });
const uvira = organisation('0000000c-aaaa-4000-8000-000000000003', 'Femmes Debout Uvira', { city: 'Uvira', orgIdentifier: 'CD-ASBL-7777', atRisk: true });

const cluster = (overrides: Partial<IatiCluster> = {}): IatiCluster => ({
  id: 'c1c1c1c1-0000-4000-8000-000000000009',
  call: { id: '8b2d4e6f-0000-4000-8000-000000000002', title: { en: 'Small grants 2027 & beyond', fr: 'Petites subventions 2027' } },
  lead,
  agreement: {
    id: 'a9a9a9a9-0000-4000-8000-000000000010',
    amountMinor: 6_300_00,
    currency: 'USD',
    status: 'active',
    awardedAt: new Date('2027-02-01T10:00:00Z'),
    startDate: '2027-03-01',
    endDate: '2029-02-28',
    releases: [
      { number: 2, amountMinor: 2_520_00, currency: 'USD', releasedAt: new Date('2027-09-15T08:30:00Z') },
      { number: 1, amountMinor: 1_890_00, currency: 'USD', releasedAt: new Date('2027-03-10T12:00:00Z') },
    ],
  },
  members: [
    { organisation: bukavu, amountMinor: 3_500_00, currency: 'USD' },
    { organisation: uvira, amountMinor: 2_800_00, currency: 'USD' },
  ],
  ...overrides,
});
const generated = new Date('2027-10-01T00:00:00.123Z');

/** The (type, date, amount) of each transaction, in document order. */
const transactions = (xml: string) =>
  [...xml.matchAll(/<transaction>[\s\S]*?<transaction-type code="(\d+)"\/>[\s\S]*?<transaction-date iso-date="([\d-]+)"\/>[\s\S]*?<value currency="USD" value-date="([\d-]+)">([\d.]+)<\/value>[\s\S]*?<\/transaction>/g)].map(
    ([, type, date, valueDate, amount]) => ({ type, date, valueDate, amount: Number(amount) }),
  );

describe('IATI 2.03 activity export', () => {
  it('is valid against the official IATI 2.03 activity schema', async () => {
    const xml = toIatiActivityXml(funder, cluster(), generated);
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<iati-activities version="2.03" generated-datetime="2027-10-01T00:00:00Z">/);
    expect(xml).toContain('<iati-identifier>NL-KVK-80000001-a9a9a9a9-0000-4000-8000-000000000010</iati-identifier>');
    expect(xml).toContain('<reporting-org ref="NL-KVK-80000001" type="60">');
  });

  it('is shown to fail when the document breaks the schema (the validator is not a rubber stamp)', async () => {
    const xml = toIatiActivityXml(funder, cluster(), generated);
    // Out of the XSD's sequence: the title after the description.
    const swapped = xml.replace(/(\s*<title>[\s\S]*?<\/title>)(\s*<description[\s\S]*?<\/description>)/, '$2$1');
    expect(swapped).not.toBe(xml);
    expect((await iatiSchemaErrors(swapped)).join('\n')).toMatch(/description|title/);
    // A value without its required value-date, and a document that is not even well-formed.
    expect((await iatiSchemaErrors(xml.replace(/ value-date="[\d-]+"/, ''))).join('\n')).toMatch(/value-date/);
    expect((await iatiSchemaErrors(xml.replace('</iati-activities>', ''))).length).toBeGreaterThan(0);
    expect(await iatiSchemaErrors('<iati-activities version="2.03"/>')).not.toEqual([]);
  });

  it('names the funder as funding, the lead as accountable and each member as implementing', () => {
    const xml = toIatiActivityXml(funder, cluster({ members: [cluster().members[0]] }), generated);
    expect(xml).toContain('<participating-org ref="NL-KVK-80000001" type="60" role="1">');
    expect(xml).toContain('<participating-org ref="CD-RCCM-GOM-2009-A-101" type="24" role="2">\n      <narrative>Synergie des Femmes du Kivu</narrative>');
    expect(xml).toContain('<participating-org ref="NL-KVK-80000001-ORG-0000000b-aaaa-4000-8000-000000000002" type="24" role="4">\n      <narrative>Mama Tumaini Bukavu</narrative>');
    expect(xml).toContain('<other-identifier ref="c1c1c1c1-0000-4000-8000-000000000009" type="A1"/>');
    expect(xml).toContain('<activity-status code="2"/>');
    expect(xml).toContain('<activity-date type="1" iso-date="2027-03-01"/>');
    expect(xml).toContain('<activity-date type="3" iso-date="2029-02-28"/>');
    expect(xml).toContain('<recipient-country code="CD" percentage="100"/>');
    expect(xml).toContain('<sector vocabulary="1" code="15180" percentage="100">');
    expect(xml).toContain('Cluster of 1 small grant led by Synergie des Femmes du Kivu, under "Small grants 2027 &amp; beyond".');
    expect(xml).toContain('<narrative>Small grants 2027 &amp; beyond</narrative>');
    expect(xml).toContain('<narrative xml:lang="fr">Petites subventions 2027</narrative>');
  });

  it('commits the agreement at its award and disburses each released instalment at its release', async () => {
    const xml = toIatiActivityXml(funder, cluster(), generated);
    const found = transactions(xml);
    expect(found).toEqual([
      { type: '2', date: '2027-02-01', valueDate: '2027-02-01', amount: 6300 },
      { type: '3', date: '2027-03-10', valueDate: '2027-03-10', amount: 1890 },
      { type: '3', date: '2027-09-15', valueDate: '2027-09-15', amount: 2520 },
    ]);
    const disbursed = found.filter((t) => t.type === '3').reduce((sum, t) => sum + t.amount, 0);
    expect(disbursed).toBe(4410);
    expect(disbursed).toBeLessThanOrEqual(found[0].amount);
    // Members' sub-grants are the lead's money flows, not the funder's: no transaction of theirs is counted twice.
    expect(found.filter((t) => t.amount === 3500 || t.amount === 2800)).toEqual([]);
    expect(xml.match(/<receiver-org ref="CD-RCCM-GOM-2009-A-101" type="24">/g)).toHaveLength(3);
    expect(xml).toContain('last-updated-datetime="2027-09-15T08:30:00Z"');
  });

  it('withholds an at-risk member: no name, no city, no registry number, only its country', async () => {
    const xml = toIatiActivityXml(funder, cluster(), generated);
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    expect(xml).not.toContain('Femmes Debout');
    expect(xml).not.toContain('Uvira');
    expect(xml).not.toContain('CD-ASBL-7777');
    expect(xml).toContain(`<participating-org ref="NL-KVK-80000001-ORG-${uvira.id}" type="24" role="4">\n      <narrative>${WITHHELD_NAME}</narrative>`);
    expect(iatiWithheld(cluster())).toBe(1);
    // No city of anyone is ever written (the lead's is Goma).
    expect(xml).not.toContain('Goma');
  });

  it('withholds an at-risk lead in the description, the organisations and the transactions', async () => {
    const atRisk = { ...lead, atRisk: true };
    const xml = toIatiActivityXml(funder, cluster({ lead: atRisk }), generated);
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    expect(xml).not.toContain('Synergie');
    expect(xml).not.toContain('CD-RCCM-GOM-2009-A-101');
    expect(xml).toContain('led by a lead partner whose name is withheld for its safety');
    expect(xml.match(new RegExp(`<receiver-org ref="NL-KVK-80000001-ORG-${lead.id}" type="24">`, 'g'))).toHaveLength(3);
    expect(iatiWithheld(cluster({ lead: atRisk }))).toBe(2);
  });

  it('shares recipient countries by the money passed to members, adding up to 100', async () => {
    const members = [
      { organisation: bukavu, amountMinor: 1_000_00, currency: 'USD' },
      { organisation: organisation('0000000d-aaaa-4000-8000-000000000004', 'Kisumu Survivors Circle', { country: 'KE' }), amountMinor: 1_000_00, currency: 'USD' },
      { organisation: organisation('0000000e-aaaa-4000-8000-000000000005', 'Kampala Women', { country: 'UG' }), amountMinor: 1_000_00, currency: 'USD' },
    ];
    const xml = toIatiActivityXml(funder, cluster({ members }), generated);
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    const shares = [...xml.matchAll(/<recipient-country code="(\w\w)" percentage="([\d.]+)"\/>/g)].map(([, code, share]) => [code, share]);
    expect(shares).toEqual([
      ['CD', '33.34'],
      ['KE', '33.33'],
      ['UG', '33.33'],
    ]);
    expect(percentages([1, 1, 1]).reduce((sum, share) => sum + Math.round(Number(share) * 100), 0)).toBe(10_000);
    expect(percentages([3, 1])).toEqual(['75', '25']);
    expect(percentages([])).toEqual([]);
  });

  it('stays valid before the agreement is planned, in a currency without minor units, and with hostile text', async () => {
    const xml = toIatiActivityXml(
      { ...funder, orgIdentifier: null, name: 'Fonds <Femmes> & "Paix"' },
      cluster({
        call: { id: 'x', title: { en: 'Grants ]]> <script>\u0007' } },
        members: [],
        agreement: { ...cluster().agreement, status: 'pending', currency: 'UGX', amountMinor: 12_000_000, startDate: null, endDate: null, releases: [] },
      }),
      generated,
    );
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<iati-identifier>XI-MOSAIC-3f9a1c2e-a9a9a9a9-0000-4000-8000-000000000010</iati-identifier>');
    expect(xml).toContain('<narrative>Fonds &lt;Femmes&gt; &amp; "Paix"</narrative>');
    expect(xml).toContain('<narrative>Grants ]]&gt; &lt;script&gt;</narrative>');
    expect(xml).toContain('<activity-status code="1"/>');
    expect(xml).toContain('<activity-date type="1" iso-date="2027-02-01"/>');
    expect(xml).toContain('<recipient-country code="CD" percentage="100"/>');
    expect(xml).toContain('<value currency="UGX" value-date="2027-02-01">12000000</value>');
    expect(xml).toContain('Cluster of 0 small grants');
  });

  it('writes amounts and text safely', () => {
    expect(majorDecimal(6_300_00, 'USD')).toBe('6300.00');
    expect(majorDecimal(5, 'USD')).toBe('0.05');
    expect(majorDecimal(1234, 'KWD')).toBe('1.234');
    expect(majorDecimal(700, 'JPY')).toBe('700');
    expect(escapeXmlText('a < b && c > d\u0000')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeXmlAttribute('say "hi"\n')).toBe('say &quot;hi&quot;&#10;');
  });
});
