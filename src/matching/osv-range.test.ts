/**
 * OSV range semantics on real records (ranges copied verbatim from ../shared/data/advisories,
 * record ids cited), with boundary versions exactly at introduced, fixed and last_affected.
 */
import { describe, expect, it } from 'vitest';
import { affectedOf } from '../../test/support/advisories.js';
import { BoundaryTable, evaluateAffected } from './osv-range.js';

// PYSEC-2005-1 (pypa/advisory-database): trac, introduced 0, fixed 0.10, versions [0.8.4, 0.9].
const trac = affectedOf({
  ecosystem: 'PyPI',
  name: 'trac',
  ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0.10' }] }],
  versions: ['0.8.4', '0.9'],
});
// PYSEC-2008-3: cherrypy, two intervals in one range: [0, 2.1.1) and [3.0, 3.0.2).
const cherrypy = affectedOf({
  ecosystem: 'PyPI',
  name: 'cherrypy',
  ranges: [
    {
      type: 'ECOSYSTEM',
      events: [{ introduced: '0' }, { fixed: '2.1.1' }, { introduced: '3.0' }, { fixed: '3.0.2' }],
    },
  ],
});
// PYSEC-2022-42969: py, introduced 0, last_affected 1.11.0 (no fix published).
const py = affectedOf({
  ecosystem: 'PyPI',
  name: 'py',
  ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '1.11.0' }] }],
});
// GO-2022-0354 (golang/vulndb): cri-o, five SEMVER intervals.
const crio = affectedOf({
  ecosystem: 'Go',
  name: 'github.com/cri-o/cri-o',
  ranges: [
    {
      type: 'SEMVER',
      events: [
        { introduced: '1.19.0' },
        { fixed: '1.19.6' },
        { introduced: '1.20.0' },
        { fixed: '1.20.7' },
        { introduced: '1.21.0' },
        { fixed: '1.21.6' },
        { introduced: '1.22.0' },
        { fixed: '1.22.3' },
        { introduced: '1.23.0' },
        { fixed: '1.23.2' },
      ],
    },
  ],
});
// GO-2022-0357: argo-cd/v2, with a pre-release introduced (2.3.0-rc1) and its fix at 2.3.0.
const argo = affectedOf({
  ecosystem: 'Go',
  name: 'github.com/argoproj/argo-cd/v2',
  ranges: [
    {
      type: 'SEMVER',
      events: [
        { introduced: '0' },
        { fixed: '2.1.11' },
        { introduced: '2.2.0' },
        { fixed: '2.2.6' },
        { introduced: '2.3.0-rc1' },
        { fixed: '2.3.0' },
      ],
    },
  ],
});

describe('matching/osv-range', () => {
  it.each([
    [trac, '0.9', 'affected', 'osv-versions'],
    [trac, '0.8.4', 'affected', 'osv-versions'],
    [trac, '0.9.5', 'affected', 'osv-range'],
    [trac, '0.10', 'not-affected', 'none'], // exactly at fixed
    [trac, '0.10.0', 'not-affected', 'none'], // PEP 440: 0.10.0 == 0.10
    [trac, '0.10rc1', 'affected', 'osv-range'], // pre-release of the fix is still before it
    [trac, '1.0', 'not-affected', 'none'],
    [cherrypy, '2.1.0', 'affected', 'osv-range'],
    [cherrypy, '2.1.1', 'not-affected', 'none'],
    [cherrypy, '2.2', 'not-affected', 'none'], // between the two intervals
    [cherrypy, '3.0', 'affected', 'osv-range'], // exactly at the second introduced
    [cherrypy, '3.0.1', 'affected', 'osv-range'],
    [cherrypy, '3.0.2', 'not-affected', 'none'],
    [py, '1.11.0', 'affected', 'osv-range'], // exactly at last_affected: still affected
    [py, '1.11.0.post1', 'not-affected', 'none'], // PEP 440 post-release sorts after 1.11.0
    [py, '1.10.0', 'affected', 'osv-range'],
    [crio, 'v1.18.9', 'not-affected', 'none'],
    [crio, 'v1.19.0', 'affected', 'osv-range'],
    [crio, 'v1.19.6', 'not-affected', 'none'],
    [crio, 'v1.22.2', 'affected', 'osv-range'],
    [crio, 'v1.23.2', 'not-affected', 'none'],
    [argo, 'v2.3.0-rc1', 'affected', 'osv-range'],
    [argo, 'v2.3.0-rc0', 'not-affected', 'none'], // before the pre-release that introduced it
    [argo, 'v2.3.0', 'not-affected', 'none'],
    [argo, 'v2.2.5', 'affected', 'osv-range'],
  ] as const)('%#: %s', (affected, version, status, rule) => {
    const result = evaluateAffected(affected, version);

    expect({ status: result.status, rule: result.rule }).toEqual({ status, rule });
  });

  it('explains the interval a version falls in', () => {
    expect(evaluateAffected(cherrypy, '3.0.1').detail).toBe('3.0.1 in [introduced 3.0, fixed 3.0.2) (PyPI)');
    expect(evaluateAffected(py, '1.0').detail).toBe('1.0 in [0, last_affected 1.11.0] (PyPI)');
  });

  it('limit bounds the range from above', () => {
    const limited = affectedOf({
      ecosystem: 'PyPI',
      name: 'x',
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { limit: '2.0' }] }],
    });

    expect(evaluateAffected(limited, '1.5').status).toBe('affected');
    expect(evaluateAffected(limited, '2.0').status).toBe('not-affected');
    expect(evaluateAffected(limited, '0.9').status).toBe('not-affected');
  });

  it('GIT ranges decide nothing about versions unless a versions list does', () => {
    const gitOnly = affectedOf({
      ecosystem: 'PyPI',
      name: 'x',
      ranges: [
        { type: 'GIT', repo: 'https://example.org/x', events: [{ introduced: '0' }, { fixed: 'abc123' }] },
      ],
    });
    const gitWithVersions = affectedOf({
      ecosystem: 'PyPI',
      name: 'x',
      ranges: [
        { type: 'GIT', repo: 'https://example.org/x', events: [{ introduced: '0' }, { fixed: 'abc123' }] },
      ],
      versions: ['1.0', '1.1'],
    });

    expect(evaluateAffected(gitOnly, '1.0').status).toBe('unknown');
    expect(evaluateAffected(gitWithVersions, '1.1').status).toBe('affected');
    expect(evaluateAffected(gitWithVersions, '1.2').status).toBe('not-affected');
  });

  it('reports an unparsable version or unknown ecosystem as unknown, never as a string comparison', () => {
    const unknownEcosystem = affectedOf({
      ecosystem: 'NoSuchEcosystem',
      name: 'x',
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2' }] }],
    });

    expect(evaluateAffected(trac, 'not a version!').status).toBe('unknown');
    expect(evaluateAffected(unknownEcosystem, '1').status).toBe('unknown');
  });

  it('an entry with neither ranges nor versions affects every version', () => {
    expect(evaluateAffected(affectedOf({ ecosystem: 'PyPI', name: 'x' }), '9.9').status).toBe('affected');
  });
});

