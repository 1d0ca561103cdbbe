import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationStatus } from '../vocabulary';

/** The status history the applicant sees. */
@Entity('application_events')
export class ApplicationEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  applicationId: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  fromStatus: ApplicationStatus | null;

  @Column({ type: 'varchar', length: 12 })
  toStatus: ApplicationStatus;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;
}
