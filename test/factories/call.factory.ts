import { TestContext } from '../support/test-app';

const DAY = 86_400_000;

export const CallFactory = {
  build(overrides: Record<string, unknown> = {}) {
    return {
      title: { en: 'Small grants for survivor-led groups', fr: 'Petites subventions pour les groupes de survivantes' },
      description: { en: 'For groups led by survivors.', fr: 'Pour les groupes menés par des survivantes.' },
      budgetMinor: 100_000_00,
      currency: 'USD',
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      timeZone: 'Africa/Lubumbashi',
      eligibleCountries: ['CD', 'KE'],
      ...overrides,
    };
  },

  /** A published call created through the API by an officer. */
  async publish(context: TestContext, officerToken: string, overrides: Record<string, unknown> = {}) {
    const created = await context.http().post('/api/calls').set('Authorization', `Bearer ${officerToken}`).send(CallFactory.build(overrides)).expect(201);
    const published = await context.http().post(`/api/calls/${created.body.id}/publish`).set('Authorization', `Bearer ${officerToken}`).expect(200);
    return published.body as { id: string; version: number; status: string };
  },
};

/** Complete T0 answers in French. */
export const T0_ANSWERS = {
  who_you_are: { value: 'Un groupe de huit bénévoles à Uvira.', language: 'fr' },
  how_much_for_what: { value: 'Du crédit téléphonique et des repas pour les groupes de parole.', language: 'fr' },
  what_you_will_do: { value: 'Des groupes de parole chaque semaine.', language: 'fr' },
  for_whom: { value: 'Environ quarante femmes survivantes.', language: 'fr' },
  survivors_shaped: { value: 'Elles ont choisi les horaires et le lieu.', language: 'fr' },
  reach_safely: { value: 'Par WhatsApp, le matin seulement.', language: 'fr' },
};

export const T0_BUDGET = [
  { category: 'mobile_data_communication', amountMinor: 1_000_00 },
  { category: 'survivor_support', amountMinor: 2_000_00 },
];
