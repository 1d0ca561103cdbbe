import { OrganisationKind, Role, Theme } from '@mosaic/identity';

/** Fictional organisations; any likeness to real groups is accidental. */
export interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  isLeadPartner?: boolean;
  registered: boolean;
  orgIdentifier?: string;
  country: string;
  city: string;
  latitude: number;
  longitude: number;
  languages: string[];
  timeZone: string;
  themes: Theme[];
}

export interface DemoUser {
  email: string;
  name: string;
  language: string;
  roles: { organisation: string | null; role: Role }[];
}

export const DEMO_EMAIL_DOMAIN = 'demo.mosaic.test';
const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_FUNDER: DemoOrganisation = {
  key: 'funder',
  name: 'Amani Women’s Fund',
  kind: OrganisationKind.Funder,
  registered: true,
  orgIdentifier: 'NL-KVK-80000001',
  country: 'NL',
  city: 'The Hague',
  latitude: 52.0705,
  longitude: 4.3007,
  languages: ['en', 'fr'],
  timeZone: 'Europe/Amsterdam',
  themes: [],
};

export const DEMO_LEAD_PARTNERS: DemoOrganisation[] = [
  { key: 'lead1', name: 'Synergie des Femmes du Kivu', kind: OrganisationKind.Grassroots, isLeadPartner: true, registered: true, orgIdentifier: 'CD-RCCM-GOM-2009-A-101', country: 'CD', city: 'Goma', latitude: -1.6792, longitude: 29.2228, languages: ['fr', 'sw'], timeZone: 'Africa/Lubumbashi', themes: ['survivor-support', 'psychosocial-support', 'legal-aid-justice'] },
  { key: 'lead2', name: 'Sauti ya Wanawake Network', kind: OrganisationKind.Grassroots, isLeadPartner: true, registered: true, orgIdentifier: 'KE-RCO-NGO-2011-2201', country: 'KE', city: 'Nairobi', latitude: -1.2921, longitude: 36.8219, languages: ['sw', 'en'], timeZone: 'Africa/Nairobi', themes: ['survivor-support', 'gbv-prevention', 'advocacy-policy', 'economic-empowerment'] },
  { key: 'lead3', name: 'Red Mujeres Tejiendo Paz', kind: OrganisationKind.Grassroots, isLeadPartner: true, registered: true, orgIdentifier: 'CO-RUT-900100200', country: 'CO', city: 'Bogotá', latitude: 4.711, longitude: -74.0721, languages: ['es'], timeZone: 'America/Bogota', themes: ['peacebuilding-mediation', 'documentation-accountability', 'legal-aid-justice'] },
];

