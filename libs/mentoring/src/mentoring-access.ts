import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { forbidden, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, MentorAssignmentEntity, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';

/** Who stands where towards an organisation's capacity record. */
export interface Standing {
  member: boolean;
  mentor: boolean;
  officer: boolean;
  admin: boolean;
}

/**
 * Capacity records belong to the organisation and its mentors. Officers read scores across the
 * portfolio (never session notes unless shared); anyone else is told the organisation does not exist.
 */
@Injectable()
export class MentoringAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async standing(auth: AuthContext, organisationId: string): Promise<Standing> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!organisation) throw notFound('organisation', organisationId);
    const standing = {
      member: organisationsWhere(auth, Role.Applicant, Role.LeadPartner).includes(organisationId),
      mentor: await this.dataSource.getRepository(MentorAssignmentEntity).existsBy({ mentorUserId: auth.userId, organisationId }),
      officer: organisationsWhere(auth, Role.Officer).length > 0 && organisation.kind !== 'funder',
      admin: isAdmin(auth),
    };
    if (!standing.member && !standing.mentor && !standing.officer && !standing.admin) {
      // A mentor knows organisations exist; she is told plainly that this one is not hers.
      if (auth.memberships.some((m) => m.role === Role.Mentor)) throw forbidden('You are not this organisation’s mentor');
      throw notFound('organisation', organisationId);
    }
    return standing;
  }

  async mentoredOrganisationIds(mentorUserId: string): Promise<string[]> {
    return (await this.dataSource.getRepository(MentorAssignmentEntity).findBy({ mentorUserId })).map((a) => a.organisationId);
  }
}
