/**
 * Hand-checked findings on real data: each case below was checked by reading the advisory record
 * in ../shared/data/advisories (its ranges are quoted in the comment) and deciding by hand, in
 * the ecosystem's version order, whether the version is inside. Boundary versions sit exactly on
 * `introduced`, `fixed` and `last_affected`. Transitive dependencies and a negative control come
 * from real lockfiles in ../shared/data/lockfiles.
 *
 * Ecosystems with OSV data in ../shared/data/advisories: PyPI (pypa), crates.io (RustSec), Go
 * (golang/vulndb), Maven (GHSA subset). npm has no OSV corpus there (nodejs-security-wg and
 * retire.js use their own formats, which Ward does not import), so there is no npm section.
 * The Go corpus has no `last_affected` event at all (checked: 0 occurrences), so Go boundaries
 * are at `introduced` and `fixed`.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchComponents } from '../../src/matching/engine.js';
import { readInventories } from '../../src/services/inventory-files.js';
import { sharedData } from '../support/shared-data.js';
import { type Corpus, loadCorpus } from './ground-truth.js';

const advisories = sharedData('advisories');
const lockfiles = sharedData('lockfiles');

interface Case {
  ecosystem: string;
  name: string;
  version: string;
  id: string;
  affected: boolean;
  /** What was checked by hand. */
  check: string;
}

