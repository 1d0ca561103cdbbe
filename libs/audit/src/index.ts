import { AuditEventEntity } from './entities/audit-event.entity';

export { AuditEventEntity };
export const AUDIT_ENTITIES = [AuditEventEntity];
export * from './audit.service';
export * from './audit-diff.rules';
export * from './audit.module';
