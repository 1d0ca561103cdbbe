import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CapacityFramework } from '../frameworks/framework.types';

/** One version of a capacity framework; assessments keep the version they were made with. */
@Entity('capacity_frameworks')
@Index(['code', 'version'], { unique: true })
export class CapacityFrameworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  document: CapacityFramework;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
