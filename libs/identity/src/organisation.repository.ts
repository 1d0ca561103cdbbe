import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { OrganisationEntity } from './entities';
import { OrganisationScope } from './organisation-access.rules';
import { OrganisationKind } from './vocabulary';

export interface OrganisationFilter {
  kind?: OrganisationKind;
  country?: string;
  leadPartner?: boolean;
  /** Name greater than this (keyset paging by name, then id). */
  after?: { name: string; id: string };
  limit: number;
}

@Injectable()
export class OrganisationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string) {
    return this.dataSource.getRepository(OrganisationEntity).findOne({ where: { id } });
  }

  /** The scope is applied in SQL, so a page never holds rows the caller may not see. */
  list(scope: OrganisationScope, filter: OrganisationFilter): Promise<OrganisationEntity[]> {
    const query = this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('org');
    if (!scope.all) {
      query.andWhere(
        new Brackets((visible) => {
          visible.where('org.id = ANY(:ids)', { ids: scope.ids });
          if (scope.nonFunders) visible.orWhere('org.kind <> :funder', { funder: OrganisationKind.Funder });
        }),
      );
    }
    if (filter.kind) query.andWhere('org.kind = :kind', { kind: filter.kind });
    if (filter.country) query.andWhere('org.country = :country', { country: filter.country });
    if (filter.leadPartner !== undefined) query.andWhere('org.is_lead_partner = :lead', { lead: filter.leadPartner });
    if (filter.after) {
      query.andWhere('(org.name, org.id) > (:afterName, :afterId)', { afterName: filter.after.name, afterId: filter.after.id });
    }
    return query.orderBy('org.name', 'ASC').addOrderBy('org.id', 'ASC').take(filter.limit).getMany();
  }
}
