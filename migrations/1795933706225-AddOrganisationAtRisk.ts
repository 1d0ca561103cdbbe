import { MigrationInterface, QueryRunner } from "typeorm";

export class AddOrganisationAtRisk1795933706225 implements MigrationInterface {
    name = 'AddOrganisationAtRisk1795933706225'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "organisations"
            ADD "at_risk" boolean NOT NULL DEFAULT false
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "organisations" DROP COLUMN "at_risk"
        `);
    }

}
