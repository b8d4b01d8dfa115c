/**
 * What `ward db status` reports: the store's counts plus how old the data is. Age is measured
 * from the newest `modified` of any advisory and from the last successful sync, whichever is
 * more recent evidence of freshness being the sync (a quiet feed is not stale data).
 */
import type { Store, StoreStatus } from '../store/store.js';

export interface DatabaseReport extends StoreStatus {
  /** Seconds since the last successful sync or import, when there was one. */
  ageSeconds?: number;
  /** Seconds since the newest advisory was modified upstream. */
  newestModifiedAgeSeconds?: number;
  /** Sources whose sync was interrupted and will resume on the next `ward db update`. */
  resumable: string[];
}

export async function databaseReport(store: Store, now: Date = new Date()): Promise<DatabaseReport> {
  const status = await store.status();
  const report: DatabaseReport = {
    ...status,
    resumable: status.sources
      .filter((source) => isResumePoint(source.name, source.cursor))
      .map((source) => source.name),
  };
  const age = secondsSince(status.lastSuccessAt, now);
  if (age !== undefined) report.ageSeconds = age;
  const newest = secondsSince(status.newestModified, now);
  if (newest !== undefined) report.newestModifiedAgeSeconds = newest;
  return report;
}

/** NVD keeps a cursor only while a sync is unfinished; OSV keeps its watermark for good. */
function isResumePoint(name: string, cursor: unknown): boolean {
  return name === 'nvd' && cursor !== undefined && cursor !== null;
}

function secondsSince(iso: string | undefined, now: Date): number | undefined {
  if (iso === undefined) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((now.getTime() - at) / 1000));
}

/** "3d 4h", "5h 12m", "42s": a human reading of an age. */
export function formatAge(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds % 60}s`;
  return `${seconds}s`;
}
