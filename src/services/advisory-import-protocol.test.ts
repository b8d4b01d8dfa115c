import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { prepareAdvisory } from '../store/prepared-advisory.js';
import { readAdvisoryFiles } from './advisory-files.js';
import { packAdvisory, unpackAdvisory } from './advisory-import-protocol.js';

describe('src/services/advisory-import-protocol', () => {
  it('packs a prepared advisory into a tuple that survives the structured clone unchanged', async () => {
    const snapshot = join(PROJECT_ROOT, 'data/snapshot');
    const files = ['osv-crates-io', 'nvd', 'cve5'].map((name) => join(snapshot, name));
    let count = 0;
    const encodings = new Set<string>();
    for await (const item of readAdvisoryFiles(files)) {
      if (item.kind !== 'advisory') continue;
      const prepared = prepareAdvisory(item.advisory, item.osvRecord);

      const received = unpackAdvisory(structuredClone(packAdvisory(prepared)));

      expect(received).toStrictEqual(prepared);
      encodings.add(prepared.encoding);
      count += 1;
    }
    expect(count).toBeGreaterThan(100);
    expect([...encodings].sort()).toEqual(['advisory', 'osv']);
  });
});
