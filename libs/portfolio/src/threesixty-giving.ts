import { minorDigits } from '@mosaic/applications';

/** What the export needs of an organisation; nothing about people, ever. */
export interface ExportOrganisation {
  id: string;
  name: string;
  /** An org-id.guide identifier, when the organisation has one (e.g. "KE-RCO-12345"). */
  orgIdentifier: string | null;
  country: string;
  city: string | null;
  /** Marked by itself or an officer: its name, location below country and free text stay out. */
  atRisk: boolean;
}

export interface ExportGrant {
  id: string;
  kind: 'direct' | 'lead_agreement' | 'sub_grant';
  amountMinor: number;
  currency: string;
  awardedAt: Date;
  startDate: string | null;
  endDate: string | null;
  recipient: ExportOrganisation;
  /** For a member's sub-grant: its cluster's lead agreement, exported as a related activity. */
  leadAgreementId: string | null;
  call: { id: string; title: string };
  modifiedAt: Date;
}

export interface ExportFunder {
  id: string;
  name: string;
  orgIdentifier: string | null;
}

export const WITHHELD_NAME = 'Organisation withheld for its safety';

/** The funder's prefix: its org-id.guide identifier, or an internal one. */
export const funderPrefix = (funder: ExportFunder) => funder.orgIdentifier ?? `XI-MOSAIC-${funder.id.slice(0, 8)}`;
export const grantIdentifier = (funder: ExportFunder, grantId: string) => `360G-${funderPrefix(funder)}-${grantId}`;

/**
 * An organisation's identifier: its org-id.guide one where it has one and is not at risk (a registry
 * number can identify it), else the funder's prefix plus an internal reference.
 */
const recipientIdentifier = (funder: ExportFunder, organisation: ExportOrganisation) =>
  organisation.orgIdentifier && !organisation.atRisk ? organisation.orgIdentifier : `${funderPrefix(funder)}-ORG-${organisation.id}`;

const major = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);

/** Descriptions are written from structured data only: grantees' own words never leave Mosaic. */
function describe(grant: ExportGrant): string {
  const what = { direct: 'Direct grant', lead_agreement: 'Lead agreement of a cluster of small grants, passed on to its members as sub-grants', sub_grant: 'Sub-grant through a cluster lead partner' }[grant.kind];
  return `${what}, under "${grant.call.title}".`;
}

/** One grant in the 360Giving Data Standard (1.4.3), with at-risk organisations redacted. */
export function toThreeSixtyGivingGrant(funder: ExportFunder, grant: ExportGrant) {
  const organisation = grant.recipient;
  return {
    id: grantIdentifier(funder, grant.id),
    title: `${grant.call.title}`.slice(0, 140),
    description: describe(grant),
    currency: grant.currency,
    amountAwarded: major(grant.amountMinor, grant.currency),
    awardDate: grant.awardedAt.toISOString().slice(0, 10),
    ...(grant.startDate && grant.endDate ? { plannedDates: [{ startDate: grant.startDate, endDate: grant.endDate }] } : {}),
    recipientOrganization: [
      {
        id: recipientIdentifier(funder, organisation),
        name: organisation.atRisk ? WITHHELD_NAME : organisation.name,
        addressCountry: organisation.country,
        ...(organisation.city && !organisation.atRisk ? { addressLocality: organisation.city } : {}),
      },
    ],
    beneficiaryLocation: [{ name: organisation.country, countryCode: organisation.country }],
    fundingOrganization: [{ id: funderPrefix(funder), name: funder.name }],
    grantProgramme: [{ code: grant.call.id, title: grant.call.title }],
    fromOpenCall: 'Yes',
    ...(grant.leadAgreementId ? { relatedActivity: [grantIdentifier(funder, grant.leadAgreementId)] } : {}),
    dateModified: grant.modifiedAt.toISOString(),
  };
}

/** A 360Giving JSON package. */
export function toThreeSixtyGivingPackage(funder: ExportFunder, grants: ExportGrant[], issued: Date) {
  return {
    grants: grants.map((grant) => toThreeSixtyGivingGrant(funder, grant)),
    version: '1.4',
    title: `Grants by ${funder.name}`,
    issued: issued.toISOString().slice(0, 10),
    publisher: { name: funder.name, identifier: funderPrefix(funder) },
    license: 'https://creativecommons.org/licenses/by/4.0/',
  };
}

const CSV_COLUMNS: [string, (g: ReturnType<typeof toThreeSixtyGivingGrant>) => string | number | undefined][] = [
  ['Identifier', (g) => g.id],
  ['Title', (g) => g.title],
  ['Description', (g) => g.description],
  ['Currency', (g) => g.currency],
  ['Amount Awarded', (g) => g.amountAwarded],
  ['Award Date', (g) => g.awardDate],
  ['Planned Dates:Start Date', (g) => g.plannedDates?.[0].startDate],
  ['Planned Dates:End Date', (g) => g.plannedDates?.[0].endDate],
  ['Recipient Org:Identifier', (g) => g.recipientOrganization[0].id],
  ['Recipient Org:Name', (g) => g.recipientOrganization[0].name],
  ['Recipient Org:Country', (g) => g.recipientOrganization[0].addressCountry],
  ['Recipient Org:City', (g) => g.recipientOrganization[0].addressLocality],
  ['Beneficiary Location:Country Code', (g) => g.beneficiaryLocation[0].countryCode],
  ['Funding Org:Identifier', (g) => g.fundingOrganization[0].id],
  ['Funding Org:Name', (g) => g.fundingOrganization[0].name],
  ['Grant Programme:Code', (g) => g.grantProgramme[0].code],
  ['Grant Programme:Title', (g) => g.grantProgramme[0].title],
  ['From An Open Call?', (g) => g.fromOpenCall],
  ['Related Activity', (g) => g.relatedActivity?.join(';')],
  ['Last Modified', (g) => g.dateModified],
];

/** Quotes a field; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula. */
const cell = (value: string | number | undefined) => {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The 360Giving flat CSV, one grant per row, with the standard's column titles. */
export function toThreeSixtyGivingCsv(funder: ExportFunder, grants: ExportGrant[]): string {
  const rows = grants.map((grant) => toThreeSixtyGivingGrant(funder, grant));
  return [CSV_COLUMNS.map(([title]) => cell(title)).join(','), ...rows.map((row) => CSV_COLUMNS.map(([, value]) => cell(value(row))).join(','))].join('\r\n') + '\r\n';
}
