import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { DomainCode } from '../frameworks/framework.types';

export type SessionMode = 'in_person' | 'phone' | 'video' | 'messaging';
export const SESSION_MODES: SessionMode[] = ['in_person', 'phone', 'video', 'messaging'];

export interface SessionTopic {
  domain: DomainCode;
  indicator?: string;
}

/**
 * A mentoring session. Its notes are encrypted at rest and shown only to the mentor, the
 * organisation and admins; a funder reads them only if the organisation shares them.
 */
@Entity('mentoring_sessions')
@Index(['organisationId', 'heldOn'])
export class MentoringSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  mentorUserId: string;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'int' })
  durationMinutes: number;

  @Column({ type: 'varchar', length: 10 })
  mode: SessionMode;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  topics: SessionTopic[];

  /** AES-256-GCM, key derived from the app secret: "v1:<iv>:<tag>:<ciphertext>" in base64. */
  @Column({ type: 'text', nullable: true })
  notesEncrypted: string | null;

  @Column({ type: 'boolean', default: false })
  sharedWithFunder: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export type ActionStatus = 'open' | 'done' | 'dropped';

/** Something agreed in a session: who does it, by when. The worker reminds its owner once when it is overdue. */
@Entity('action_items')
@Index(['status', 'dueDate'])
export class ActionItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** The organisation acts, or the mentor does. */
  @Column({ type: 'varchar', length: 12 })
  owner: 'organisation' | 'mentor';

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: ActionStatus;

  @Column({ type: 'varchar', length: 24, nullable: true })
  domain: DomainCode | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  indicator: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  @Column({ type: 'uuid' })
  createdByUserId: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

export type GraduationStatus = 'pending' | 'approved' | 'declined';

/** A mentor's recommendation that an organisation can lead a cluster; an officer decides. */
@Entity('graduations')
export class GraduationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  assessmentId: string;

  @Column({ type: 'uuid' })
  recommendedByUserId: string;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: GraduationStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionComment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
