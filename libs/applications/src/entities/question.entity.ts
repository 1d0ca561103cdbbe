import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { QuestionType, Translations } from '../vocabulary';

export interface QuestionOption {
  value: string;
  labels: Translations;
}

/** The question bank: questions are data, with their translations. */
@Entity('questions')
export class QuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable key used in answers, e.g. "what_you_will_do". */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 60 })
  key: string;

  @Column({ type: 'varchar', length: 20 })
  type: QuestionType;

  /** { en: "What will you do?", fr: "Que ferez-vous ?", ... } */
  @Column({ type: 'jsonb' })
  labels: Translations;

  /** Plain-language hints per language. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  hints: Translations;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  options: QuestionOption[];

  @Column({ type: 'int', nullable: true })
  wordLimit: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
