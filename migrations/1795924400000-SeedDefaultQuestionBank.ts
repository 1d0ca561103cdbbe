import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_QUESTION_BANK } from '@mosaic/applications';

/** Reference data every installation needs: the default question bank (kept if already edited). */
export class SeedDefaultQuestionBank1795924400000 implements MigrationInterface {
  name = 'SeedDefaultQuestionBank1795924400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const question of DEFAULT_QUESTION_BANK) {
      await queryRunner.query(
        `INSERT INTO questions (key, type, labels, hints, word_limit) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`,
        [question.key, question.type, JSON.stringify(question.labels), JSON.stringify(question.hints), question.wordLimit ?? null],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM questions WHERE key = ANY($1)`, [DEFAULT_QUESTION_BANK.map((q) => q.key)]);
  }
}
