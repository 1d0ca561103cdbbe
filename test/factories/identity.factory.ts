import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import {
  MembershipEntity,
  MentorAssignmentEntity,
  OrganisationEntity,
  OrganisationKind,
  Role,
  UserEntity,
} from '@mosaic/identity';
import { TestContext } from '../support/test-app';

export const FACTORY_PASSWORD = 'factory-password-1';
let sharedHash: Promise<string> | undefined;
const passwordHash = () => (sharedHash ??= argon2.hash(FACTORY_PASSWORD, { type: argon2.argon2id }));
const unique = () => randomBytes(4).toString('hex');

export const OrganisationFactory = {
  build(overrides: Partial<OrganisationEntity> = {}): Partial<OrganisationEntity> {
    return {
      name: `Organisation ${unique()}`,
      kind: OrganisationKind.Grassroots,
      isLeadPartner: false,
      registered: false,
      country: 'KE',
      city: 'Kisumu',
      latitude: -0.09,
      longitude: 34.77,
      languages: ['sw', 'en'],
      timeZone: 'Africa/Nairobi',
      themes: ['survivor-support'],
      ...overrides,
    };
  },
  create(dataSource: DataSource, overrides: Partial<OrganisationEntity> = {}): Promise<OrganisationEntity> {
    const repository = dataSource.getRepository(OrganisationEntity);
    return repository.save(repository.create(OrganisationFactory.build(overrides)));
  },
};

export interface RoleGrant {
  organisation: OrganisationEntity | null;
  role: Role;
}

export const UserFactory = {
  async create(
    dataSource: DataSource,
    roles: RoleGrant[],
    overrides: Partial<UserEntity> = {},
  ): Promise<UserEntity> {
    const user = await dataSource.getRepository(UserEntity).save(
      dataSource.getRepository(UserEntity).create({
        email: `user-${unique()}@example.test`,
        name: `User ${unique()}`,
        preferredLanguage: 'en',
        passwordHash: await passwordHash(),
        ...overrides,
      }),
    );
    for (const grant of roles) {
      await dataSource
        .getRepository(MembershipEntity)
        .insert({ userId: user.id, organisationId: grant.organisation?.id ?? null, role: grant.role });
    }
    return user;
  },
};

export async function assignMentor(dataSource: DataSource, mentor: UserEntity, organisation: OrganisationEntity) {
  await dataSource.getRepository(MentorAssignmentEntity).insert({ mentorUserId: mentor.id, organisationId: organisation.id });
}

export async function loginAs(context: TestContext, email: string, password = FACTORY_PASSWORD): Promise<string> {
  const response = await context.http().post('/api/auth/login').send({ email, password }).expect(200);
  return response.body.accessToken as string;
}

/** A small world with every role, two funders and organisations in and out of each caller's scope. */
export async function createWorld(context: TestContext) {
  const ds = context.dataSource;
  const funder = await OrganisationFactory.create(ds, { name: 'Funder A', kind: OrganisationKind.Funder, country: 'NL', timeZone: 'Europe/Amsterdam', languages: ['en'] });
  const otherFunder = await OrganisationFactory.create(ds, { name: 'Funder B', kind: OrganisationKind.Funder, country: 'GB', timeZone: 'Europe/London', languages: ['en'] });
  const grassroots = await OrganisationFactory.create(ds, { name: 'Grassroots One' });
  const otherGrassroots = await OrganisationFactory.create(ds, { name: 'Grassroots Two', country: 'CD', timeZone: 'Africa/Lubumbashi', languages: ['fr'] });
  const lead = await OrganisationFactory.create(ds, { name: 'Lead Partner', isLeadPartner: true, registered: true });

  const users = {
    applicant: await UserFactory.create(ds, [{ organisation: grassroots, role: Role.Applicant }]),
    otherApplicant: await UserFactory.create(ds, [{ organisation: otherGrassroots, role: Role.Applicant }]),
    lead_partner: await UserFactory.create(ds, [{ organisation: lead, role: Role.LeadPartner }]),
    officer: await UserFactory.create(ds, [{ organisation: funder, role: Role.Officer }]),
    otherOfficer: await UserFactory.create(ds, [{ organisation: otherFunder, role: Role.Officer }]),
    reviewer: await UserFactory.create(ds, [{ organisation: funder, role: Role.Reviewer }]),
    mentor: await UserFactory.create(ds, [{ organisation: funder, role: Role.Mentor }]),
    board: await UserFactory.create(ds, [{ organisation: funder, role: Role.Board }]),
    admin: await UserFactory.create(ds, [{ organisation: null, role: Role.Admin }]),
  };
  await assignMentor(ds, users.mentor, grassroots);

  const tokens = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([key, user]) => [key, await loginAs(context, user.email)] as const)),
  ) as Record<keyof typeof users, string>;

  return { organisations: { funder, otherFunder, grassroots, otherGrassroots, lead }, users, tokens };
}
export type World = Awaited<ReturnType<typeof createWorld>>;
