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
import { sharedData } from '../../test/support/shared-data.js';
import { WardError } from '../core/errors.js';
import { parseApkInstalled } from './apk-installed.js';
import { cycloneDxJsonParser } from './cyclonedx-json.js';
import { cycloneDxXmlParser } from './cyclonedx-xml.js';
import { parseDpkgStatus } from './dpkg-status.js';
import { sbomUnsupportedParser } from './sbom-unsupported.js';
import { spdxJsonParser } from './spdx-json.js';
import { spdxTagValueParser } from './spdx-tag-value.js';
import type { InventoryParser } from './types.js';

const SBOM_PARSERS: readonly InventoryParser[] = [
  cycloneDxJsonParser,
  cycloneDxXmlParser,
  spdxJsonParser,
  spdxTagValueParser,
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
  const stripped = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const stack: string[] = [];
  let count = 0;
  for (const [, close, qualified, rest] of stripped.matchAll(
    /<(\/?)([A-Za-z_][\w.:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g,
  )) {
    const name = (qualified ?? '').replace(/^[\w.-]+:/, '');
    if (close) {
      stack.pop();
      continue;
    }
    const path = `${stack.join('/')}/${name}`;
    if (/^bom\/components(\/component\/components)*\/component$/.test(path)) count += 1;
    if (!(rest ?? '').endsWith('/')) stack.push(name);
  }
  return count;
}

function countSpdxJson(text: string): number {
  const packages = (JSON.parse(text) as { packages?: unknown }).packages;
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
 * not a validator, so the decision follows what the invalid part is:
 *  - rejected (WardError naming file and line/field): the parts Ward reads to build the
 *    inventory: a component without a name (empty-component), empty or duplicate bom-refs
 *    (component-ref; the dependency graph could point at either), dependencies without a ref
 *    (dependency; direct vs transitive becomes unknowable), a namespace that names no schema
 *    version (namespace), the same for the 1.0 dependency-graph extension (ext/invalid-depgraph).
 *    `skip_invalid-empty-component-1.2.json` is skipped upstream because the 1.2 JSON schema gives
 *    `name` a default of ""; its own $comment says it is meant to fail, and a component with
 *    neither name nor purl names nothing Ward could match, so it is rejected too.
 *    invalid-bomformat JSON is claimed by no parser (see the decoy branch); osv-scalibr's
 *    invalid_sbom.spdx ("Not an sbom at all!") is claimed by its extension and rejected.
 *  - accepted, counted like valid documents: the invalid part is a field Ward never reads
 *    (hashes, licenses, metadata timestamp/licence/distribution, serial number, swid, issue and
 *    patch types, component type, scope value, properties, citations, service data, version
 *    ranges), the same leniency as osv-scanner, Trivy and Grype show for these fields.
 */
const REJECTED_INVALID =
  /(?:^|\/)(?:skip_)?invalid[-_](empty-component|component-ref|dependency|depgraph|namespace|sbom)(?:-[\d.]+)?\.[\w.]+$/;
const REJECTION_MESSAGE: Readonly<Record<string, RegExp>> = {
  'empty-component':
    /expected a (<component>|component)( object)? with a (<name>|name)|expected a component object/,
  'component-ref': /bom-ref/,
  dependency: /non-empty ref/,
  depgraph: /non-empty ref/,
  namespace: /namespace/,
  sbom: /expected an SPDX/,
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
      note('unsupported (SPDX 3.0 / RDF / XML / YAML)', 0, true);
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
    note(
      parser.id +
        (/(^|\/)invalid[-_]/.test(relativePath)
          ? ' (invalid-* accepted: the invalid field is one Ward does not read)'
          : ''),
      result.components.length,
    );
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
