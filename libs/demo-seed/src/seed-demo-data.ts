import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '@mosaic/audit';
import { MembershipEntity, MentorAssignmentEntity, OrganisationEntity, UserEntity } from '@mosaic/identity';
import { DEMO_FUNDER, DEMO_GRASSROOTS, DEMO_LEAD_PARTNERS, DEMO_MENTOR_ASSIGNMENTS, DEMO_USERS } from './demo-data';

/** Seeds the demo once (returns false when it is already there). Never called in production. */
export async function seedDemoData(dataSource: DataSource, password: string): Promise<boolean> {
  const already = await dataSource.getRepository(UserEntity).exists({ where: { email: DEMO_USERS[0].email } });
  if (already) return false;
  // Every demo account shares one password, so one hash serves them all.
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });

  await dataSource.transaction(async (manager) => {
    const audit = (action: string, entityType: string, entityId: string, changes: object) =>
      manager.insert(AuditEventEntity, { action, entityType, entityId, changes: { seeded: { to: changes } } });

    const organisationIds = new Map<string, string>();
    for (const { key, ...profile } of [DEMO_FUNDER, ...DEMO_LEAD_PARTNERS, ...DEMO_GRASSROOTS]) {
      const saved = await manager.save(manager.create(OrganisationEntity, { ...profile, isLeadPartner: !!profile.isLeadPartner }));
      organisationIds.set(key, saved.id);
      await audit('organisation.created', 'organisation', saved.id, { name: saved.name });
    }

    let mentorId = '';
    for (const demo of DEMO_USERS) {
      const user = await manager.save(
        manager.create(UserEntity, { email: demo.email, name: demo.name, preferredLanguage: demo.language, passwordHash }),
      );
      for (const grant of demo.roles) {
        const organisationId = grant.organisation ? (organisationIds.get(grant.organisation) ?? null) : null;
        const membership = await manager.save(manager.create(MembershipEntity, { userId: user.id, organisationId, role: grant.role }));
        await audit('membership.created', 'membership', membership.id, { userId: user.id, organisationId, role: grant.role });
        if (grant.role === 'mentor') mentorId = user.id;
      }
    }

    for (const key of DEMO_MENTOR_ASSIGNMENTS) {
      await manager.insert(MentorAssignmentEntity, { mentorUserId: mentorId, organisationId: organisationIds.get(key) as string });
    }
  });
  return true;
}