// GO-2022-0969 (golang/vulndb): stdlib, SEMVER [0, 1.18.6) and [1.19.0-0, 1.19.1). Go release
// names omit a zero patch: osv.dev answers stdlib "1.19" with this record (ground truth).
describe('Go release names without a patch number', () => {
  const stdlib = affectedOf({
    ecosystem: 'Go',
    name: 'stdlib',
    ranges: [
      {
        type: 'SEMVER',
        events: [{ introduced: '0' }, { fixed: '1.18.6' }, { introduced: '1.19.0-0' }, { fixed: '1.19.1' }],
      },
    ],
  });
  it('reads 1.19 as 1.19.0 (inside [1.19.0-0, 1.19.1))', () => {
    expect(evaluateAffected(stdlib, '1.19').status).toBe('affected');
    expect(evaluateAffected(stdlib, 'v1.19').status).toBe('affected');
  });
  it('reads 1.20 as 1.20.0 (outside every interval) and keeps rejecting non-SemVer text', () => {
    expect(evaluateAffected(stdlib, '1.20').status).toBe('not-affected');
    expect(evaluateAffected(stdlib, '1.19rc1').status).toBe('unknown');
  });
});

// A scan decides entries through a per-package BoundaryTable (integer positions among every
// event version of the package) and `table.status`; both must answer exactly as the plain
// evaluation does, at every boundary, between boundaries, and for versions no scheme parses.
describe('BoundaryTable agrees with evaluateAffected', () => {
  const entries = [trac, cherrypy, py, crio, argo];
  const versions = new Set(['0', '0.1', '0.9.9', '1.0', '2.0.5', '3.0.1', '99', 'not a version', '1.19rc1']);
  for (const affected of entries) {
    for (const version of affected.versions) versions.add(version);
    for (const range of affected.ranges)
      for (const event of range.events) {
        const raw = Object.values(event)[0] as string;
        versions.add(raw);
        versions.add(`v${raw}`);
        versions.add(`${raw}.1`);
        versions.add(`${raw}-rc1`);
      }
  }
  function expectAgreement(tables: ReadonlyArray<ReadonlyArray<typeof trac>>): void {
    for (const group of tables) {
      const table = new BoundaryTable(group);
      for (const affected of group) {
        for (const version of versions) {
          const plain = evaluateAffected(affected, version);
          expect(table.status(affected, version), `${affected.package.name} ${version}`).toBe(plain.status);
          expect(evaluateAffected(affected, version, table)).toEqual(plain);
        }
      }
    }
  }
  it('with one table for all the entries (PyPI and SemVer orders mixed)', () => expectAgreement([entries]));
  it('with one table per entry', () => expectAgreement(entries.map((entry) => [entry])));
});
