import { MigrationInterface, QueryRunner } from "typeorm";

export class AddOrganisationMaturity1795933319961 implements MigrationInterface {
    name = 'AddOrganisationMaturity1795933319961'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "organisations"
            ADD "maturity" smallint
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "organisations" DROP COLUMN "maturity"
        `);
    }

}
