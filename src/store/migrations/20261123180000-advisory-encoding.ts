/**
 * How `advisories.json` is encoded: 'advisory' (Ward's normalised `Advisory`, the only encoding
 * before this migration, hence the default for existing rows) or 'osv' (the OSV record's own
 * JSON text as read, normalised again when read; see store/prepared-advisory.ts). Never edited
 * once merged.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('advisories')
    .addColumn('encoding', 'text', (col) => col.notNull().defaultTo('advisory'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('advisories').dropColumn('encoding').execute();
}