export const DEMO_GRASSROOTS: DemoOrganisation[] = [
  { key: 'g1', name: 'Mama Tumaini Bukavu', kind: OrganisationKind.Grassroots, registered: true, country: 'CD', city: 'Bukavu', latitude: -2.5083, longitude: 28.8608, languages: ['fr', 'sw'], timeZone: 'Africa/Lubumbashi', themes: ['survivor-support', 'psychosocial-support'] },
  { key: 'g2', name: 'Femmes Debout Uvira', kind: OrganisationKind.Grassroots, registered: false, country: 'CD', city: 'Uvira', latitude: -3.3956, longitude: 29.1378, languages: ['fr', 'sw'], timeZone: 'Africa/Lubumbashi', themes: ['economic-empowerment', 'survivor-support'] },
  { key: 'g3', name: 'Groupe Espoir Beni', kind: OrganisationKind.Grassroots, registered: false, country: 'CD', city: 'Beni', latitude: 0.4911, longitude: 29.4731, languages: ['fr', 'sw'], timeZone: 'Africa/Lubumbashi', themes: ['early-warning', 'gbv-prevention'] },
  { key: 'g4', name: 'Kisumu Survivors Circle', kind: OrganisationKind.Grassroots, registered: true, country: 'KE', city: 'Kisumu', latitude: -0.0917, longitude: 34.768, languages: ['sw', 'en'], timeZone: 'Africa/Nairobi', themes: ['survivor-support', 'legal-aid-justice'] },
  { key: 'g5', name: 'Tuinuane Women Eldoret', kind: OrganisationKind.Grassroots, registered: false, country: 'KE', city: 'Eldoret', latitude: 0.5143, longitude: 35.2698, languages: ['sw', 'en'], timeZone: 'Africa/Nairobi', themes: ['economic-empowerment', 'psychosocial-support'] },
  { key: 'g6', name: 'Lamu Sisters Collective', kind: OrganisationKind.Grassroots, registered: false, country: 'KE', city: 'Lamu', latitude: -2.2717, longitude: 40.902, languages: ['sw', 'en'], timeZone: 'Africa/Nairobi', themes: ['gbv-prevention', 'child-protection'] },
  { key: 'g7', name: 'Colectiva Mariposas Tumaco', kind: OrganisationKind.Grassroots, registered: true, country: 'CO', city: 'Tumaco', latitude: 1.7986, longitude: -78.8156, languages: ['es'], timeZone: 'America/Bogota', themes: ['survivor-support', 'documentation-accountability'] },
  { key: 'g8', name: 'Mujeres del Catatumbo', kind: OrganisationKind.Grassroots, registered: false, country: 'CO', city: 'Cúcuta', latitude: 7.8939, longitude: -72.5078, languages: ['es'], timeZone: 'America/Bogota', themes: ['peacebuilding-mediation', 'lgbtiq-inclusion'] },
  { key: 'g9', name: 'Nisaa Sinjar Initiative', kind: OrganisationKind.Grassroots, registered: false, country: 'IQ', city: 'Sinjar', latitude: 36.3209, longitude: 41.8766, languages: ['ar'], timeZone: 'Asia/Baghdad', themes: ['survivor-support', 'documentation-accountability'] },
  { key: 'g10', name: 'Mosul Women’s Healing Circle', kind: OrganisationKind.Grassroots, registered: true, country: 'IQ', city: 'Mosul', latitude: 36.34, longitude: 43.13, languages: ['ar'], timeZone: 'Asia/Baghdad', themes: ['psychosocial-support', 'srhr'] },
  { key: 'g11', name: 'Kharkiv Women’s Support Hub', kind: OrganisationKind.Grassroots, registered: true, country: 'UA', city: 'Kharkiv', latitude: 49.9935, longitude: 36.2304, languages: ['uk'], timeZone: 'Europe/Kyiv', themes: ['survivor-support', 'legal-aid-justice'] },
  { key: 'g12', name: 'Mykolaiv Survivors Network', kind: OrganisationKind.Grassroots, registered: false, country: 'UA', city: 'Mykolaiv', latitude: 46.975, longitude: 31.9946, languages: ['uk'], timeZone: 'Europe/Kyiv', themes: ['psychosocial-support', 'documentation-accountability'] },
];

export const DEMO_USERS: DemoUser[] = [
  { email: email('admin'), name: 'Ada Admin', language: 'en', roles: [{ organisation: null, role: Role.Admin }] },
  { email: email('officer'), name: 'Olivia Officer', language: 'en', roles: [{ organisation: 'funder', role: Role.Officer }] },
  { email: email('reviewer'), name: 'Rania Reviewer', language: 'en', roles: [{ organisation: 'funder', role: Role.Reviewer }] },
  { email: email('mentor'), name: 'Miriam Mentor', language: 'en', roles: [{ organisation: 'funder', role: Role.Mentor }] },
  { email: email('board'), name: 'Beatrice Board', language: 'en', roles: [{ organisation: 'funder', role: Role.Board }] },
  ...DEMO_LEAD_PARTNERS.map((org, index) => ({
    email: email(`lead${index + 1}`),
    name: `Lead ${index + 1} (${org.name})`,
    language: org.languages[0],
    roles: [{ organisation: org.key, role: Role.LeadPartner }],
  })),
  ...DEMO_GRASSROOTS.map((org, index) => ({
    email: email(`applicant${index + 1}`),
    name: `Applicant ${index + 1} (${org.name})`,
    language: org.languages[0],
    roles: [{ organisation: org.key, role: Role.Applicant }],
  })),
];

/** The mentor starts with these organisations assigned. */
export const DEMO_MENTOR_ASSIGNMENTS = ['g1', 'g4', 'g5', 'g9'];

