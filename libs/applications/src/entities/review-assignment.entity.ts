import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ReviewPanel } from '../vocabulary';

/** A reviewer's assignment: conflict declaration first, then scores per rubric criterion. */
@Entity('review_assignments')
@Index(['applicationId', 'reviewerUserId'], { unique: true })
export class ReviewAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  applicationId: string;

  @Index()
  @Column({ type: 'uuid' })
  reviewerUserId: string;

  @Column({ type: 'varchar', length: 20 })
  panel: ReviewPanel;

  @Column({ type: 'uuid' })
  assignedByUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  assignedAt: Date;

  /** Null until declared; the application stays closed to the reviewer until then. */
  @Column({ type: 'timestamptz', nullable: true })
  conflictDeclaredAt: Date | null;

  @Column({ type: 'boolean', nullable: true })
  hasConflict: boolean | null;

  @Column({ type: 'text', nullable: true })
  conflictStatement: string | null;

  /** { criterionKey: 1..5 } */
  @Column({ type: 'jsonb', nullable: true })
  scores: Record<string, number> | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;
}
