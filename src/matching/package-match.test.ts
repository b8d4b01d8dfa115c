/**
 * What a version is found affected by must not depend on which other versions the same scan
 * decided first: the engine shares outcomes, groups, fix ranks and boundary cells between the
 * versions of a package. Checked on the bundled OSV snapshot (data/snapshot, real PyPI, Go,
 * crates.io and GHSA records) at every version those records name, plus versions between and
 * beyond them: one scan of all of them must give, finding for finding, what a scan of each alone
 * gives, in either order.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { versionsNamedBy } from '../../test/support/advisories.js';
import type { Advisory } from '../advisories/types.js';
import type { Component } from '../inventory/types.js';
import { readAdvisoryFiles } from '../services/advisory-files.js';
import { getVersionScheme } from '../versions/index.js';
import { matchComponents } from './engine.js';
import { MemoryAdvisoryIndex } from './memory-index.js';
import { BoundaryTable, collectFixed, evaluateAffected } from './osv-range.js';

const SNAPSHOT = fileURLToPath(new URL('../../data/snapshot/', import.meta.url));

const advisories: Advisory[] = [];

beforeAll(async () => {
  const ids = new Set<string>();
  for await (const item of readAdvisoryFiles(
    ['osv-pypi', 'osv-go', 'osv-crates-io', 'osv-ghsa'].map((folder) => join(SNAPSHOT, folder)),
  )) {
    if (item.kind === 'advisory' && !item.advisory.withdrawn && !ids.has(item.advisory.id)) {
      ids.add(item.advisory.id);
      advisories.push(item.advisory);
    }
  }
});

/** Every (ecosystem, name) with its affected entries and every version the entries name. */
function packages(): Map<
  string,
  { ecosystem: string; name: string; entries: Advisory['affected']; versions: Set<string> }
> {
  const byName = new Map<
    string,
    { ecosystem: string; name: string; entries: Advisory['affected']; versions: Set<string> }
  >();
  for (const advisory of advisories) {
    for (const affected of advisory.affected) {
      const key = `${affected.package.ecosystem}\u0000${affected.package.normalizedName}`;
      let entry = byName.get(key);
      if (!entry) {
        entry = {
          ecosystem: affected.package.ecosystem,
          name: affected.package.name,
          entries: [],
          versions: new Set(),
        };
        byName.set(key, entry);
      }
      entry.entries.push(affected);
      for (const version of versionsNamedBy(affected)) entry.versions.add(version);
    }
  }
  return byName;
}

/**
 * Versions named by the records, and probes below, between (…-rc, .post) and above them; at
 * most `limit`, taken evenly, to keep the test quick.
 */
function probeVersions(
  named: Iterable<string>,
  ecosystem: string,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const probes = new Set(named);
  for (const version of named) {
    if (ecosystem === 'PyPI') probes.add(`${version}.post1`);
    else probes.add(`${version}-rc.1`);
  }
  const all = [...probes];
  const step = Math.max(1, Math.ceil(all.length / limit));
  const picked = all.filter((_, i) => i % step === 0);
  return [...picked, '0.0.1', '99.0.0', 'not a version'];
}

