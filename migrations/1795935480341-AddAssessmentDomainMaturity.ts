import { MigrationInterface, QueryRunner } from "typeorm";

export class AddAssessmentDomainMaturity1795935480341 implements MigrationInterface {
    name = 'AddAssessmentDomainMaturity1795935480341'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "assessments"
            ADD "domain_maturity" jsonb
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "assessments" DROP COLUMN "domain_maturity"
        `);
    }

}
