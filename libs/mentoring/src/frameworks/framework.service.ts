import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CapacityFrameworkEntity } from '../entities';
import { CAPACITY_FRAMEWORK } from './capacity-framework.data';

/** The capacity frameworks, stored as versioned data; the current version is the highest. */
@Injectable()
export class FrameworkService implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores the framework shipped with this release if the database does not have that version yet. */
  async onModuleInit() {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(CapacityFrameworkEntity)
      .values({ code: CAPACITY_FRAMEWORK.code, version: CAPACITY_FRAMEWORK.version, document: CAPACITY_FRAMEWORK })
      .orIgnore()
      .execute();
  }

  list(): Promise<CapacityFrameworkEntity[]> {
    return this.dataSource.getRepository(CapacityFrameworkEntity).find({ order: { code: 'ASC', version: 'DESC' } });
  }

  async current(code = CAPACITY_FRAMEWORK.code): Promise<CapacityFrameworkEntity> {
    return this.dataSource.getRepository(CapacityFrameworkEntity).findOneOrFail({ where: { code }, order: { version: 'DESC' } });
  }

  byId(id: string): Promise<CapacityFrameworkEntity> {
    return this.dataSource.getRepository(CapacityFrameworkEntity).findOneByOrFail({ id });
  }
}
