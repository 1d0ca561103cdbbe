import { ExportFunder, ExportGrant, toThreeSixtyGivingCsv, toThreeSixtyGivingPackage, WITHHELD_NAME } from './threesixty-giving';
import { threeSixtyGivingErrors } from './threesixty-giving.validator';

const funder: ExportFunder = { id: '3f9a1c2e-0000-4000-8000-000000000001', name: 'Fund for Women in Conflict', orgIdentifier: 'NL-KVK-80000001' };
const call = { id: '8b2d4e6f-0000-4000-8000-000000000002', title: 'Small grants 2027' };
const organisation = (name: string, overrides: Partial<ExportGrant['recipient']> = {}): ExportGrant['recipient'] => ({
  id: `0000000${name.length}-aaaa-4000-8000-${String(name.charCodeAt(0)).padStart(12, '0')}`,
  name,
  orgIdentifier: null,
  country: 'CD',
  city: 'Goma',
  atRisk: false,
  ...overrides,
});
const grant = (id: string, overrides: Partial<ExportGrant>): ExportGrant => ({
  id,
  kind: 'direct',
  amountMinor: 3_000_00,
  currency: 'USD',
  awardedAt: new Date('2027-02-01T10:00:00Z'),
  startDate: '2027-03-01',
  endDate: '2028-02-29',
  recipient: organisation('Mama Tumaini Bukavu'),
  leadAgreementId: null,
  call,
  modifiedAt: new Date('2027-03-01T08:00:00Z'),
  ...overrides,
});

const cluster = [
  grant('lead-1', { kind: 'lead_agreement', amountMinor: 6_300_00, recipient: organisation('Synergie des Femmes du Kivu', { orgIdentifier: 'CD-RCCM-GOM-2009-A-101' }) }),
  grant('member-1', { kind: 'sub_grant', leadAgreementId: 'lead-1', amountMinor: 3_500_00, recipient: organisation('Mama Tumaini Bukavu', { city: 'Bukavu' }) }),
  grant('member-2', { kind: 'sub_grant', leadAgreementId: 'lead-1', amountMinor: 2_800_00, recipient: organisation('Femmes Debout Uvira', { city: 'Uvira', orgIdentifier: 'CD-ASBL-1234', atRisk: true }) }),
  grant('direct-1', { currency: 'UGX', amountMinor: 12_000_000, startDate: null, endDate: null, recipient: organisation('=Formula Group', { country: 'UG', city: null }) }),
];

describe('360Giving export', () => {
  it('is valid against the official 360Giving package and grant schemas', () => {
    const data = toThreeSixtyGivingPackage(funder, cluster, new Date('2027-03-02T00:00:00Z'));
    expect(threeSixtyGivingErrors(data)).toEqual([]);
    expect(data.grants.map((g) => g.id)).toEqual([
      '360G-NL-KVK-80000001-lead-1',
      '360G-NL-KVK-80000001-member-1',
      '360G-NL-KVK-80000001-member-2',
      '360G-NL-KVK-80000001-direct-1',
    ]);
  });

  it('is shown to fail when a required field is missing (the validator is not a rubber stamp)', () => {
    const data = toThreeSixtyGivingPackage(funder, cluster, new Date());
    const { description: _description, ...incomplete } = data.grants[0];
    expect(threeSixtyGivingErrors({ ...data, grants: [incomplete] }).length).toBeGreaterThan(0);
    expect(threeSixtyGivingErrors({ ...data, grants: [] })).toEqual(['/grants must NOT have fewer than 1 items']);
  });

  it('names the lead as the agreement’s recipient and links each member’s sub-grant to it', () => {
    const [lead, member] = toThreeSixtyGivingPackage(funder, cluster, new Date()).grants;
    expect(lead.recipientOrganization[0]).toEqual({ id: 'CD-RCCM-GOM-2009-A-101', name: 'Synergie des Femmes du Kivu', addressCountry: 'CD', addressLocality: 'Goma' });
    expect(lead.amountAwarded).toBe(6300);
    expect(member.relatedActivity).toEqual(['360G-NL-KVK-80000001-lead-1']);
    expect(member.recipientOrganization[0].id).toBe(`NL-KVK-80000001-ORG-${cluster[1].recipient.id}`);
  });

  it('withholds an organisation at risk: no name, no registry number, nothing below the country, no free text', () => {
    const data = toThreeSixtyGivingPackage(funder, cluster, new Date());
    const redacted = data.grants[2];
    expect(redacted.recipientOrganization).toEqual([{ id: `NL-KVK-80000001-ORG-${cluster[2].recipient.id}`, name: WITHHELD_NAME, addressCountry: 'CD' }]);
    const text = JSON.stringify(data) + toThreeSixtyGivingCsv(funder, cluster);
    expect(text).not.toContain('Femmes Debout Uvira');
    expect(text).not.toContain('Uvira');
    expect(text).not.toContain('CD-ASBL-1234');
    // Descriptions come from structured data only.
    expect(data.grants.map((g) => g.description)).toEqual([
      'Lead agreement of a cluster of small grants, passed on to its members as sub-grants, under "Small grants 2027".',
      'Sub-grant through a cluster lead partner, under "Small grants 2027".',
      'Sub-grant through a cluster lead partner, under "Small grants 2027".',
      'Direct grant, under "Small grants 2027".',
    ]);
  });

  it('writes amounts in major units for any currency, and a flat CSV safe to open in a spreadsheet', () => {
    const data = toThreeSixtyGivingPackage(funder, cluster, new Date());
    expect(data.grants[3].amountAwarded).toBe(12_000_000);
    const [header, , , , direct] = toThreeSixtyGivingCsv(funder, cluster).trim().split('\r\n');
    expect(header.split(',').slice(0, 6)).toEqual(['"Identifier"', '"Title"', '"Description"', '"Currency"', '"Amount Awarded"', '"Award Date"']);
    expect(direct).toContain(`"'=Formula Group"`);
    expect(direct).toContain(',12000000,');
  });
});
