/**
 * Every SBOM in ../shared/data/sboms and every dpkg/apk database in ../shared/data/lockfiles goes
 * through the parser that claims it. Component counts are checked against counts computed here by
 * a separate, deliberately simple method (a plain traversal, a tag count, a line count), so a
 * parser that silently drops or duplicates components fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { sharedData } from '../../test/support/shared-data.js';
import { WardError } from '../core/errors.js';
import { parseApkInstalled } from './apk-installed.js';
import { cycloneDxJsonParser } from './cyclonedx-json.js';
import { cycloneDxXmlParser } from './cyclonedx-xml.js';
import { parseDpkgStatus } from './dpkg-status.js';
import { sbomUnsupportedParser } from './sbom-unsupported.js';
import { spdxJsonParser } from './spdx-json.js';
import { spdxTagValueParser } from './spdx-tag-value.js';
import { spdxYamlParser } from './spdx-yaml.js';
import type { InventoryParser } from './types.js';

const SBOM_PARSERS: readonly InventoryParser[] = [
  cycloneDxJsonParser,
  cycloneDxXmlParser,
  spdxJsonParser,
  spdxTagValueParser,
  spdxYamlParser,
  sbomUnsupportedParser,
];

const NOT_DATA = /(^|\/)(README\.md|upstream-README\.md|LICENSE|COPYING|LICENSE-CC0-1\.0\.txt)$/;

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

function readText(path: string): { name: string; text: string } {
  const bytes = readFileSync(path);
  return path.endsWith('.gz')
    ? { name: path.slice(0, -3), text: gunzipSync(bytes).toString('utf8') }
    : { name: path, text: bytes.toString('utf8') };
}

// ----- independent counts ---------------------------------------------------------------------

/** CycloneDX JSON: objects with a name or purl under `components`, recursively (not metadata). */
function countCdxJson(text: string): number {
  const count = (list: unknown): number => {
    if (!Array.isArray(list)) return 0;
    let total = 0;
    for (const item of list) {
      if (typeof item !== 'object' || item === null) continue;
      const record = item as { name?: unknown; purl?: unknown; components?: unknown };
      if ((typeof record.name === 'string' && record.name !== '') || typeof record.purl === 'string') {
        total += 1 + count(record.components);
      }
    }
    return total;
  };
  return count((JSON.parse(text) as { components?: unknown }).components);
}

/**
 * CycloneDX XML: `<component>` elements at the inventory paths, by a plain walk over start and end
 * tags: bom/components/component and, below it, component/components/component. Components
 * elsewhere are not the inventory: <metadata> (the subject; since 1.5 also tools), <pedigree>
 * (ancestors, descendants and variants the component was derived from), <annotations>
 * (annotators), <vulnerabilities> (tools) and <formulation> (build recipes).
 */
