import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboundEmailEntity } from './entities/outbound-email.entity';
import { EmailProcessor } from './jobs/email.processor';
import { MailOutbox } from './mail-outbox.service';
import { MailSender } from './mail-sender';
import { MailTemplates } from './mail-templates';

/** Writing e-mails to the outbox (api and worker). */
@Module({
  imports: [TypeOrmModule.forFeature([OutboundEmailEntity])],
  providers: [MailOutbox, { provide: MailTemplates, useFactory: () => new MailTemplates() }],
  exports: [MailOutbox, MailTemplates],
})
export class MailModule {}

/** Sending them (worker only). */
@Module({
  imports: [MailModule],
  providers: [MailSender, EmailProcessor],
})
export class MailWorkerModule {}
