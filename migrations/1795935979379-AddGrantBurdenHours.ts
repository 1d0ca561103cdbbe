import { MigrationInterface, QueryRunner } from "typeorm";

export class AddGrantBurdenHours1795935979379 implements MigrationInterface {
    name = 'AddGrantBurdenHours1795935979379'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "burden_hours" numeric(6, 1)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "burden_hours"
        `);
    }

}
