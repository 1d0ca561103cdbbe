import { Injectable } from '@nestjs/common';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException, forbidden, notFound, Page } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { Translator } from '@mosaic/i18n';
import { MailOutbox } from '@mosaic/mail';
import { AuthContext, isAdmin, organisationsWhere } from './auth-context';
import { CreateOrganisationDto, InviteDto, ListOrganisationsQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import { MembershipEntity, MentorAssignmentEntity, OneTimeTokenEntity, OrganisationEntity } from './entities';
import { IdentityRepository } from './identity.repository';
import {
  canAssignMentor,
  canInvite,
  canManageOrganisation,
  canReadOrganisation,
  organisationScope,
} from './organisation-access.rules';
import { OrganisationRepository } from './organisation.repository';
import { hashToken, newSecretToken } from './secret-token';
import { INVITATION_VALID_DAYS } from './auth.service';
import { Role } from './vocabulary';

const PROFILE_FIELDS = [
  'name', 'kind', 'isLeadPartner', 'registered', 'orgIdentifier', 'country', 'city',
  'latitude', 'longitude', 'languages', 'timeZone', 'themes',
] as const;


export interface MemberView {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
}

function encodeCursor(org: OrganisationEntity) {
  return Buffer.from(JSON.stringify({ name: org.name, id: org.id })).toString('base64url');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { name: unknown; id: unknown };
    if (typeof value.name === 'string' && typeof value.id === 'string') return { name: value.name, id: value.id };
  } catch {
    // fall through to the refusal below
  }
  throw new DomainException('invalid', 'INVALID_CURSOR', 'cursor is not one this API returned');
}