describe('matching/package-match', () => {
  it('decides every version of a package alike, alone or among all the others, in any order', async () => {
    const index = new MemoryAdvisoryIndex(advisories);
    // The packages named by the most entries: where sharing between versions does the most.
    const busiest = [...packages().values()].sort((a, b) => b.entries.length - a.entries.length).slice(0, 8);
    const components: Component[] = [];
    for (const pkg of busiest) {
      for (const version of probeVersions(pkg.versions, pkg.ecosystem, 40)) {
        components.push({
          ecosystem: pkg.ecosystem,
          name: pkg.name,
          version,
          location: { file: 'inventory.lock', line: components.length + 1 },
        });
      }
    }
    expect(busiest.reduce((sum, pkg) => sum + pkg.entries.length, 0)).toBeGreaterThan(100);

    const together = await matchComponents(components, index);
    const reversed = await matchComponents([...components].reverse(), index);
    const alone = [];
    const undeterminedAlone = [];
    for (const component of components) {
      const result = await matchComponents([component], index);
      alone.push(...result.findings);
      undeterminedAlone.push(...result.undetermined);
    }
    expect(components.length).toBeGreaterThan(250);
    expect(together.findings.length).toBeGreaterThan(500);
    expect(together.findings.some((finding) => finding.recommendedVersion)).toBe(true);
    expect(together.findings).toEqual(alone);
    expect(reversed.findings).toEqual(alone);
    expect(together.undetermined).toEqual(undeterminedAlone);
  });

  it('reports findings in file, line, name, vulnerability order whatever the input order', async () => {
    const index = new MemoryAdvisoryIndex(advisories);
    const busiest = [...packages().values()].sort((a, b) => b.entries.length - a.entries.length).slice(0, 3);
    const components: Component[] = busiest.flatMap((pkg, p) =>
      probeVersions(pkg.versions, pkg.ecosystem, 5).map((version, v) => ({
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version,
        // Several files, lines out of order, and one component listed twice in a row.
        location: { file: `lock-${(p + v) % 2}`, line: 100 - v },
      })),
    );
    components.push(components[0]!);
    components.push(components[0]!);
    const { findings } = await matchComponents([...components].reverse(), index);
    const collator = new Intl.Collator();
    const key = (finding: (typeof findings)[number]) => [
      finding.component.location.file,
      finding.component.location.line ?? 0,
      finding.component.name,
      finding.vulnerabilityId,
    ];
    for (let i = 1; i < findings.length; i++) {
      const [fileA, lineA, nameA, idA] = key(findings[i - 1]!);
      const [fileB, lineB, nameB, idB] = key(findings[i]!);
      const order =
        collator.compare(String(fileA), String(fileB)) ||
        Number(lineA) - Number(lineB) ||
        collator.compare(String(nameA), String(nameB)) ||
        collator.compare(String(idA), String(idB));
      expect(order, `finding ${i}`).toBeLessThanOrEqual(0);
    }
    expect(findings.length).toBeGreaterThan(20);

    // One component object listed twice in a row: its findings interleave by vulnerability.
    const twice = components.find(
      (component) => findings.filter((finding) => finding.component === component).length >= 4,
    )!;
    const doubled = await matchComponents([twice, twice], index);
    const ids = doubled.findings.map((finding) => finding.vulnerabilityId);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(ids).toEqual([...ids].sort((a, b) => collator.compare(a, b)));
  });

  it("a boundary cell's shared evaluations are exactly evaluateAffected's, version by version", () => {
    let checked = 0;
    for (const pkg of packages().values()) {
      if (pkg.entries.length < 3) continue;
      const table = new BoundaryTable(pkg.entries);
      for (const version of probeVersions(pkg.versions, pkg.ecosystem, 150)) {
        const shared = new Map(
          table.evaluationsAt(version).map((evaluation) => [evaluation.entry, evaluation]),
        );
        const affectedEntries = pkg.entries.flatMap((affected, i) =>
          evaluateAffected(affected, version).status === 'affected' ? [i] : [],
        );
        expect(table.affectedEntriesAt(version), `${pkg.name} ${version}`).toEqual(affectedEntries);
        pkg.entries.forEach((affected, i) => {
          const plain = evaluateAffected(affected, version);
          const evaluation = shared.get(i);
          const where = `${pkg.name} ${version} entry ${i}`;
          if (plain.status === 'not-affected') {
            expect(evaluation, where).toBeUndefined();
            return;
          }
          expect(evaluation?.status, where).toBe(plain.status);
          if (plain.status !== 'affected') return;
          const { rule, versioned, detail, fixedVersions } = evaluation!;
          expect({ rule, detail: versioned ? version + detail : detail, fixedVersions }, where).toEqual({
            rule: plain.rule,
            detail: plain.detail,
            fixedVersions: plain.fixedVersions,
          });
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
  it('lists fixes and recommends upgrades as comparing one by one does, where Maven orders intransitively', async () => {
    // Fix lists are cut and upgrades searched among fixed versions ranked once per package; on
    // Maven that ranking meets the scheme's intransitive corners (Jetty's 9.4.6.v20170531).
    const maven = [...packages().values()].filter((pkg) => pkg.ecosystem === 'Maven');
    const scheme = getVersionScheme('Maven')!;
    const components: Component[] = maven.flatMap((pkg) =>
      probeVersions(pkg.versions, pkg.ecosystem, 30).map((version, line) => ({
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version,
        location: { file: pkg.name, line },
      })),
    );
    const { findings } = await matchComponents(components, new MemoryAdvisoryIndex(advisories));
    const entriesOf = new Map(maven.map((pkg) => [pkg.name, pkg.entries]));
    const byId = new Map(advisories.map((advisory) => [advisory.id, advisory]));
    let checked = 0;
    for (const finding of findings) {
      const { name, version } = finding.component;
      const current = scheme.parse(version)!;
      const above = (raw: string): boolean => {
        const parsed = scheme.parse(raw);
        return parsed !== undefined && scheme.compare(parsed, current) > 0;
      };
      // The fixed versions of the entries behind the finding that affect this version, above it.
      const fixes = new Set<string>();
      for (const { advisoryId } of finding.evidence)
        for (const affected of byId.get(advisoryId)!.affected)
          if (affected.package.name === name && evaluateAffected(affected, version).status === 'affected')
            for (const fixed of collectFixed(affected.ranges)) if (above(fixed)) fixes.add(fixed);
      const where = `${name} ${version} ${finding.vulnerabilityId}`;
      expect([...finding.fixedVersions].sort(), where).toEqual([...fixes].sort());
      if (finding.recommendedVersion !== undefined) {
        // Above the version, and clear of every entry affecting the version (entries that only
        // start later may affect it: the upgrade fixes this component's findings).
        expect(above(finding.recommendedVersion), where).toBe(true);
        for (const affected of entriesOf.get(name)!)
          if (evaluateAffected(affected, version).status === 'affected')
            expect(evaluateAffected(affected, finding.recommendedVersion).status, where).not.toBe('affected');
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
