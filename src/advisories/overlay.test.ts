/** The maintained overlay (data/overlay): MS01-033 maps IIS 4.0/5.0 to CVE-2001-0500. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { WardError } from '../core/errors.js';
import {
  applyOverlay,
  cvesForBulletin,
  overlaidAdvisory,
  overlayRuleForOrigin,
  parseOverlay,
} from './overlay.js';
import type { Advisory } from './types.js';

const FILE = join(PROJECT_ROOT, 'data/overlay/microsoft-bulletins.yaml');
const rules = parseOverlay(readFileSync(FILE, 'utf8'), 'microsoft-bulletins.yaml');

const codeRed: Advisory = {
  id: 'CVE-2001-0500',
  aliases: [],
  related: [],
  severity: [],
  affected: [],
  references: [],
  credits: [],
  modified: '2024-11-20T23:35:31.103Z',
  cpeConfigurations: [],
  remediations: [],
  weaknesses: [],
  source: 'nvd',
};

describe('advisories/overlay', () => {
  it('every rule cites sources and names CVEs; MS01-033 covers IIS 4.0 and 5.0 under both NVD product names', () => {
    const iis = rules.find((rule) => rule.id === 'ms01-033-iis');

    expect(rules.every((rule) => rule.sources.length > 0 && rule.cves.length > 0)).toBe(true);
    expect(iis?.products.map((product) => product.criteria)).toEqual([
      'cpe:2.3:a:microsoft:internet_information_server:4.0:*:*:*:*:*:*:*',
      'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*',
      'cpe:2.3:a:microsoft:internet_information_services:4.0:*:*:*:*:*:*:*',
      'cpe:2.3:a:microsoft:internet_information_services:5.0:*:*:*:*:*:*:*',
    ]);
    expect(cvesForBulletin('ms01-033', rules)).toEqual(['CVE-2001-0500']);
  });

  it('adds the rule as one more configuration, with an origin that leads back to the rule, once', () => {
    const once = applyOverlay(codeRed, rules);
    const twice = applyOverlay(once, rules);

    expect(once.cpeConfigurations.map((configuration) => configuration.origin)).toEqual([
      'overlay:ms01-033-iis',
    ]);
    expect(twice).toBe(once);
    expect(overlayRuleForOrigin('overlay:ms01-033-iis', rules)?.bulletin).toBe('MS01-033');
    expect(codeRed.cpeConfigurations).toEqual([]);
    expect(applyOverlay({ ...codeRed, id: 'CVE-2099-0001' }, rules).cpeConfigurations).toEqual([]);
  });

  it('keeps the record text a reader read only while the overlay leaves the advisory as read', () => {
    const text = '{"id":"CVE-2001-0500"}';
    const other = { ...codeRed, id: 'CVE-2099-0001' };

    const overlaid = overlaidAdvisory({ advisory: codeRed, osvRecord: text }, rules);
    const untouched = overlaidAdvisory({ advisory: other, osvRecord: text }, rules);
    const noRules = overlaidAdvisory({ advisory: codeRed, osvRecord: text }, []);

    expect(overlaid.osvRecord).toBeUndefined();
    expect(overlaid.advisory.cpeConfigurations.map((configuration) => configuration.origin)).toEqual([
      'overlay:ms01-033-iis',
    ]);
    expect(untouched).toEqual({ advisory: other, osvRecord: text });
    expect(noRules).toEqual({ advisory: codeRed, osvRecord: text });
    expect(overlaidAdvisory({ advisory: other }, rules)).toEqual({ advisory: other, osvRecord: undefined });
  });

  it('rejects a malformed overlay with file and field', () => {
    const bad = 'rules:\n  - id: x\n    cves: [not-a-cve]\n    products: []\n    sources: []\n';

    const error = (() => {
      try {
        parseOverlay(bad, 'bad.yaml');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(WardError);
    expect((error as WardError).file).toBe('bad.yaml');
    expect((error as WardError).field).toMatch(/^rules\[0\]/);
    expect(() => parseOverlay('rules: {', 'broken.yaml')).toThrow(/invalid YAML/);
  });
});