@Injectable()
export class OrganisationService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly identity: IdentityRepository,
    private readonly audit: AuditService,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly translator: Translator,
  ) {}

  async list(auth: AuthContext, query: ListOrganisationsQuery): Promise<Page<OrganisationEntity>> {
    const limit = query.limit ?? 50;
    const scope = organisationScope(auth, await this.identity.mentoredOrganisationIds(auth.userId));
    const items = await this.organisations.list(scope, {
      kind: query.kind,
      country: query.country,
      leadPartner: query.leadPartner,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /** Unknown and invisible organisations answer the same 404, so ids cannot be probed. */
  async get(auth: AuthContext, id: string): Promise<OrganisationEntity> {
    const organisation = await this.organisations.findById(id);
    const scope = organisationScope(auth, await this.identity.mentoredOrganisationIds(auth.userId));
    if (!organisation || !canReadOrganisation(scope, organisation)) throw notFound('organisation', id);
    return organisation;
  }

  async create(dto: CreateOrganisationDto): Promise<OrganisationEntity> {
    return this.identity.transaction(async (manager) => {
      const organisation = await manager.save(manager.create(OrganisationEntity, { ...dto, themes: dto.themes ?? [] }));
      await this.audit.record(manager, {
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: organisation.id,
        changes: auditDiff(null, pick(organisation)),
      });
      return organisation;
    });
  }

  /**
   * Marks an organisation at risk (or no longer): the organisation itself, a funder's officer or an
   * admin may. Exports then withhold its name, location below country and free text.
   */
  async setAtRisk(auth: AuthContext, id: string, atRisk: boolean): Promise<OrganisationEntity> {
    const before = await this.get(auth, id);
    const officer = organisationsWhere(auth, Role.Officer).length > 0 && before.kind !== 'funder';
    if (!canManageOrganisation(auth, id) && !officer) throw forbidden('Only the organisation itself, an officer or an admin can mark it at risk');
    if (before.atRisk === atRisk) return before;
    return this.identity.transaction(async (manager) => {
      await manager.update(OrganisationEntity, id, { atRisk });
      await this.audit.record(manager, { action: 'organisation.at_risk_changed', entityType: 'organisation', entityId: id, changes: { atRisk: { from: before.atRisk, to: atRisk } } });
      return manager.findOneByOrFail(OrganisationEntity, { id });
    });
  }

  async update(auth: AuthContext, id: string, dto: UpdateOrganisationDto): Promise<OrganisationEntity> {
    const before = await this.get(auth, id);
    if (!canManageOrganisation(auth, id)) throw forbidden('Only the organisation itself or an admin can change its profile');
    if (dto.kind && dto.kind !== before.kind && !isAdmin(auth)) throw forbidden('Only an admin can change the kind of an organisation');
    if (dto.isLeadPartner !== undefined && dto.isLeadPartner !== before.isLeadPartner && !isAdmin(auth)) {
      throw forbidden('The lead-partner role is granted by graduation or by an admin');
    }
    return this.identity.transaction(async (manager) => {
      const after = manager.merge(OrganisationEntity, manager.create(OrganisationEntity, { ...before }), dto);
      const saved = await manager.save(after);
      const changes = auditDiff(pick(before), pick(saved));
      if (Object.keys(changes).length) {
        await this.audit.record(manager, { action: 'organisation.updated', entityType: 'organisation', entityId: id, changes });
      }
      return saved;
    });
  }

  async members(auth: AuthContext, organisationId: string): Promise<MemberView[]> {
    await this.get(auth, organisationId);
    if (!canManageOrganisation(auth, organisationId)) throw forbidden('Only colleagues and admins see who belongs to an organisation');
    const memberships = await this.identity.membershipsWithUsers(organisationId);
    return memberships.map((m) => ({
      membershipId: m.id,
      userId: m.userId,
      name: m.user?.name ?? '',
      email: m.user?.email ?? '',
      role: m.role,
    }));
  }

  async invite(auth: AuthContext, organisationId: string, dto: InviteDto): Promise<{ invitationId: string; expiresAt: Date }> {
    const organisation = await this.get(auth, organisationId);
    if (!canInvite(auth, organisationId, dto.role, organisation.kind)) {
      throw forbidden(`You cannot invite a ${this.translator.t('en', `role.${dto.role}`)} to this organisation`);
    }
    const token = newSecretToken();
    const expiresAt = new Date(this.clock.now().getTime() + INVITATION_VALID_DAYS * 86_400_000);
    const existing = await this.identity.findUserByEmail(dto.email);
    const { invitationId, emailId } = await this.identity.transaction(async (manager) => {
      const invitation = await manager.save(
        manager.create(OneTimeTokenEntity, {
          purpose: 'invitation',
          tokenHash: hashToken(token),
          email: dto.email,
          userId: existing?.id ?? null,
          organisationId,
          role: dto.role,
          createdByUserId: auth.userId,
          expiresAt,
        }),
      );
      await this.audit.record(manager, {
        action: 'membership.invited',
        entityType: 'organisation',
        entityId: organisationId,
        changes: auditDiff(null, { invitedEmail: dto.email, role: dto.role }),
      });
      const language = existing?.preferredLanguage ?? organisation.languages[0] ?? 'en';
      const emailId = await this.outbox.add(manager, {
        to: dto.email,
        template: 'invitation',
        language,
        data: {
          inviterName: auth.name,
          organisationName: organisation.name,
          roleLabel: this.translator.t(language, `role.${dto.role}`),
          link: `${this.config.publicUrl}/invitations/accept?token=${token}`,
          validDays: INVITATION_VALID_DAYS,
        },
      });
      return { invitationId: invitation.id, emailId };
    });
    await this.outbox.dispatch([emailId]);
    return { invitationId, expiresAt };
  }

  async removeMembership(organisationId: string, membershipId: string): Promise<void> {
    const membership = await this.identity.findMembership(membershipId);
    if (!membership || membership.organisationId !== organisationId) throw notFound('membership', membershipId);
    await this.identity.transaction(async (manager) => {
      await manager.delete(MembershipEntity, { id: membershipId });
      await this.audit.record(manager, {
        action: 'membership.deleted',
        entityType: 'membership',
        entityId: membershipId,
        changes: auditDiff({ userId: membership.userId, organisationId, role: membership.role }, null),
      });
    });
  }

  async assignMentor(auth: AuthContext, organisationId: string, mentorUserId: string): Promise<{ assigned: boolean }> {
    await this.get(auth, organisationId);
    const mentorFunders = await this.identity.mentorFunderIds(mentorUserId);
    if (mentorFunders.length === 0) {
      throw new DomainException('unprocessable', 'NOT_A_MENTOR', 'This user is not a mentor', { mentorUserId });
    }
    if (!canAssignMentor(auth, mentorFunders)) throw forbidden('Only an officer of the mentor’s funder can assign her');
    return this.identity.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(MentorAssignmentEntity)
        .values({ mentorUserId, organisationId, assignedByUserId: auth.userId })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (id) {
        await this.audit.record(manager, {
          action: 'mentor_assignment.created',
          entityType: 'organisation',
          entityId: organisationId,
          changes: auditDiff(null, { mentorUserId }),
        });
      }
      return { assigned: !!id };
    });
  }
}

function pick(organisation: OrganisationEntity) {
  return Object.fromEntries(PROFILE_FIELDS.map((field) => [field, organisation[field]]));
}
