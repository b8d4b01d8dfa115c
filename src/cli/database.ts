/**
 * Opening the advisory database for a command: `--db`, else `WARD_DB`, else the per-user data
 * directory. A database with no data yet is filled from the bundled snapshot (data/snapshot), so
 * a fresh install answers offline; `ward db update` or `ward db import` bring it up to date.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ScanReport } from '../report/types.js';
import { ensureSnapshotLoaded } from '../services/advisory-import.js';
import { resolveDatabaseLocation } from '../store/location.js';
import { isPostgresUrl, openStore, type Store } from '../store/store.js';

export interface OpenedDatabase {
  store: Store;
  info: ScanReport['database'];
}

export async function openAdvisoryDatabase(
  option: string | undefined,
  progress?: (message: string) => void,
): Promise<OpenedDatabase> {
  const location = resolveDatabaseLocation(option, process.env);
  if (!isPostgresUrl(location)) await mkdir(dirname(location), { recursive: true });
  const store = await openStore(location);
  try {
    if (await store.isEmpty()) {
      progress?.('loading the bundled advisory snapshot (first run)');
      await ensureSnapshotLoaded(store);
    }
    const status = await store.status();
    return {
      store,
      info: {
        location: status.location,
        advisories: status.advisories,
        ...(status.newestModified ? { lastUpdated: status.newestModified } : {}),
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
