import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { MembershipGrant } from './auth-context';
import {
  MembershipEntity,
  MentorAssignmentEntity,
  OneTimeTokenEntity,
  OneTimeTokenPurpose,
  SessionEntity,
  UserEntity,
} from './entities';
import { Role } from './vocabulary';

/** Users, memberships, sessions and one-time tokens: the only code here that speaks TypeORM. */
@Injectable()
export class IdentityRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findUserByEmailWithPassword(email: string) {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  findUserByEmail(email: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(UserEntity, { where: { email: email.toLowerCase() } });
  }

  findUserById(id: string) {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { id } });
  }

  async membershipsOf(userId: string): Promise<MembershipGrant[]> {
    const rows = await this.dataSource
      .getRepository(MembershipEntity)
      .find({ where: { userId }, select: { organisationId: true, role: true }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({ organisationId: row.organisationId, role: row.role }));
  }

  membershipsWithUsers(organisationId: string) {
    return this.dataSource.getRepository(MembershipEntity).find({
      where: { organisationId },
      relations: { user: true },
      order: { createdAt: 'ASC' },
    });
  }

  findMembership(id: string) {
    return this.dataSource.getRepository(MembershipEntity).findOne({ where: { id } });
  }

  /** Funders in which the user is a mentor. */
  async mentorFunderIds(userId: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(MembershipEntity)
      .find({ where: { userId, role: Role.Mentor }, select: { organisationId: true } });
    return rows.map((row) => row.organisationId).filter((id): id is string => !!id);
  }

  async mentoredOrganisationIds(mentorUserId: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(MentorAssignmentEntity)
      .find({ where: { mentorUserId }, select: { organisationId: true } });
    return rows.map((row) => row.organisationId);
  }

  findLiveSession(tokenHash: string, now: Date) {
    return this.dataSource.getRepository(SessionEntity).findOne({ where: { tokenHash, expiresAt: MoreThan(now) } });
  }

  async insertSession(session: Partial<SessionEntity>): Promise<SessionEntity> {
    return this.dataSource.getRepository(SessionEntity).save(session);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).delete({ tokenHash });
  }

  async deleteSessionsOf(userId: string, manager: EntityManager): Promise<void> {
    await manager.delete(SessionEntity, { userId });
  }

  /**
   * Marks a live one-time token used and returns it, in one statement: two concurrent uses of the same
   * link cannot both succeed.
   */
  async consumeToken(
    manager: EntityManager,
    tokenHash: string,
    purpose: OneTimeTokenPurpose,
    now: Date,
  ): Promise<OneTimeTokenEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(OneTimeTokenEntity)
      .set({ usedAt: now })
      .where({ tokenHash, purpose, usedAt: IsNull(), expiresAt: MoreThan(now) })
      .returning(['id'])
      .execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    return id ? manager.findOneBy(OneTimeTokenEntity, { id }) : null;
  }

  findLiveToken(tokenHash: string, purpose: OneTimeTokenPurpose, now: Date) {
    return this.dataSource
      .getRepository(OneTimeTokenEntity)
      .findOne({ where: { tokenHash, purpose, usedAt: IsNull(), expiresAt: MoreThan(now) } });
  }
}
