import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '@mosaic/applications';
import { ClusterService } from './cluster.service';
import { ClusteringService } from './clustering.service';
import { CLUSTERING_ENTITIES } from './entities';
import { ClusteringProcessor } from './jobs/clustering.processor';

/** Runs, proposals and approvals (api and worker). */
@Module({
  imports: [TypeOrmModule.forFeature(CLUSTERING_ENTITIES), ApplicationsModule],
  providers: [ClusteringService, ClusterService],
  exports: [ClusteringService, ClusterService],
})
export class ClusteringModule {}

/** Solving (worker only). */
@Module({
  imports: [TypeOrmModule.forFeature(CLUSTERING_ENTITIES)],
  providers: [ClusteringProcessor],
})
export class ClusteringWorkerModule {}