export const DEMO_CALL = {
  title: {
    en: 'Small grants for survivor-led groups 2027',
    fr: 'Petites subventions pour les groupes menés par des survivantes 2027',
    es: 'Pequeñas subvenciones para grupos liderados por sobrevivientes 2027',
    ar: 'منح صغيرة للمجموعات التي تقودها الناجيات 2027',
    uk: 'Малі гранти для груп, очолюваних постраждалими, 2027',
    sw: 'Ruzuku ndogo kwa vikundi vinavyoongozwa na manusura 2027',
  },
  description: {
    en: 'Up to 5,000 USD for groups that support survivors of conflict-related sexual violence. Unregistered groups are welcome: they are funded through a lead partner.',
    fr: 'Jusqu’à 5 000 USD pour les groupes qui soutiennent les survivantes de violences sexuelles liées aux conflits. Les groupes non enregistrés sont les bienvenus : ils sont financés par un partenaire chef de file.',
    es: 'Hasta 5.000 USD para grupos que apoyan a sobrevivientes de violencia sexual relacionada con los conflictos. Los grupos no registrados son bienvenidos: se financian a través de una organización aliada principal.',
    ar: 'حتى 5000 دولار أمريكي للمجموعات التي تدعم الناجيات من العنف الجنسي المرتبط بالنزاعات. المجموعات غير المسجلة مرحب بها: تُموَّل عبر جهة شريكة رئيسية.',
    uk: 'До 5 000 доларів США для груп, які підтримують постраждалих від сексуального насильства, пов’язаного з конфліктом. Незареєстровані групи можуть подаватися: їх фінансують через провідну організацію-партнера.',
    sw: 'Hadi USD 5,000 kwa vikundi vinavyosaidia manusura wa ukatili wa kingono unaohusiana na migogoro. Vikundi visivyosajiliwa vinakaribishwa: vinafadhiliwa kupitia mshirika mkuu.',
  },
  budgetMinor: 250_000_00,
  currency: 'USD',
  timeZone: 'Africa/Nairobi',
  eligibleCountries: ['CD', 'KE', 'CO', 'IQ', 'UA'],
  eligibleThemes: [],
  usdRates: { EUR: 1.08, KES: 0.0077, COP: 0.00025, IQD: 0.00076, UAH: 0.024, CDF: 0.00035 },
  allowUnregistered: true,
};

/** applicant4 (Kisumu) has already sent an application, in Swahili. */
export const DEMO_SUBMITTED_APPLICATION = {
  organisation: 'g4',
  applicantEmail: 'applicant4@demo.mosaic.test',
  language: 'sw',
  tier: 'T0',
  requestedAmountMinor: 4_000_00,
  budgetLines: [
    { category: 'survivor_support' as const, amountMinor: 2_500_00 },
    { category: 'mobile_data_communication' as const, amountMinor: 500_00 },
    { category: 'travel' as const, amountMinor: 1_000_00 },
  ],
  answers: {
    who_you_are: { value: 'Sisi ni wanawake kumi na wawili huko Kisumu tunaosaidia manusura.', language: 'sw' },
    how_much_for_what: { value: 'Usafiri wa kwenda mahakamani, muda wa maongezi na msaada kwa manusura.', language: 'sw' },
    what_you_will_do: { value: 'We accompany survivors to court and to the clinic, and run a weekly support circle.', language: 'en' },
    for_whom: { value: 'Takriban wanawake arobaini manusura katika kaunti ya Kisumu.', language: 'sw' },
    survivors_shaped: { value: 'Manusura walichagua siku na mahali pa mikutano.', language: 'sw' },
    reach_safely: { value: 'Signal, asubuhi tu.', language: 'sw' },
  },
};

