/**
 * The first schema. Migrations are never edited once merged: change the schema with a new file.
 * Types are the portable subset (text, integer, double precision) that SQLite and PostgreSQL share.
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current `Database` type (it changes over time).
// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('advisories')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('modified', 'text', (col) => col.notNull())
    .addColumn('published', 'text')
    .addColumn('withdrawn', 'text')
    .addColumn('json', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('advisories_pk', ['source', 'id'])
    .execute();
  await db.schema.createIndex('advisories_id_idx').on('advisories').column('id').execute();

  await db.schema
    .createTable('advisory_ids')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('group_id', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('advisory_ids_group_idx').on('advisory_ids').column('group_id').execute();

  await db.schema
    .createTable('affected_packages')
    .addColumn('ecosystem', 'text', (col) => col.notNull())
    .addColumn('normalized_name', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('advisory_id', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('affected_packages_key_idx')
    .on('affected_packages')
    .columns(['ecosystem', 'normalized_name'])
    .execute();
  await db.schema
    .createIndex('affected_packages_advisory_idx')
    .on('affected_packages')
    .columns(['source', 'advisory_id'])
    .execute();

  await db.schema
    .createTable('cpe_products')
    .addColumn('product', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('advisory_id', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('cpe_products_product_idx').on('cpe_products').column('product').execute();
  await db.schema
    .createIndex('cpe_products_advisory_idx')
    .on('cpe_products')
    .columns(['source', 'advisory_id'])
    .execute();

  await db.schema
    .createTable('kev')
    .addColumn('cve_id', 'text', (col) => col.primaryKey())
    .addColumn('vendor_project', 'text', (col) => col.notNull())
    .addColumn('product', 'text', (col) => col.notNull())
    .addColumn('vulnerability_name', 'text', (col) => col.notNull())
    .addColumn('date_added', 'text', (col) => col.notNull())
    .addColumn('short_description', 'text', (col) => col.notNull())
    .addColumn('required_action', 'text', (col) => col.notNull())
    .addColumn('due_date', 'text', (col) => col.notNull())
    .addColumn('known_ransomware_campaign_use', 'text', (col) => col.notNull())
    .addColumn('notes', 'text', (col) => col.notNull())
    .addColumn('cwes', 'text', (col) => col.notNull())
    .addColumn('catalog_version', 'text')
    .execute();

  await db.schema
    .createTable('epss')
    .addColumn('cve_id', 'text', (col) => col.primaryKey())
    .addColumn('epss', 'double precision', (col) => col.notNull())
    .addColumn('percentile', 'double precision', (col) => col.notNull())
    .addColumn('model_version', 'text')
    .addColumn('score_date', 'text')
    .execute();

  await db.schema
    .createTable('sources')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('last_sync_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('cursor', 'text')
    .addColumn('records', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'sources',
    'epss',
    'kev',
    'cpe_products',
    'affected_packages',
    'advisory_ids',
    'advisories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
