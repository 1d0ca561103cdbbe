import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { Page, requestContext } from '@mosaic/common';
import { AuditChanges } from './audit-diff.rules';
import { AuditEventEntity } from './entities/audit-event.entity';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  changes?: AuditChanges;
  /** Defaults to the signed-in user of the current request. */
  actorUserId?: string | null;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  cursor?: string;
  limit: number;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  /** Writes within the caller's transaction, so a change and its audit row commit or fail together. */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const context = requestContext.current();
    await manager.save(manager.create(AuditEventEntity, {
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      changes: record.changes ?? {},
      actorUserId: record.actorUserId !== undefined ? record.actorUserId : (context?.actorUserId ?? null),
      requestId: context?.requestId ?? null,
      ipAddress: context?.ipAddress ?? null,
    }));
  }

  /** Newest first; the cursor is the last id seen. */
  async page(query: AuditQuery): Promise<Page<AuditEventEntity>> {
    const items = await this.events.find({
      where: {
        ...(query.entityType ? { entityType: query.entityType } : {}),
        ...(query.entityId ? { entityId: query.entityId } : {}),
        ...(query.actorUserId ? { actorUserId: query.actorUserId } : {}),
        ...(query.cursor ? { id: LessThan(query.cursor) } : {}),
      },
      order: { id: 'DESC' },
      take: query.limit + 1,
    });
    const hasMore = items.length > query.limit;
    const pageItems = items.slice(0, query.limit);
    return { items: pageItems, nextCursor: hasMore ? pageItems[pageItems.length - 1].id : null };
  }
}
