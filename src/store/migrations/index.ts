/**
 * Static migration provider: every migration imported by name, so the list works the same from
 * source (tsx), from the built `dist/` and inside bundles, with no directory scanning.
 * Append new migrations at the end; never edit or reorder existing ones.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './20261123091500-initial-schema.js';
import * as triage from './20261123100000-triage.js';
import * as meta from './20261123113000-meta.js';
import * as advisoryEncoding from './20261123180000-advisory-encoding.js';

const MIGRATIONS: Record<string, Migration> = {
  '20261123091500-initial-schema': initialSchema,
  '20261123100000-triage': triage,
  '20261123113000-meta': meta,
  '20261123180000-advisory-encoding': advisoryEncoding,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