function countCdxXml(text: string): number {
  // Comments go; CDATA sections become their text, escaped, so `<` inside them is no tag.
  const stripped = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_whole, inner: string) =>
      inner.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    );
  const stack: Array<{ name: string; inventory: boolean; identified: boolean }> = [];
  let count = 0;
  const tags = /<(\/?)([A-Za-z_][\w.:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g;
  for (const match of stripped.matchAll(tags)) {
    const [whole, close, qualified, rest] = match;
    const name = (qualified ?? '').replace(/^[\w.-]+:/, '');
    if (close) {
      const closed = stack.pop();
      if (closed?.inventory && closed.identified) count += 1;
      continue;
    }
    const path = `${stack.map((entry) => entry.name).join('/')}/${name}`;
    const inventory = /^bom\/components(\/component\/components)*\/component$/.test(path);
    // Like the spec's `name` requirement (with purl as the other identity): a component counts
    // when its own <name> or <purl> has text.
    const parent = stack.at(-1);
    if (parent?.inventory && (name === 'name' || name === 'purl')) {
      const start = (match.index ?? 0) + whole.length;
      if (stripped.slice(start, stripped.indexOf('<', start)).trim() !== '') parent.identified = true;
    }
    if (!(rest ?? '').endsWith('/')) stack.push({ name, inventory, identified: false });
  }
  return count;
}

function countSpdxJson(text: string): number {
  const packages = (JSON.parse(text) as { packages?: unknown }).packages;
  return Array.isArray(packages) ? packages.length : 0;
}

function countSpdxYaml(text: string): number {
  const packages = (parseYaml(text) as { packages?: unknown }).packages;
  return Array.isArray(packages) ? packages.length : 0;
}

function countSpdxTagValue(text: string): number {
  return (text.match(/^PackageName:/gm) ?? []).length;
}

function independentCount(parser: string, text: string): number {
  switch (parser) {
    case 'cyclonedx-json':
      return countCdxJson(text);
    case 'cyclonedx-xml':
      return countCdxXml(text);
    case 'spdx-json':
      return countSpdxJson(text);
    case 'spdx-tag-value':
      return countSpdxTagValue(text);
    case 'spdx-yaml':
      return countSpdxYaml(text);
    default:
      throw new Error(`no independent count for ${parser}`);
  }
}

function expectWardError(run: () => unknown, codes: readonly string[]): WardError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WardError);
    expect(codes).toContain((error as WardError).code);
    expect((error as WardError).file).toBeDefined();
    return error as WardError;
  }
  throw new Error('expected a WardError, but parsing succeeded');
}

// ----- the spec's invalid-* documents ---------------------------------------------------------
/*
 * cyclonedx-spec-testdata/<version>/invalid-*: documents the schema rejects. Ward is a reader,
 * not a validator, and the decision follows what the invalid part is and what real SBOMs do:
 *  - rejected (WardError naming file and line): documents that are no CycloneDX at all, a
 *    namespace naming no schema version (invalid-namespace); invalid-bomformat JSON is claimed by
 *    no parser (see the decoy branch); osv-scalibr's invalid_sbom.spdx ("Not an sbom at all!") is
 *    claimed by its extension and rejected.
 *  - read, with a problem at the entry's line: one bad entry in an otherwise good inventory, a
 *    component with neither name nor purl (invalid-empty-component, skipped), an empty or
 *    repeated bom-ref (invalid-component-ref), a dependency without a ref (invalid-dependency,
 *    ext/invalid-depgraph; its edges are ignored). Real scanners write exactly these: the SBOMs
 *    of osv-scanner's own e2e tests (../shared/data/lockfiles/osv-scanner-e2e) repeat bom-refs
 *    (Syft), leave the subject empty (SCALIBR) and carry an empty <name> (bad-purls), and
 *    osv-scanner reads them; rejecting the file would hide the rest of the inventory.
 *    `skip_invalid-empty-component-1.2.json` belongs here too (upstream skips it because the
 *    1.2 JSON schema gives `name` a default of "").
 *  - accepted, counted like valid documents: the invalid part is a field Ward never reads
 *    (hashes, licenses, metadata timestamp/licence/distribution, serial number, swid, issue and
 *    patch types, component type, scope value, properties, citations, service data, version
 *    ranges).
 */
const REJECTED_INVALID = /(?:^|\/)invalid[-_](namespace|sbom)(?:-[\d.]+)?\.[\w.]+$/;
const REJECTION_MESSAGE: Readonly<Record<string, RegExp>> = {
  namespace: /namespace/,
  sbom: /expected an SPDX/,
};
const ENTRY_PROBLEM =
  /(?:^|\/)(?:skip_)?invalid-(empty-component|component-ref|dependency|depgraph)-[\d.]+\.(?:xml|json)$/;
const ENTRY_PROBLEM_MESSAGE: Readonly<Record<string, RegExp>> = {
  'empty-component': /neither name nor purl; skipped/,
  'component-ref': /bom-ref/,
  dependency: /dependency has no ref/,
  depgraph: /dependency has no ref/,
};

