import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