const CASES: Case[] = [
  // ---- PyPI (pypa/advisory-database) ----
  {
    ecosystem: 'PyPI',
    name: 'flask',
    version: '2.2.4',
    id: 'PYSEC-2023-62',
    affected: true,
    check: 'PYSEC-2023-62: [0, 2.2.5) and [2.3.0, 2.3.2); 2.2.4 < 2.2.5',
  },
  {
    ecosystem: 'PyPI',
    name: 'flask',
    version: '2.2.5',
    id: 'PYSEC-2023-62',
    affected: false,
    check: 'exactly at fixed 2.2.5; 2.2.5 < 2.3.0 so the second interval does not open',
  },
  {
    ecosystem: 'PyPI',
    name: 'Flask',
    version: '2.3.0',
    id: 'PYSEC-2023-62',
    affected: true,
    check: 'exactly at the second introduced 2.3.0 (name spelled Flask: PEP 503 normalised)',
  },
  {
    ecosystem: 'PyPI',
    name: 'flask',
    version: '2.3.2',
    id: 'PYSEC-2023-62',
    affected: false,
    check: 'exactly at the second fixed 2.3.2',
  },
  {
    ecosystem: 'PyPI',
    name: 'requests',
    version: '2.3.0',
    id: 'PYSEC-2023-74',
    affected: true,
    check:
      'PYSEC-2023-74 (CVE-2023-32681, Proxy-Authorization leak "since Requests 2.3.0"): [2.3.0, 2.31.0); at introduced',
  },
  {
    ecosystem: 'PyPI',
    name: 'requests',
    version: '2.2.1',
    id: 'PYSEC-2023-74',
    affected: false,
    check: 'below introduced 2.3.0',
  },
  {
    ecosystem: 'PyPI',
    name: 'requests',
    version: '2.31.0',
    id: 'PYSEC-2023-74',
    affected: false,
    check: 'exactly at fixed 2.31.0',
  },
  {
    ecosystem: 'PyPI',
    name: 'py',
    version: '1.11.0',
    id: 'PYSEC-2022-42969',
    affected: true,
    check: 'PYSEC-2022-42969: [0, last_affected 1.11.0] ("through 1.11.0"); at last_affected is inside',
  },
  {
    ecosystem: 'PyPI',
    name: 'py',
    version: '1.11.1',
    id: 'PYSEC-2022-42969',
    affected: false,
    check: 'above last_affected 1.11.0',
  },
  {
    ecosystem: 'PyPI',
    name: 'PyYAML',
    version: '5.1',
    id: 'PYSEC-2020-96',
    affected: true,
    check: 'PYSEC-2020-96 (CVE-2020-1747): [5.1, 5.3.1); at introduced 5.1',
  },
  {
    ecosystem: 'PyPI',
    name: 'pyyaml',
    version: '5.1',
    id: 'PYSEC-2018-49',
    affected: false,
    check: 'PYSEC-2018-49 (CVE-2017-18342, "before 5.1"): [0, 5.1); at fixed',
  },
  {
    ecosystem: 'PyPI',
    name: 'pyyaml',
    version: '5.0',
    id: 'PYSEC-2020-96',
    affected: false,
    check: 'below introduced 5.1 of PYSEC-2020-96 (but inside PYSEC-2018-49)',
  },
  {
    ecosystem: 'PyPI',
    name: 'jinja2',
    version: '2.10',
    id: 'PYSEC-2019-217',
    affected: true,
    check: 'PYSEC-2019-217 (CVE-2019-10906, "before 2.10.1"): [0, 2.10.1)',
  },
  {
    ecosystem: 'PyPI',
    name: 'Jinja2',
    version: '2.10.1',
    id: 'PYSEC-2019-217',
    affected: false,
    check: 'exactly at fixed 2.10.1',
  },

  // ---- crates.io (RustSec) ----
  {
    ecosystem: 'crates.io',
    name: 'smallvec',
    version: '0.6.5',
    id: 'RUSTSEC-2019-0009',
    affected: true,
    check: 'RUSTSEC-2019-0009: [0.6.5, 0.6.10); at introduced',
  },
  {
    ecosystem: 'crates.io',
    name: 'smallvec',
    version: '0.6.4',
    id: 'RUSTSEC-2019-0009',
    affected: false,
    check: 'below introduced 0.6.5',
  },
  {
    ecosystem: 'crates.io',
    name: 'smallvec',
    version: '0.6.10',
    id: 'RUSTSEC-2019-0009',
    affected: false,
    check: 'exactly at fixed 0.6.10',
  },
  {
    ecosystem: 'crates.io',
    name: 'smallvec',
    version: '0.6.10',
    id: 'RUSTSEC-2021-0003',
    affected: true,
    check: 'RUSTSEC-2021-0003: [0.6.3, 0.6.14) and [1.0.0, 1.6.1); 0.6.10 inside the first',
  },
  {
    ecosystem: 'crates.io',
    name: 'smallvec',
    version: '1.6.1',
    id: 'RUSTSEC-2021-0003',
    affected: false,
    check: 'exactly at the second fixed 1.6.1',
  },
  {
    ecosystem: 'crates.io',
    name: 'tokio',
    version: '1.8.0',
    id: 'RUSTSEC-2021-0072',
    affected: true,
    check: 'RUSTSEC-2021-0072: ... [1.8.0, 1.8.1); at the last introduced',
  },
  {
    ecosystem: 'crates.io',
    name: 'tokio',
    version: '1.8.1',
    id: 'RUSTSEC-2021-0072',
    affected: false,
    check: 'exactly at fixed 1.8.1',
  },
  {
    ecosystem: 'crates.io',
    name: 'rustls',
    version: '0.23.0',
    id: 'RUSTSEC-2024-0399',
    affected: false,
    check:
      'RUSTSEC-2024-0399: introduced 0.23.0 then fixed 0.23.0 (empty), then [0.23.13, 0.23.18); 0.23.0 is fixed',
  },
  {
    ecosystem: 'crates.io',
    name: 'rustls',
    version: '0.23.13',
    id: 'RUSTSEC-2024-0399',
    affected: true,
    check: 'at the second introduced 0.23.13',
  },
  {
    ecosystem: 'crates.io',
    name: 'time',
    version: '0.2.1',
    id: 'RUSTSEC-2020-0071',
    affected: false,
    check: 'RUSTSEC-2020-0071: introduced 0.2.1-0 then fixed 0.2.1 (advisory: unaffected =0.2.1)',
  },
  {
    ecosystem: 'crates.io',
    name: 'time',
    version: '0.2.22',
    id: 'RUSTSEC-2020-0071',
    affected: true,
    check: '[0.2.7-0, 0.2.23); 0.2.22 inside (advisory: patched >=0.2.23)',
  },
  {
    ecosystem: 'crates.io',
    name: 'openssl',
    version: '0.10.8',
    id: 'RUSTSEC-2018-0010',
    affected: true,
    check: 'RUSTSEC-2018-0010: [0.10.8, 0.10.9); at introduced',
  },
  {
    ecosystem: 'crates.io',
    name: 'crossbeam-channel',
    version: '0.5.15',
    id: 'RUSTSEC-2025-0024',
    affected: false,
    check: 'RUSTSEC-2025-0024: [0.5.12-0, 0.5.15); at fixed',
  },

  // ---- Go (golang/vulndb, SEMVER ranges, module versions with a leading v) ----
  {
    ecosystem: 'Go',
    name: 'stdlib',
    version: '1.19.0',
    id: 'GO-2022-0969',
    affected: true,
    check: 'GO-2022-0969: [0, 1.18.6) and [1.19.0-0, 1.19.1); 1.19.0 inside the second',
  },
  {
    ecosystem: 'Go',
    name: 'stdlib',
    version: '1.19.1',
    id: 'GO-2022-0969',
    affected: false,
    check: 'exactly at fixed 1.19.1',
  },
  {
    ecosystem: 'Go',
    name: 'stdlib',
    version: '1.18.6',
    id: 'GO-2022-0969',
    affected: false,
    check: 'at the first fixed 1.18.6, below the second introduced 1.19.0-0',
  },
  {
    ecosystem: 'Go',
    name: 'stdlib',
    version: '1.18.5',
    id: 'GO-2022-0969',
    affected: true,
    check: 'inside [0, 1.18.6)',
  },
  {
    ecosystem: 'Go',
    name: 'github.com/gogo/protobuf',
    version: 'v1.3.1',
    id: 'GO-2021-0053',
    affected: true,
    check: 'GO-2021-0053: [0, 1.3.2); v1.3.1 is 1.3.1',
  },
  {
    ecosystem: 'Go',
    name: 'github.com/gogo/protobuf',
    version: 'v1.3.2',
    id: 'GO-2021-0053',
    affected: false,
    check: 'exactly at fixed 1.3.2',
  },
  {
    ecosystem: 'Go',
    name: 'github.com/hashicorp/vault',
    version: 'v1.8.0',
    id: 'GO-2022-0578',
    affected: true,
    check: 'GO-2022-0578: [1.8.0, 1.8.5); at introduced',
  },
  {
    ecosystem: 'Go',
    name: 'github.com/hashicorp/vault',
    version: 'v1.7.9',
    id: 'GO-2022-0578',
    affected: false,
    check: 'below introduced 1.8.0',
  },
  {
    ecosystem: 'Go',
    name: 'github.com/hashicorp/vault',
    version: 'v1.8.5',
    id: 'GO-2022-0578',
    affected: false,
    check: 'exactly at fixed 1.8.5',
  },
  {
    ecosystem: 'Go',
    name: 'github.com/hashicorp/vault',
    version: 'v1.7.6',
    id: 'GO-2022-0611',
    affected: false,
    check:
      'GO-2022-0611: [0.11.0, 1.7.6) and [1.8.0, 1.8.5); at the first fixed, below the second introduced',
  },
  {
    ecosystem: 'Go',
    name: 'github.com/ipfs/go-bitfield',
    version: 'v1.0.0',
    id: 'GO-2023-1558',
    affected: true,
    check: 'GO-2023-1558: [0, 1.1.0)',
  },

  // ---- Maven (GHSA subset) ----
  {
    ecosystem: 'Maven',
    name: 'log4j:log4j',
    version: '1.2.17',
    id: 'GHSA-fp5r-v3w9-4333',
    affected: true,
    check:
      'GHSA-fp5r-v3w9-4333 (CVE-2021-4104, JMSAppender): [1.2.0, last_affected 1.2.17]; at last_affected',
  },
  {
    ecosystem: 'Maven',
    name: 'log4j:log4j',
    version: '1.1.3',
    id: 'GHSA-fp5r-v3w9-4333',
    affected: false,
    check: 'below introduced 1.2.0 in Maven order',
  },
  {
    ecosystem: 'Maven',
    name: 'log4j:log4j',
    version: '1.2.0',
    id: 'GHSA-fp5r-v3w9-4333',
    affected: true,
    check: 'exactly at introduced 1.2.0',
  },
  {
    ecosystem: 'Maven',
    name: 'org.apache.commons:commons-text',
    version: '1.5',
    id: 'GHSA-599f-7c49-w659',
    affected: true,
    check: 'GHSA-599f-7c49-w659 (CVE-2022-42889, Text4Shell): [1.5, 1.10.0); at introduced',
  },
  {
    ecosystem: 'Maven',
    name: 'org.apache.commons:commons-text',
    version: '1.4',
    id: 'GHSA-599f-7c49-w659',
    affected: false,
    check: 'below introduced 1.5',
  },
  {
    ecosystem: 'Maven',
    name: 'org.apache.commons:commons-text',
    version: '1.9',
    id: 'GHSA-599f-7c49-w659',
    affected: true,
    check: '1.9 < 1.10.0 in Maven order (not a string comparison)',
  },
  {
    ecosystem: 'Maven',
    name: 'org.apache.commons:commons-text',
    version: '1.10.0',
    id: 'GHSA-599f-7c49-w659',
    affected: false,
    check: 'exactly at fixed 1.10.0',
  },
  {
    ecosystem: 'Maven',
    name: 'org.bouncycastle:bcprov-jdk15on',
    version: '1.70',
    id: 'GHSA-hr8g-6v94-x4m9',
    affected: true,
    check: 'GHSA-hr8g-6v94-x4m9 (CVE-2023-33201): [1.49, last_affected 1.70]; at last_affected',
  },
  {
    ecosystem: 'Maven',
    name: 'org.bouncycastle:bcprov-jdk15on',
    version: '1.48',
    id: 'GHSA-hr8g-6v94-x4m9',
    affected: false,
    check: 'below introduced 1.49',
  },
  {
    ecosystem: 'Maven',
    name: 'dnsjava:dnsjava',
    version: '3.5.3',
    id: 'GHSA-cfxw-4h78-h7fw',
    affected: true,
    check: 'GHSA-cfxw-4h78-h7fw (CVE-2024-25638): [0, 3.6.0)',
  },
  {
    ecosystem: 'Maven',
    name: 'dnsjava:dnsjava',
    version: '3.6.0',
    id: 'GHSA-cfxw-4h78-h7fw',
    affected: false,
    check: 'exactly at fixed 3.6.0',
  },
  {
    ecosystem: 'Maven',
    name: 'org.codehaus.jackson:jackson-mapper-asl',
    version: '1.9.13',
    id: 'GHSA-c27h-mcmw-48hv',
    affected: true,
    check: 'GHSA-c27h-mcmw-48hv (CVE-2019-10202): [0, last_affected 1.9.13]',
  },
];

