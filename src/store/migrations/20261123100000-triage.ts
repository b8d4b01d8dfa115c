/**
 * Triage state: statements about findings (manual decisions and imported VEX) and each finding's
 * history across scans (first seen, last seen, fixed — verified by a later scan). Never edited
 * once merged.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('triage_statements')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('vulnerability_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('timestamp', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('json', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('triage_statements_vulnerability_idx')
    .on('triage_statements')
    .column('vulnerability_id')
    .execute();

  await db.schema
    .createTable('finding_records')
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('vulnerability_id', 'text', (col) => col.notNull())
    .addColumn('first_seen', 'text', (col) => col.notNull())
    .addColumn('last_seen', 'text', (col) => col.notNull())
    .addColumn('fixed_at', 'text')
    .addColumn('reopened_at', 'text')
    .addPrimaryKeyConstraint('finding_records_pk', ['scope', 'key'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('finding_records').execute();
  await db.schema.dropTable('triage_statements').execute();
}
