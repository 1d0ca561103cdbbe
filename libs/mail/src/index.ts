import { OutboundEmailEntity } from './entities/outbound-email.entity';

export { OutboundEmailEntity };
export const MAIL_ENTITIES = [OutboundEmailEntity];
export * from './mail-outbox.service';
export * from './mail.module';
export * from './mail-templates';
export * from './mail-sender';
export * from './jobs/email.processor';