/** Plain answers to the six T0 questions, in each group's first language (the demo only). */
const DEMO_ANSWERS: Record<string, Record<string, string>> = {
  fr: {
    who_you_are: 'Un groupe de femmes bénévoles qui accompagne des survivantes depuis plusieurs années.',
    how_much_for_what: 'Transport vers la clinique, crédit téléphonique et repas des groupes de parole.',
    what_you_will_do: 'Accompagner les survivantes aux soins et animer un groupe de parole chaque semaine.',
    for_whom: 'Une trentaine de survivantes de notre quartier et des villages voisins.',
    survivors_shaped: 'Les survivantes ont choisi les jours et le lieu des rencontres.',
    reach_safely: 'Par téléphone, le matin seulement.',
  },
  sw: {
    who_you_are: 'Kikundi cha wanawake wa kujitolea kinachosaidia manusura kwa miaka kadhaa.',
    how_much_for_what: 'Usafiri wa kwenda kliniki, muda wa maongezi na chakula kwa vikao vya msaada.',
    what_you_will_do: 'Kuwasindikiza manusura kupata huduma na kuendesha kikao cha msaada kila wiki.',
    for_whom: 'Takriban manusura thelathini katika eneo letu.',
    survivors_shaped: 'Manusura walichagua siku na mahali pa mikutano.',
    reach_safely: 'Kwa simu, asubuhi tu.',
  },
  es: {
    who_you_are: 'Un grupo de mujeres voluntarias que acompaña a sobrevivientes desde hace años.',
    how_much_for_what: 'Transporte a la clínica, saldo telefónico y refrigerios para los círculos de apoyo.',
    what_you_will_do: 'Acompañar a sobrevivientes a sus citas y organizar un círculo de apoyo cada semana.',
    for_whom: 'Unas treinta sobrevivientes del municipio y veredas cercanas.',
    survivors_shaped: 'Las sobrevivientes eligieron los días y el lugar de los encuentros.',
    reach_safely: 'Por Signal, solo por la mañana.',
  },
  ar: {
    who_you_are: 'مجموعة من النساء المتطوعات ترافق الناجيات منذ عدة سنوات.',
    how_much_for_what: 'المواصلات إلى العيادة، ورصيد الهاتف، ووجبات لجلسات الدعم.',
    what_you_will_do: 'مرافقة الناجيات إلى الخدمات وتنظيم جلسة دعم كل أسبوع.',
    for_whom: 'نحو ثلاثين ناجية في منطقتنا.',
    survivors_shaped: 'اختارت الناجيات أيام الجلسات ومكانها.',
    reach_safely: 'عبر الهاتف، في الصباح فقط.',
  },
};

/**
 * Approved applications waiting for a cluster, so the officer can run clustering on the demo: the
 * Congolese, Kenyan and Colombian groups find lead partners; the Iraqi group has none that serves
 * Iraq, which the proposal explains.
 */
export const DEMO_APPROVED_APPLICATIONS = [
  { organisation: 'g1', language: 'fr', requestedAmountMinor: 3_500_00 },
  { organisation: 'g2', language: 'fr', requestedAmountMinor: 2_800_00 },
  { organisation: 'g3', language: 'fr', requestedAmountMinor: 4_200_00 },
  { organisation: 'g5', language: 'sw', requestedAmountMinor: 3_000_00 },
  { organisation: 'g6', language: 'sw', requestedAmountMinor: 2_500_00 },
  { organisation: 'g7', language: 'es', requestedAmountMinor: 4_500_00 },
  { organisation: 'g8', language: 'es', requestedAmountMinor: 3_900_00 },
  { organisation: 'g9', language: 'ar', requestedAmountMinor: 3_200_00 },
].map((application) => ({
  ...application,
  applicantEmail: email(`applicant${Number(application.organisation.slice(1))}`),
  tier: 'T0',
  budgetLines: [
    { category: 'survivor_support' as const, amountMinor: application.requestedAmountMinor - 1_000_00 },
    { category: 'mobile_data_communication' as const, amountMinor: 1_000_00 },
  ],
  answers: Object.fromEntries(Object.entries(DEMO_ANSWERS[application.language]).map(([key, value]) => [key, { value, language: application.language }])),
}));

/** Small demo grants: a cluster opens from USD 5,000 (the default, USD 15,000, suits larger calls). */
export const DEMO_CLUSTERING_POLICY = {
  minClusterTotal: 5_000_00,
  maxMembersPerCluster: 30,
  requireSharedLanguage: true,
  requireCountryServed: true,
  weights: { distance: 1, language: 1, theme: 1, fee: 1 },
  unassignedPenalty: 1000,
};