// ----- SBOMs ----------------------------------------------------------------------------------

const sboms = sharedData('sboms');

describe.skipIf(!sboms.present)('src/inventory SBOM corpus (../shared/data/sboms)', () => {
  const files = sboms.present
    ? [...walk(sboms.path)].filter((path) => !NOT_DATA.test(relative(sboms.path, path)))
    : [];
  const tally = new Map<string, { files: number; components: number; failedAsExpected: number }>();
  const note = (key: string, components: number, failed = false): void => {
    const entry = tally.get(key) ?? { files: 0, components: 0, failedAsExpected: 0 };
    entry.files += 1;
    entry.components += components;
    if (failed) entry.failedAsExpected += 1;
    tally.set(key, entry);
  };

  it('finds the corpus', () => {
    // 82 bom-examples + 777 spec documents + 27 scalibr + 56 spdx-examples + 5 spec examples.
    expect(files.length).toBeGreaterThanOrEqual(940);
  });

  it.each(files.map((path) => [relative(sboms.path, path), path]))('%s', (_label, path) => {
    const { name, text } = readText(path);
    const head = text.slice(0, 4096);
    const claimed = SBOM_PARSERS.filter((parser) => parser.matches(name, head));
    expect(
      claimed.length,
      `parsers claiming ${name}: ${claimed.map((parser) => parser.id).join(', ')}`,
    ).toBeLessThanOrEqual(1);
    const parser = claimed[0];

    if (parser === undefined) {
      // Decoys (osv-scalibr's random_file.ext, *.foo.ext, invalid_sbom.cdxjson): not SBOMs, and
      // every parser forced on them says so with a WardError rather than crashing.
      for (const candidate of SBOM_PARSERS)
        expectWardError(() => candidate.parse(text, name), ['input.invalid', 'input.unsupported']);
      note('not an SBOM (no parser claims it)', 0, true);
      return;
    }
    if (parser.id === 'sbom-unsupported') {
      const error = expectWardError(() => parser.parse(text, name), ['input.unsupported']);
      expect(error.message).toMatch(/not supported/);
      note('unsupported (SPDX 3.0 JSON-LD / RDF / XML)', 0, true);
      return;
    }
    const relativePath = relative(sboms.path, path);
    const rejection = REJECTED_INVALID.exec(relativePath);
    if (rejection) {
      const error = expectWardError(() => parser.parse(text, name), ['input.invalid']);
      expect(error.file).toBe(name);
      // Position: the line in XML (every element has one); the JSON path in JSON.
      if (name.endsWith('.xml')) expect(error.line, error.describe()).toBeGreaterThan(0);
      else expect(error.line ?? error.field, error.describe()).toBeDefined();
      expect(error.describe()).toMatch(REJECTION_MESSAGE[rejection[1] ?? ''] ?? /^$/);
      note(`${parser.id} (invalid-* rejected: ${rejection[1]})`, 0, true);
      return;
    }
    const result = parser.parse(text, name);
    expect(result.parser).toBe(parser.id);
    const entryProblem = ENTRY_PROBLEM.exec(relativePath);
    if (entryProblem) {
      const expected = ENTRY_PROBLEM_MESSAGE[entryProblem[1] ?? ''] ?? /^$/;
      const matching = result.problems.filter((problem) => expected.test(problem.message));
      expect(matching.length, JSON.stringify(result.problems)).toBeGreaterThan(0);
      for (const problem of matching) {
        expect(problem.file).toBe(name);
        // XML names the line of the element; JSON names the field path (and the line when the
        // entry has a bom-ref or purl to find it by).
        if (name.endsWith('.xml')) expect(problem.line, problem.message).toBeGreaterThan(0);
        else expect(problem.field).toBeDefined();
      }
    }
    expect(result.components.length).toBe(independentCount(parser.id, text));
    for (const component of result.components) {
      expect(component.location.file).toBe(name);
      expect(typeof component.name).toBe('string');
      // XML: every inventory <component> has a start-tag line. JSON: lines are found through the
      // component's purl or bom-ref, so those that have one have a line.
      if (parser.id === 'cyclonedx-xml') expect(component.location.line).toBeGreaterThan(0);
      if (parser.id === 'cyclonedx-json' && component.purl)
        expect(component.location.line).toBeGreaterThan(0);
    }
    const kind = entryProblem
      ? ` (invalid-* read with a problem: ${entryProblem[1]})`
      : /(^|\/)invalid[-_]/.test(relativePath)
        ? ' (invalid-* accepted: the invalid field is one Ward does not read)'
        : '';
    note(parser.id + kind, result.components.length);
  });

  it('summary', () => {
    // Printed so the report can quote measured figures.
    console.info(
      [...tally.entries()]
        .map(
          ([key, { files: n, components, failedAsExpected }]) =>
            `${key}: ${n} files, ${components} components${failedAsExpected ? `, ${failedAsExpected} rejected` : ''}`,
        )
        .join('\n'),
    );
    expect(tally.size).toBeGreaterThan(0);
  });
});

