import { MigrationInterface, QueryRunner } from "typeorm";

export class AddCapacityRules1795933370867 implements MigrationInterface {
    name = 'AddCapacityRules1795933370867'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "capacity_rules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "funder_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "rules" jsonb NOT NULL,
                "created_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_138fe577bd8c6aa8d961840bf92" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_82d6b3ce6cb6aa3acf7f30dff6" ON "capacity_rules" ("funder_id", "version")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_82d6b3ce6cb6aa3acf7f30dff6"
        `);
        await queryRunner.query(`
            DROP TABLE "capacity_rules"
        `);
    }

}
