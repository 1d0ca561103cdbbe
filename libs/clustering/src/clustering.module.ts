import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '@mosaic/applications';
import { ClusteringService } from './clustering.service';
import { CLUSTERING_ENTITIES } from './entities';
import { ClusteringProcessor } from './jobs/clustering.processor';

/** Runs, proposals and approvals (api and worker). */
@Module({
  imports: [TypeOrmModule.forFeature(CLUSTERING_ENTITIES), ApplicationsModule],
  providers: [ClusteringService],
  exports: [ClusteringService],
})
export class ClusteringModule {}

/** Solving (worker only). */
@Module({
  imports: [TypeOrmModule.forFeature(CLUSTERING_ENTITIES)],
  providers: [ClusteringProcessor],
})
export class ClusteringWorkerModule {}
