import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/support/shared-data.js';
import { WardError } from './errors.js';
import { formatPurl, packageToPurl, parsePurl, purlToPackage } from './purl.js';

interface FixtureCase {
  line: number;
  purl: string;
  expected: { ecosystem: string; name: string; version: string | undefined } | 'unsupported';
}

function readFixture(): FixtureCase[] {
  const text = readFileSync(new URL('../../test/fixtures/core/purls.txt', import.meta.url), 'utf8');
  const cases: FixtureCase[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const [purl = '', ecosystem = '', name = '', version = ''] = raw.split('\t');
    cases.push({
      line: index + 1,
      purl,
      expected:
        ecosystem === 'unsupported'
          ? 'unsupported'
          : { ecosystem, name, version: version === '-' ? undefined : version },
    });
  });
  return cases;
}

const FIXTURE = readFixture();

function expectWardError(action: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WardError);
  expect((caught as WardError).code).toBe('input.invalid');
  expect((caught as WardError).message).toMatch(message);
}

describe('core/purl', () => {
  it('reads a fixture with cases for every mapped ecosystem', () => {
    const ecosystems = new Set(
      FIXTURE.flatMap((c) => (c.expected === 'unsupported' ? [] : [c.expected.ecosystem.split(':')[0]])),
    );

    expect(FIXTURE.length).toBeGreaterThanOrEqual(40);
    expect([...ecosystems].sort()).toEqual(
      [
        'Alpine',
        'Bitnami',
        'CRAN',
        'Debian',
        'Go',
        'Hackage',
        'Hex',
        'Maven',
        'NuGet',
        'Packagist',
        'Pub',
        'PyPI',
        'Red Hat',
        'Rocky Linux',
        'RubyGems',
        'SwiftURL',
        'Ubuntu',
        'Wolfi',
        'crates.io',
        'npm',
        'openSUSE',
      ].sort(),
    );
  });

  describe('purlToPackage', () => {
    it.each(FIXTURE.map((c) => [c.line, c.purl, c] as const))('purls.txt:%i %s', (_line, purl, fixture) => {
      const result = purlToPackage(purl);

      if (fixture.expected === 'unsupported') {
        expect(result.status).toBe('unsupported');
        if (result.status === 'unsupported') expect(result.reason.length).toBeGreaterThan(10);
      } else {
        expect(result.status).toBe('supported');
        if (result.status === 'supported') {
          expect({ ecosystem: result.ecosystem, name: result.name, version: result.version }).toEqual(
            fixture.expected,
          );
        }
      }
    });

    it('names the distro source package from the upstream/source qualifier', () => {
      const debian = purlToPackage(
        'pkg:deb/debian/libcap-ng0@0.7.7-3+b1?arch=amd64&upstream=libcap-ng%400.7.7-3&distro=debian-9',
      );
      const alpine = purlToPackage('pkg:apk/alpine/libssl3@3.0.8-r0?upstream=openssl&distro=alpine-3.17.2');

      expect(debian).toMatchObject({ sourceName: 'libcap-ng', sourceVersion: '0.7.7-3' });
      expect(alpine).toMatchObject({ sourceName: 'openssl' });
      expect(alpine).not.toHaveProperty('sourceVersion');
    });

    it('keeps the bare distro ecosystem when the release cannot be told', () => {
      expect(purlToPackage('pkg:deb/debian/curl@7.50.3-1')).toMatchObject({ ecosystem: 'Debian' });
      expect(purlToPackage('pkg:apk/alpine/zlib@1.2.13-r0?distro=alpine-edge')).toMatchObject({
        ecosystem: 'Alpine',
      });
      expect(purlToPackage('pkg:deb/ubuntu/zlib@1?distro=some-future-name')).toMatchObject({
        ecosystem: 'Ubuntu',
      });
    });

    it('explains unsupported distributions and types', () => {
      expect(purlToPackage('pkg:deb/raspbian/curl@1')).toEqual({
        status: 'unsupported',
        type: 'deb',
        reason: "deb purl namespace 'raspbian' is not a distribution OSV covers (debian, ubuntu)",
      });
      expect(purlToPackage('pkg:cocoapods/AFNetworking@4.0.1')).toEqual({
        status: 'unsupported',
        type: 'cocoapods',
        reason: "purl type 'cocoapods' has no OSV ecosystem",
      });
    });
  });

  describe('parsePurl', () => {
    it('returns the six decoded components', () => {
      const purl = parsePurl(
        'pkg:golang/golang.org/x/sys@v0.0.0-20210817142637-7d9622a276b7?package-id=3c706254c24acc61#unix',
      );

      expect({ ...purl, qualifiers: { ...purl.qualifiers } }).toEqual({
        type: 'golang',
        namespace: 'golang.org/x',
        name: 'sys',
        version: 'v0.0.0-20210817142637-7d9622a276b7',
        qualifiers: { 'package-id': '3c706254c24acc61' },
        subpath: 'unix',
      });
    });

    it.each(FIXTURE.map((c) => [c.purl]))('formats %s back to an equal purl', (text) => {
      const parsed = parsePurl(text);

      const again = parsePurl(formatPurl(parsed));

      expect(again).toEqual(parsed);
    });

    it('keeps a __proto__ qualifier as a plain own property', () => {
      const purl = parsePurl('pkg:npm/left-pad@1.3.0?__proto__=polluted&constructor=x');

      expect(Object.getPrototypeOf(purl.qualifiers)).toBeNull();
      expect(Object.hasOwn(purl.qualifiers, '__proto__')).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it.each([
      ['', /got an empty string/],
      ['   ', /got an empty string/],
      ['not-a-purl', /got 'not-a-purl': missing required "pkg" scheme component/],
      ['/', /got '\/': missing required "pkg" scheme component/],
      ['pkg:///', /"type" is a required component/],
      ['pkg:pypi/', /got 'pkg:pypi\/': "name" is a required component/],
      [
        'pkg:dpkg:1.18.25:*:*:*:*:*:*:*/',
        /type "dpkg:1.18.25:\*:\*:\*:\*:\*:\*:\*" contains an illegal character/,
      ],
      ['pkg:maven/log4j-core@2.14.1', /maven requires a "namespace" component/],
      ['pkg:swift/Alamofire@5.4.3', /swift requires a "namespace" component/],
      ['pkg:pub/Http-Parser!@1', /pub "name" component may only contain/],
      ['pkg://user:pass@host/npm/x', /cannot contain a "user:pass@host:port"/],
      ['https://example.com/x', /missing required "pkg" scheme component/],
    ])('rejects %j', (text, message) => {
      expectWardError(() => parsePurl(text), message);
    });

    it('rejects the invalid purls of a real SBOM and lets purlToPackage throw the same error', () => {
      // sbom-insecure/bad-purls.cdx.xml (osv-scanner): `pkg:pypi/`, `pkg:///`, `/`.
      for (const text of ['pkg:pypi/', 'pkg:///', '/']) {
        expectWardError(() => purlToPackage(text), /expected a purl/);
      }
    });
  });

  describe('packageToPurl', () => {
    it.each([
      ['npm', '@babel/core', '7.10.5', 'pkg:npm/%40babel/core@7.10.5'],
      ['npm', 'express', '4.17.1', 'pkg:npm/express@4.17.1'],
      ['PyPI', 'Django_Rest.Framework', '3.14.0', 'pkg:pypi/django-rest-framework@3.14.0'],
      [
        'Maven',
        'org.apache.logging.log4j:log4j-core',
        '2.14.1',
        'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      ],
      ['Go', 'github.com/CloudyKit/jet/v3', 'v3.0.0', 'pkg:golang/github.com/CloudyKit/jet/v3@v3.0.0'],
      ['Go', 'stdlib', '1.21.0', 'pkg:golang/stdlib@1.21.0'],
      ['Packagist', 'Laravel/Framework', 'v7.30.6', 'pkg:composer/laravel/framework@v7.30.6'],
      ['NuGet', 'Newtonsoft.Json', '12.0.1', 'pkg:nuget/Newtonsoft.Json@12.0.1'],
      ['crates.io', 'serde_json', '1.0.0', 'pkg:cargo/serde_json@1.0.0'],
      [
        'SwiftURL',
        'github.com/apple/swift-nio-http2',
        '1.19.1',
        'pkg:swift/github.com/apple/swift-nio-http2@1.19.1',
      ],
      ['Debian:9', 'adduser', '3.115', 'pkg:deb/debian/adduser@3.115?distro=debian-9'],
      [
        'Ubuntu:20.04:LTS',
        'pcre3',
        '2:8.39-12ubuntu0.1',
        'pkg:deb/ubuntu/pcre3@2:8.39-12ubuntu0.1?distro=ubuntu-20.04',
      ],
      ['Alpine:v3.17', 'zlib', '1.2.13-r0', 'pkg:apk/alpine/zlib@1.2.13-r0?distro=alpine-3.17'],
      [
        'Red Hat:enterprise_linux:9::appstream',
        'openssl',
        '1:3.0.7-1.el9',
        'pkg:rpm/redhat/openssl@1:3.0.7-1.el9',
      ],
      ['RubyGems', 'rails', undefined, 'pkg:gem/rails'],
    ])('%s %s %s → %s', (ecosystem, name, version, expected) => {
      expect(packageToPurl(ecosystem, name, version)).toEqual({ status: 'supported', purl: expected });
    });

    it.each(FIXTURE.filter((c) => c.expected !== 'unsupported').map((c) => [c.purl, c]))(
      'round-trips the identity of %s',
      (_purl, fixture) => {
        if (fixture.expected === 'unsupported') throw new Error('filtered above');
        const { ecosystem, name, version } = fixture.expected;

        const built = packageToPurl(ecosystem, name, version);

        expect(built.status).toBe('supported');
        if (built.status === 'supported') {
          expect(purlToPackage(built.purl)).toMatchObject({ status: 'supported', ecosystem, name, version });
        }
      },
    );

    it('returns unsupported for ecosystems without a purl type', () => {
      expect(packageToPurl('Linux', 'Kernel', '6.1')).toEqual({
        status: 'unsupported',
        type: 'Linux',
        reason: "ecosystem 'Linux' has no purl type",
      });
    });

    it('rejects a Maven name without a group', () => {
      expectWardError(() => packageToPurl('Maven', 'log4j-core', '2.14.1'), /groupId:artifactId/);
    });
  });
});

const e2e = sharedData('lockfiles/osv-scanner-e2e');

describe.skipIf(!e2e.present)(
  'core/purl against osv-scanner (../shared/data/lockfiles/osv-scanner-e2e)',
  () => {
    it('maps every purl of the insecure SBOMs to a query osv-scanner sent to osv.dev', () => {
      const queries = new Set<string>();
      for (const line of readFileSync(join(e2e.path, 'osv-api-ground-truth.jsonl'), 'utf8').split('\n')) {
        if (!line) continue;
        const pkg = (
          JSON.parse(line) as { query: { package?: { ecosystem: string; name: string }; version?: string } }
        ).query;
        if (pkg.package) queries.add(`${pkg.package.ecosystem}|${pkg.package.name}|${pkg.version}`);
      }
      const dir = join(e2e.path, 'source/sbom-insecure');
      const missing: string[] = [];
      let supported = 0;

      for (const file of ['alpine.cdx.xml', 'postgres-stretch.cdx.xml', 'only-unimportant.spdx.json']) {
        const text = readFileSync(join(dir, file), 'utf8')
          .replaceAll('&amp;', '&')
          .replaceAll('\\u0026', '&');
        for (const [purl] of text.matchAll(/pkg:[a-z]+\/[^"<\s]+/g)) {
          const result = purlToPackage(purl);
          if (result.status !== 'supported') continue;
          supported += 1;
          const key = `${result.ecosystem}|${result.name}|${result.version}`;
          if (!queries.has(key)) missing.push(`${file}: ${purl} → ${key}`);
        }
      }

      expect(missing).toEqual([]);
      expect(supported).toBeGreaterThan(250);
    });
  },
);

const sboms = sharedData('sboms');

describe.skipIf(!sboms.present)('core/purl over every purl in ../shared/data/sboms', () => {
  function* files(dir: string): Generator<string> {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) yield* files(path);
      else if (/\.(json|xml|spdx|yml|rdf)$/.test(entry)) yield path;
    }
  }

  it('parses each one or rejects it with a WardError, and re-formats parsed ones stably', () => {
    const outcomes = { parsed: 0, rejected: 0, supported: 0 };
    const unstable: string[] = [];

    for (const file of files(sboms.path)) {
      const text = readFileSync(file, 'utf8').replaceAll('&amp;', '&').replaceAll('\\u0026', '&');
      for (const [purl] of text.matchAll(/pkg:[a-z]+\/[^"<\s\]]+/g)) {
        let parsed: ReturnType<typeof parsePurl>;
        try {
          parsed = parsePurl(purl);
        } catch (error) {
          expect(error).toBeInstanceOf(WardError);
          outcomes.rejected += 1;
          continue;
        }
        outcomes.parsed += 1;
        const formatted = formatPurl(parsed);
        if (formatPurl(parsePurl(formatted)) !== formatted) unstable.push(purl);
        if (purlToPackage(parsed).status === 'supported') outcomes.supported += 1;
      }
    }

    expect(unstable).toEqual([]);
    expect(outcomes.parsed).toBeGreaterThan(1000);
    expect(outcomes.supported / outcomes.parsed).toBeGreaterThan(0.95);
  });
});
