import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CapacityRules } from '../rules/capacity.rules';

/** One version of a funder's capacity rules (risk and lead-partner eligibility); the latest applies. */
@Entity('capacity_rules')
@Index(['funderId', 'version'], { unique: true })
export class CapacityRulesEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  funderId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  rules: CapacityRules;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