describe.skipIf(!advisories.present || !lockfiles.present)('hand-checked findings on real data', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus(advisories.path);
  });

  async function idsFor(ecosystem: string, name: string, version: string): Promise<string[]> {
    const { findings, undetermined } = await matchComponents(
      [{ ecosystem, name, version, location: { file: 'hand-checked' } }],
      corpus.index,
    );
    expect(undetermined).toEqual([]);
    return findings.flatMap((finding) => [finding.vulnerabilityId, ...finding.aliases]);
  }

  it('has at least 10 cases per ecosystem with data', () => {
    for (const ecosystem of ['PyPI', 'crates.io', 'Go', 'Maven'])
      expect(CASES.filter((entry) => entry.ecosystem === ecosystem).length).toBeGreaterThanOrEqual(10);
  });

  for (const entry of CASES) {
    it(`${entry.ecosystem} ${entry.name} ${entry.version} ${entry.affected ? 'is' : 'is not'} affected by ${entry.id} (${entry.check})`, async () => {
      const ids = await idsFor(entry.ecosystem, entry.name, entry.version);
      if (entry.affected) expect(ids).toContain(entry.id);
      else expect(ids).not.toContain(entry.id);
    });
  }

  it('finds the transitive (// indirect) golang.org/x/image v0.4.0 in a real go.mod at its line', async () => {
    // osv-scanner e2e call-analysis-go-project/go.mod line 9: `require golang.org/x/image v0.4.0 // indirect`.
    // GO-2023-1572 (CVE-2022-41727): [0, 0.5.0); GO-2023-1989/1990: [0, 0.10.0).
    const file = join(lockfiles.path, 'osv-scanner-e2e/source/call-analysis-go-project/go.mod');
    const inventory = await readInventories([file], {});
    const { findings } = await matchComponents(inventory.components, corpus.index);
    const image = findings.filter((finding) => finding.component.name === 'golang.org/x/image');
    expect(image.map((finding) => finding.component.direct)).toEqual(image.map(() => false));
    expect(image[0]?.component.location.line).toBe(9);
    const ids = image.flatMap((finding) => [finding.vulnerabilityId, ...finding.aliases]);
    expect(ids).toEqual(expect.arrayContaining(['GO-2023-1572', 'GO-2023-1989', 'GO-2023-1990']));
    // The smallest version fixing every x/image finding is the largest fix among them.
    const fixes = image.flatMap((finding) => finding.fixedVersions);
    expect(image[0]?.recommendedVersion).toBe('0.45.0');
    expect(fixes).toContain('0.5.0');
    // gogo/protobuf v1.3.1 is declared directly (line 5) and affected by GO-2021-0053.
    const gogo = findings.find((finding) => finding.component.name === 'github.com/gogo/protobuf');
    expect(gogo).toMatchObject({
      component: { direct: true, location: { line: 5 } },
      recommendedVersion: '1.3.2',
    });
  });

  it('finds pinned PyPI packages of a real app (pygoat requirements.txt) with one finding per alias group', async () => {
    // requirements.txt line 27 `PyYAML==5.1`: PYSEC-2020-96 [5.1, 5.3.1), PYSEC-2021-142
    // (CVE-2020-14343) [0, 5.4); PYSEC-2018-49 is fixed in 5.1 and must not appear.
    const inventory = await readInventories([join(lockfiles.path, 'vulnerable-apps/pygoat')], {});
    const { findings } = await matchComponents(inventory.components, corpus.index);
    const pyyaml = findings.filter((finding) => finding.component.name === 'PyYAML');
    const ids = pyyaml.map((finding) => finding.vulnerabilityId).sort();
    expect(ids).toEqual(expect.arrayContaining(['CVE-2020-14343', 'CVE-2020-1747']));
    expect(ids).not.toContain('CVE-2017-18342');
    expect(pyyaml[0]).toMatchObject({ component: { location: { line: 27 } }, recommendedVersion: '5.4' });
    const pysec96 = pyyaml.find((finding) => finding.vulnerabilityId === 'CVE-2020-1747');
    expect(pysec96?.aliases).toEqual(['GHSA-6757-jp84-gxfx', 'PYSEC-2020-96']);
  });

  it('negative control: a real Cargo.lock whose crates osv.dev also found clean yields no finding', async () => {
    const file = join(lockfiles.path, 'osv-scanner-e2e/image/test-image-with-deprecated/Cargo.lock');
    const inventory = await readInventories([file], {});
    expect(inventory.components.length).toBeGreaterThan(0);
    const result = await matchComponents(inventory.components, corpus.index);
    expect(result.findings).toEqual([]);
    expect(result.undetermined).toEqual([]);
  });
});
