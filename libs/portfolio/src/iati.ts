import { minorDigits } from '@mosaic/applications';
import { ExportFunder, ExportOrganisation, funderPrefix, WITHHELD_NAME } from './threesixty-giving';

/**
 * IATI 2.03 activity XML: one activity per cluster, published by the funder. The lead partner's
 * agreement is the activity; the members are its implementing organisations; the funder's own money
 * flows (the agreement's commitment and its released instalments) are its transactions.
 *
 * Codes used (IATI 2.03 codelists):
 * - OrganisationType: 60 Foundation (the funder), 24 Partner country based NGO (grassroots groups).
 * - OrganisationRole: 1 Funding (the funder); 2 Accountable (the lead: it signs the agreement and
 *   answers to the funder for the activity and its members' reports; it passes the money on rather
 *   than carrying out the work); 4 Implementing (each member, which carries out the work).
 * - OtherIdentifierType A1 (reporting organisation's internal ID): the cluster's id.
 * - ActivityStatus: 1 Pipeline (awarded, not started), 2 Implementation, 6 Suspended, 4 Closed.
 * - ActivityDateType: 1 Planned start, 3 Planned end.
 * - SectorVocabulary 1 (OECD DAC 5 digit): 15180 Ending violence against women and girls, 100%.
 * - TransactionType: 2 Outgoing commitment, 3 Disbursement. FinanceType 110 Standard grant;
 *   AidType (vocabulary 1) C01 Project-type interventions.
 */

export const IATI_VERSION = '2.03';
export const FUNDER_ORGANISATION_TYPE = '60';
export const GRASSROOTS_ORGANISATION_TYPE = '24';
export const IATI_SECTOR = { vocabulary: '1', code: '15180', name: 'Ending violence against women and girls' };

export type IatiGrantStatus = 'pending' | 'active' | 'suspended' | 'closed';

/** A released instalment of the lead agreement: money that left the funder. */
export interface IatiRelease {
  number: number;
  amountMinor: number;
  currency: string;
  releasedAt: Date;
}

/** Everything the activity is written from: structured data only, never anyone's own words. */
export interface IatiCluster {
  id: string;
  /** The call's title in each language it was written in (the funder's words), English first. */
  call: { id: string; title: Record<string, string> };
  lead: ExportOrganisation;
  agreement: {
    id: string;
    amountMinor: number;
    currency: string;
    status: IatiGrantStatus;
    awardedAt: Date;
    startDate: string | null;
    endDate: string | null;
    releases: IatiRelease[];
  };
  /** The members' sub-grants (passed on by the lead: not the funder's own transactions). */
  members: { organisation: ExportOrganisation; amountMinor: number; currency: string }[];
}

// ---- A tiny XML writer: elements, attributes and escaped text, nothing else. ----

interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: XmlElement[];
  text?: string;
}
type Attributes = Record<string, string | number | undefined | null>;
type Child = XmlElement | null | undefined | false;

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function el(name: string, attributes: Attributes = {}, content: Child[] | string = []): XmlElement {
  const pairs = Object.entries(attributes).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null);
  const attrs = pairs.map(([key, value]) => [key, String(value)] as [string, string]);
  return typeof content === 'string'
    ? { name, attributes: attrs, children: [], text: content }
    : { name, attributes: attrs, children: content.filter((child): child is XmlElement => !!child) };
}

function serialise(element: XmlElement, depth = 0): string {
  const indent = '  '.repeat(depth);
  const open = `${element.name}${element.attributes.map(([key, value]) => ` ${key}="${escapeXmlAttribute(value)}"`).join('')}`;
  if (element.text !== undefined) return `${indent}<${open}>${escapeXmlText(element.text)}</${element.name}>\n`;
  if (!element.children.length) return `${indent}<${open}/>\n`;
  return `${indent}<${open}>\n${element.children.map((child) => serialise(child, depth + 1)).join('')}${indent}</${element.name}>\n`;
}

// ---- Values. ----

