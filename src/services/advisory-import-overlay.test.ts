import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { openStore } from '../store/store.js';
import { loadOverlayRules } from './advisory-files.js';
import { importAdvisoryFiles } from './advisory-import.js';

const root = mkdtempSync(join(tmpdir(), 'ward-import-overlay-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('src/services/advisory-import overlay changes', () => {
  it('brings records already stored up to new, edited and removed overlay rules (same modified date)', async () => {
    const store = await openStore(join(root, 'ward.db'));
    const codeRed = join(PROJECT_ROOT, 'test/fixtures/advisories/nvd/CVE-2001-0500.json');
    const configurations = async () =>
      ((await store.advisoriesByIds(['CVE-2001-0500'])).get('CVE-2001-0500') ?? []).flatMap(
        (advisory) => advisory.cpeConfigurations,
      );
    const iisAdvisories = async () =>
      (
        (await store.advisoriesForCpeProducts(['microsoft:internet_information_services'])).get(
          'microsoft:internet_information_services',
        ) ?? []
      ).map((advisory) => advisory.id);
    const bundled = await loadOverlayRules();
    const rule = bundled.find((candidate) => candidate.id === 'ms01-033-iis');
    expect(rule).toBeDefined();
    if (rule === undefined) return;
    try {
      const first = await importAdvisoryFiles(store, [codeRed], { overlayRules: [] });
      expect(first.imported).toBe(1);
      expect((await configurations()).map((configuration) => configuration.origin)).toEqual(['nvd']);
      expect(await iisAdvisories()).not.toContain('CVE-2001-0500');

      // The rule is new to this database: the stored record gets it although it is unchanged.
      const added = await importAdvisoryFiles(store, [codeRed], { overlayRules: bundled });
      expect(added).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
      expect((await configurations()).map((configuration) => configuration.origin)).toEqual([
        'nvd',
        'overlay:ms01-033-iis',
      ]);
      expect(await iisAdvisories()).toContain('CVE-2001-0500');

      // The rule is edited (its first product only): the stored configuration follows the edit.
      const edited = { ...rule, products: rule.products.slice(0, 1) };
      await importAdvisoryFiles(store, [codeRed], { overlayRules: [edited] });
      const overlaid = (await configurations()).filter((configuration) => configuration.origin !== 'nvd');
      expect(overlaid.map((configuration) => configuration.origin)).toEqual(['overlay:ms01-033-iis']);
      expect(overlaid[0]?.nodes[0]?.cpeMatch.map((match) => match.criteria)).toEqual([
        rule.products[0]?.criteria,
      ]);

      // The rule is removed: its configuration and lookup rows go, NVD's stay.
      await importAdvisoryFiles(store, [codeRed], { overlayRules: [] });
      expect((await configurations()).map((configuration) => configuration.origin)).toEqual(['nvd']);
      expect(await iisAdvisories()).not.toContain('CVE-2001-0500');
    } finally {
      await store.close();
    }
  });

  it('brings an OSV record stored as read up to a new overlay rule naming its alias, and back', async () => {
    const dir = mkdtempSync(join(root, 'osv-'));
    const file = join(dir, 'osv.jsonl');
    const record = { id: 'OSV-2099-500', modified: '2024-01-01T00:00:00Z', aliases: ['CVE-2001-0500'] };
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    const store = await openStore(join(dir, 'ward.db'));
    const stored = () => {
      const database = new BetterSqlite3(join(dir, 'ward.db'), { readonly: true });
      try {
        return database.prepare('SELECT encoding FROM advisories WHERE id = ?').pluck().get(record.id);
      } finally {
        database.close();
      }
    };
    const origins = async () =>
      ((await store.advisoriesByIds([record.id])).get(record.id) ?? []).flatMap((advisory) =>
        advisory.cpeConfigurations.map((configuration) => configuration.origin),
      );
    try {
      await importAdvisoryFiles(store, [file], { overlayRules: [] });
      expect(stored()).toBe('osv');
      expect(await origins()).toEqual([]);

      const added = await importAdvisoryFiles(store, [file], { overlayRules: await loadOverlayRules() });
      expect(added).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
      expect(stored()).toBe('advisory');
      expect(await origins()).toEqual(['overlay:ms01-033-iis']);

      await importAdvisoryFiles(store, [file], { overlayRules: [] });
      expect(await origins()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