// ----- host package databases ------------------------------------------------------------------

const dpkg = sharedData('lockfiles/dpkg-status');

describe.skipIf(!dpkg.present)('src/inventory dpkg corpus (../shared/data/lockfiles/dpkg-status)', () => {
  const files = dpkg.present
    ? [...walk(dpkg.path)].filter((path) => !NOT_DATA.test(relative(dpkg.path, path)))
    : [];

  it.each(files.map((path) => [relative(dpkg.path, path), path]))('%s', (label, path) => {
    const text = readFileSync(path, 'utf8');
    // Independent count: stanzas (blank-line separated) whose Status is "install ok installed",
    // or, in a distroless status.d file, that have no Status at all.
    const stanzas = text
      .split(/\n[ \t]*\n/)
      .filter((stanza) => /^Package:/m.test(stanza) && /^Version:/m.test(stanza));
    const distroless = label.includes('status.d/');
    const expected = stanzas.filter((stanza) =>
      /^Status:/m.test(stanza) ? /^Status: install ok installed$/m.test(stanza) : distroless,
    ).length;
    if (label.endsWith('.md5sums') || /(^|\/)invalid$/.test(label)) {
      expectWardError(() => parseDpkgStatus(text, label), ['input.invalid']);
      return;
    }
    const result = parseDpkgStatus(text, label);
    expect(result.components.length).toBe(expected);
  });

  it('reads the real Ubuntu bionic database with source packages', () => {
    const text = readFileSync(join(dpkg.path, 'from-trivy/status.ubuntu-bionic'), 'utf8');
    const result = parseDpkgStatus(text, 'status');
    const byName = (name: string) => result.components.find((component) => component.name === name);

    // 91 stanzas, one `deinstall ok config-files` (removed, only its conffiles remain): 90 installed.
    expect(result.components.length).toBe(90);
    expect((text.match(/^Package:/gm) ?? []).length).toBe(91);
    // A binNMU: binary liblzma5 5.1.1alpha+20120614-2+b3 is built from source xz-utils at the
    // source's own version (`Source: xz-utils (5.1.1alpha+20120614-2)`), which Debian/Ubuntu
    // advisories name.
    expect(byName('liblzma5')).toMatchObject({
      ecosystem: 'Debian',
      version: '5.1.1alpha+20120614-2+b3',
      sourceName: 'xz-utils',
      sourceVersion: '5.1.1alpha+20120614-2',
    });
    // `Source: glibc` without a version: the source version is the binary's (dpkg rule).
    expect(byName('libc6')).toMatchObject({ sourceName: 'glibc', sourceVersion: byName('libc6')?.version });
    const withSource = result.components.filter((component) => component.sourceName !== component.name);
    expect(withSource.length).toBeGreaterThan(20);
  });
});

const apk = sharedData('lockfiles/apk-installed');

