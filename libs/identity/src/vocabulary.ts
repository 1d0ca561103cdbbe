/** Roles a membership can carry (PRODUCT.md, "Who uses it"). */
export enum Role {
  Applicant = 'applicant',
  LeadPartner = 'lead_partner',
  Officer = 'officer',
  Reviewer = 'reviewer',
  Mentor = 'mentor',
  /** A donor's board member: reads the funder's portfolio, clusters and open data; changes nothing. */
  Board = 'board',
  Admin = 'admin',
}
export const ROLES = Object.values(Role);

export enum OrganisationKind {
  Funder = 'funder',
  Grassroots = 'grassroots',
}

/** Theme taxonomy from PRODUCT.md. */
export const THEMES = [
  'survivor-support',
  'psychosocial-support',
  'legal-aid-justice',
  'economic-empowerment',
  'gbv-prevention',
  'srhr',
  'peacebuilding-mediation',
  'advocacy-policy',
  'documentation-accountability',
  'child-protection',
  'lgbtiq-inclusion',
  'early-warning',
] as const;
export type Theme = (typeof THEMES)[number];

/** Languages Mosaic's pages and messages are offered in (ISO 639-1). */
export const UI_LANGUAGES = ['en', 'fr', 'es', 'ar', 'uk', 'sw'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
