import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeAdvisory } from '../../test/fixtures/store/advisories.js';
import { openStore } from '../store/store.js';
import { databaseReport, formatAge } from './db-status.js';

const dir = mkdtempSync(join(tmpdir(), 'ward-db-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('src/services/db-status', () => {
  it('reports data age from the last sync and the newest record, and which sources will resume', async () => {
    const store = await openStore(join(dir, 'status.db'));
    const session = await store.beginImport();
    await session.writeAdvisories([
      makeAdvisory({
        id: 'GHSA-fixt-0001',
        modified: '2026-11-20T00:00:00Z',
        packages: [['npm', 'left-pad']],
      }),
    ]);
    await session.saveSourceState('nvd', {
      lastSyncAt: '2026-11-23T09:00:00.000Z',
      cursor: { until: '2026-11-23T09:00:00.000Z', window: 0, startIndex: 4000 },
    });
    await session.saveSourceState('osv:npm', {
      lastSuccessAt: '2026-11-23T08:00:00.000Z',
      cursor: { watermark: { modified: '2026-11-20T00:00:00Z', id: 'GHSA-fixt-0001' } },
    });
    await session.commit();

    const report = await databaseReport(store, new Date('2026-11-23T10:00:00.000Z'));
    await store.close();

    expect(report.resumable).toEqual(['nvd']);
    expect(report.lastSuccessAt).toBe('2026-11-23T08:00:00.000Z');
    expect(report.ageSeconds).toBe(7200);
    expect(report.newestModifiedAgeSeconds).toBe(3 * 86_400 + 36_000);
    expect(formatAge(report.ageSeconds ?? -1)).toBe('2h 0m');
    expect(formatAge(report.newestModifiedAgeSeconds ?? -1)).toBe('3d 10h');
    expect(formatAge(42)).toBe('42s');
  });
});
