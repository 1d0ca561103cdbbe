import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CallEntity } from '@mosaic/applications';
import { ClusterEntity, GrantEntity } from '@mosaic/clustering';
import { DomainException, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { InstalmentEntity } from '@mosaic/reporting';
import { IatiCluster, iatiWithheld, toIatiActivityXml } from './iati';
import { ExportOrganisation } from './threesixty-giving';

const exported = (o: OrganisationEntity): ExportOrganisation => ({ id: o.id, name: o.name, orgIdentifier: o.orgIdentifier, country: o.country, city: o.city, atRisk: o.atRisk });

/** A cluster as an IATI 2.03 activity, published by its call's funder. */
@Injectable()
export class IatiExportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The activity XML, and how many organisations it withholds; another funder's cluster is not found. */
  async activity(auth: AuthContext, clusterId: string): Promise<{ body: string; withheld: number }> {
    const cluster = await this.dataSource.getRepository(ClusterEntity).findOneBy({ id: clusterId });
    const call = cluster && (await this.dataSource.getRepository(CallEntity).findOneBy({ id: cluster.callId }));
    if (!cluster || !call || (!isAdmin(auth) && !organisationsWhere(auth, Role.Officer, Role.Board).includes(call.funderId))) throw notFound('cluster', clusterId);

    const grants = await this.dataSource.getRepository(GrantEntity).find({ where: { clusterId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const agreement = grants.find((g) => g.kind === 'lead_agreement');
    if (!agreement) throw new DomainException('conflict', 'CLUSTER_WITHOUT_AGREEMENT', 'The cluster has no lead agreement yet: there is no activity to publish');
    const subGrants = grants.filter((g) => g.kind === 'sub_grant');

    const organisations = new Map(
      (await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([...new Set([call.funderId, agreement.organisationId, ...subGrants.map((g) => g.organisationId)])]) })).map((o) => [o.id, o]),
    );
    const funder = organisations.get(call.funderId)!;
    const releases = await this.dataSource.getRepository(InstalmentEntity).find({ where: { grantId: agreement.id, status: 'released' }, order: { number: 'ASC' } });

    const activity: IatiCluster = {
      id: cluster.id,
      call: { id: call.id, title: call.title },
      lead: exported(organisations.get(agreement.organisationId)!),
      agreement: {
        id: agreement.id,
        amountMinor: agreement.amountMinor,
        currency: agreement.currency,
        status: agreement.status,
        // The award: when the agreement was made (never after it was started).
        awardedAt: agreement.activatedAt && agreement.activatedAt < agreement.createdAt ? agreement.activatedAt : agreement.createdAt,
        startDate: agreement.startDate,
        endDate: agreement.endDate,
        releases: releases.filter((i) => i.releasedAt).map((i) => ({ number: i.number, amountMinor: i.amountMinor, currency: i.currency, releasedAt: i.releasedAt! })),
      },
      members: subGrants.map((g) => ({ organisation: exported(organisations.get(g.organisationId)!), amountMinor: g.amountMinor, currency: g.currency })),
    };
    return { body: toIatiActivityXml({ id: funder.id, name: funder.name, orgIdentifier: funder.orgIdentifier }, activity, new Date()), withheld: iatiWithheld(activity) };
  }
}