/** An amount in major units as an xsd:decimal, written from the integer so no float rounding creeps in. */
export function majorDecimal(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const units = String(Math.abs(Math.round(amountMinor))).padStart(digits + 1, '0');
  return digits ? `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}` : `${sign}${units}`;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const isoDateTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Shares of 100 with two decimals that add up to exactly 100 (largest remainders), for weights that
 * need not be whole. Empty when there is nothing to share.
 */
export function percentages(weights: number[]): string[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!weights.length || total <= 0) return [];
  const exact = weights.map((w) => (w / total) * 10_000);
  const floors = exact.map(Math.floor);
  let left = 10_000 - floors.reduce((sum, f) => sum + f, 0);
  const order = exact.map((e, i) => [e - floors[i], i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors.map((hundredths) => (hundredths % 100 ? (hundredths / 100).toFixed(2) : String(hundredths / 100)));
}

// ---- The activity. ----

/** An organisation's reference: its org-id.guide identifier unless at risk (a registry number can identify it). */
export const iatiOrganisationRef = (funder: ExportFunder, organisation: ExportOrganisation) =>
  organisation.orgIdentifier && !organisation.atRisk ? organisation.orgIdentifier : `${funderPrefix(funder)}-ORG-${organisation.id}`;
const organisationName = (organisation: ExportOrganisation) => (organisation.atRisk ? WITHHELD_NAME : organisation.name);

export const iatiActivityIdentifier = (funder: ExportFunder, agreementId: string) => `${funderPrefix(funder)}-${agreementId}`;

/** The organisations an activity withholds for their safety (each counted once). */
export const iatiWithheld = (cluster: IatiCluster) =>
  new Set([cluster.lead, ...cluster.members.map((m) => m.organisation)].filter((o) => o.atRisk).map((o) => o.id)).size;

const ACTIVITY_STATUS: Record<IatiGrantStatus, string> = { pending: '1', active: '2', suspended: '6', closed: '4' };

const narrative = (text: string, language?: string) => el('narrative', language ? { 'xml:lang': language } : {}, text);

/** The call's title in every language it has, English (the activity's default language) first. */
function titleNarratives(title: Record<string, string>): XmlElement[] {
  const languages = Object.keys(title).filter((language) => title[language]?.trim());
  const ordered = [...languages.filter((l) => l === 'en'), ...languages.filter((l) => l !== 'en').sort()];
  if (!ordered.length) return [narrative('Small grants')];
  return ordered.map((language) => narrative(title[language].trim(), language === 'en' ? undefined : language));
}

/** Written from structured data only: grantees' own words never leave Mosaic. */
function description(cluster: IatiCluster): string {
  const n = cluster.members.length;
  const grants = `${n} small grant${n === 1 ? '' : 's'}`;
  const lead = cluster.lead.atRisk ? 'a lead partner whose name is withheld for its safety' : cluster.lead.name;
  const callTitle = cluster.call.title.en ?? Object.values(cluster.call.title)[0] ?? '';
  return (
    `Cluster of ${grants} led by ${lead}, under "${callTitle}". ` +
    'The lead partner holds the agreement with the funder and passes the funds on to its members as sub-grants.'
  );
}

/** The activity's recipient countries, weighted by the money passed to members in each (the lead's when there are none). */
function recipientCountries(cluster: IatiCluster): XmlElement[] {
  const byCountry = new Map<string, number>();
  for (const member of cluster.members) byCountry.set(member.organisation.country, (byCountry.get(member.organisation.country) ?? 0) + member.amountMinor);
  if (![...byCountry.values()].some((amount) => amount > 0)) return [el('recipient-country', { code: cluster.lead.country, percentage: '100' })];
  const countries = [...byCountry.keys()].sort();
  const shares = percentages(countries.map((country) => byCountry.get(country)!));
  return countries.map((country, i) => el('recipient-country', { code: country, percentage: shares[i] })).filter((_, i) => shares[i] !== '0');
}

/**
 * An IATI 2.03 `iati-activities` document with one activity for the cluster, at-risk organisations
 * withheld: their name becomes a fixed text, their reference an internal one, and nothing below their
 * country is ever written (no city, no coordinates, no contact).
 */
export function toIatiActivityXml(funder: ExportFunder, cluster: IatiCluster, generated: Date): string {
  const { agreement, lead } = cluster;
  const reference = funderPrefix(funder);
  const org = (organisation: ExportOrganisation, role: string) =>
    el('participating-org', { ref: iatiOrganisationRef(funder, organisation), type: GRASSROOTS_ORGANISATION_TYPE, role }, [narrative(organisationName(organisation))]);
  const receiver = el('receiver-org', { ref: iatiOrganisationRef(funder, lead), type: GRASSROOTS_ORGANISATION_TYPE }, [narrative(organisationName(lead))]);
  const value = (amountMinor: number, currency: string, date: Date) => el('value', { currency, 'value-date': isoDate(date) }, majorDecimal(amountMinor, currency));

  // Planned dates when the agreement has them; before it is planned, its award stands as the planned start.
  const dates = agreement.startDate
    ? [el('activity-date', { type: '1', 'iso-date': agreement.startDate }), agreement.endDate ? el('activity-date', { type: '3', 'iso-date': agreement.endDate }) : null]
    : [el('activity-date', { type: '1', 'iso-date': isoDate(agreement.awardedAt) })];

  const releases = [...agreement.releases].sort((a, b) => a.releasedAt.getTime() - b.releasedAt.getTime() || a.number - b.number);
  const transactions = [
    el('transaction', {}, [
      el('transaction-type', { code: '2' }),
      el('transaction-date', { 'iso-date': isoDate(agreement.awardedAt) }),
      value(agreement.amountMinor, agreement.currency, agreement.awardedAt),
      el('description', {}, [narrative('Lead agreement awarded')]),
      receiver,
    ]),
    ...releases.map((release) =>
      el('transaction', {}, [
        el('transaction-type', { code: '3' }),
        el('transaction-date', { 'iso-date': isoDate(release.releasedAt) }),
        value(release.amountMinor, release.currency, release.releasedAt),
        el('description', {}, [narrative(`Instalment ${release.number} of the lead agreement released`)]),
        receiver,
      ]),
    ),
  ];
  const updated = new Date(Math.max(agreement.awardedAt.getTime(), ...releases.map((r) => r.releasedAt.getTime())));

  // Element order is the XSD's sequence for iati-activity; do not reorder.
  const activity = el('iati-activity', { 'last-updated-datetime': isoDateTime(updated), 'xml:lang': 'en', 'default-currency': agreement.currency }, [
    el('iati-identifier', {}, iatiActivityIdentifier(funder, agreement.id)),
    el('reporting-org', { ref: reference, type: FUNDER_ORGANISATION_TYPE }, [narrative(funder.name)]),
    el('title', {}, titleNarratives(cluster.call.title)),
    el('description', { type: '1' }, [narrative(description(cluster))]),
    el('participating-org', { ref: reference, type: FUNDER_ORGANISATION_TYPE, role: '1' }, [narrative(funder.name)]),
    org(lead, '2'),
    ...cluster.members.map((member) => org(member.organisation, '4')),
    // The cluster's own reference at the funder (OtherIdentifierType A1: reporting organisation's internal ID).
    el('other-identifier', { ref: cluster.id, type: 'A1' }),
    el('activity-status', { code: ACTIVITY_STATUS[agreement.status] }),
    ...dates,
    ...recipientCountries(cluster),
    el('sector', { vocabulary: IATI_SECTOR.vocabulary, code: IATI_SECTOR.code, percentage: '100' }, [narrative(IATI_SECTOR.name)]),
    el('default-finance-type', { code: '110' }),
    el('default-aid-type', { code: 'C01', vocabulary: '1' }),
    ...transactions,
  ]);
  const document = el('iati-activities', { version: IATI_VERSION, 'generated-datetime': isoDateTime(generated) }, [activity]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(document)}`;
}
