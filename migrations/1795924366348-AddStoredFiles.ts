import { MigrationInterface, QueryRunner } from "typeorm";

export class AddStoredFiles1795924366348 implements MigrationInterface {
    name = 'AddStoredFiles1795924366348'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "stored_files" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "owner_type" character varying(40) NOT NULL,
                "owner_id" uuid NOT NULL,
                "organisation_id" uuid,
                "original_name" character varying(255) NOT NULL,
                "kind" character varying(10) NOT NULL,
                "mime" character varying(100) NOT NULL,
                "size_bytes" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "storage_key" character varying(200) NOT NULL,
                "uploaded_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5d5be862bf53851c1794b4adf4e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ff15792f83a60712c720ee4e87" ON "stored_files" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_974c20aa23354c20b87e392bb3" ON "stored_files" ("owner_type", "owner_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_974c20aa23354c20b87e392bb3"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ff15792f83a60712c720ee4e87"
        `);
        await queryRunner.query(`
            DROP TABLE "stored_files"
        `);
    }

}
