import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '@mosaic/files';
import { MailModule } from '@mosaic/mail';
import { ApplicationService } from './application.service';
import { CallService } from './call.service';
import { APPLICATIONS_ENTITIES } from './entities';
import { ReviewService } from './review.service';

@Module({
  imports: [TypeOrmModule.forFeature(APPLICATIONS_ENTITIES), MailModule, FilesModule],
  providers: [CallService, ApplicationService, ReviewService],
  exports: [CallService, ApplicationService, ReviewService],
})
export class ApplicationsModule {}