describe.skipIf(!apk.present)('src/inventory apk corpus (../shared/data/lockfiles/apk-installed)', () => {
  const files = apk.present
    ? [...walk(apk.path)].filter((path) => !NOT_DATA.test(relative(apk.path, path)))
    : [];

  it.each(files.map((path) => [relative(apk.path, path), path]))('%s', (label, path) => {
    const text = readFileSync(path, 'utf8');
    if (/(^|\/)invalid$/.test(label)) {
      expectWardError(() => parseApkInstalled(text, label), ['input.invalid']);
      return;
    }
    const result = parseApkInstalled(text, label);
    // Independent count: blank-line separated stanzas with both a `P:` and a `V:` line. A stanza
    // without V: is no installable package (trivy's fixture has `invalidPackageWithoutAVersion`):
    // it is skipped and reported as a problem at its line.
    const stanzas = text.split(/\n[ \t]*\n/).filter((stanza) => /^P:/m.test(stanza));
    const versionless = stanzas.filter((stanza) => !/^V:/m.test(stanza)).length;
    expect(result.components.length).toBe(stanzas.length - versionless);
    expect(result.problems.filter((problem) => /has no version/.test(problem.message)).length).toBe(
      versionless,
    );
    expect(result.components.every((component) => component.sourceName)).toBe(true);
  });
});

// ----- SBOMs among the lockfiles (osv-scanner's e2e inputs) ----------------------------------

const e2e = sharedData('lockfiles/osv-scanner-e2e');

describe.skipIf(!e2e.present)('src/inventory SBOMs in ../shared/data/lockfiles/osv-scanner-e2e', () => {
  const files = e2e.present
    ? [...walk(e2e.path)].filter((path) =>
        SBOM_PARSERS.some(
          (parser) =>
            parser.id !== 'sbom-unsupported' &&
            parser.matches(path, readFileSync(path, 'utf8').slice(0, 4096)),
        ),
      )
    : [];
  const parse = (path: string) => {
    const text = readFileSync(path, 'utf8');
    const parser = SBOM_PARSERS.find((candidate) => candidate.matches(path, text.slice(0, 4096)));
    if (!parser) throw new Error(`no parser for ${path}`);
    return { text, parser, result: parser.parse(text, relative(e2e.path, path)) };
  };

  it('finds the scanner-made SBOMs (Syft, SCALIBR, Trivy-style CycloneDX; SPDX)', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files.map((path) => [relative(e2e.path, path), path]))('%s', (_label, path) => {
    const { text, parser, result } = parse(path);
    expect(result.components.length).toBe(independentCount(parser.id, text));
    expect(
      result.components.every(
        (component) =>
          component.purl !== undefined || component.cpe !== undefined || component.ecosystem === '',
      ),
    ).toBe(true);
  });

  it('reads what real producers write that the schema forbids, reporting it at the line', () => {
    const duplicates = parse(join(e2e.path, 'source/sbom-insecure/with-duplicates.cdx.xml')).result;
    expect(
      duplicates.problems
        .filter((problem) => /repeats the one at line/.test(problem.message))
        .map((problem) => problem.line),
    ).toEqual([337, 584]);
    const badPurls = parse(join(e2e.path, 'source/sbom-insecure/bad-purls.cdx.xml')).result;
    expect(
      badPurls.problems
        .filter((problem) => /neither name nor purl/.test(problem.message))
        .map((problem) => problem.line),
    ).toEqual([552]);
    // SCALIBR leaves the subject empty: no asset, no problem, the one package still read.
    const scalibr = parse(join(e2e.path, 'source/sbom-insecure/alpine-zlib-16.cdx.json')).result;
    expect(scalibr.assets).toEqual([]);
    expect(
      scalibr.components.map((component) => [component.ecosystem, component.name, component.version]),
    ).toEqual([['Alpine:v3.22', 'zlib', '1.2.12-r1']]);
  });
});
