import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { sharedData } from '../../test/support/shared-data.js';
import { normalizeOsv, parseOsvJson, parseOsvYaml } from './osv.js';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/advisories/osv');
const ctx = { file: 'test.json' };

function minimal(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'TEST-1',
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'Foo_Bar' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] }],
      },
    ],
    ...extra,
  };
}

describe('advisories/osv', () => {
  it('normalises a minimal record with a PEP 503 normalised name', () => {
    const { value, problems } = normalizeOsv(minimal(), ctx);

    expect(problems).toEqual([]);
    expect(value?.affected[0]?.package).toEqual({
      ecosystem: 'PyPI',
      name: 'Foo_Bar',
      normalizedName: 'foo-bar',
    });
    expect(value?.affected[0]?.ranges).toEqual([
      { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] },
    ]);
    expect(value?.source).toBe('osv');
  });

  it('keeps every event kind, in order, with exact strings', () => {
    const record = minimal({
      affected: [
        {
          package: { ecosystem: 'npm', name: 'x' },
          ranges: [
            {
              type: 'SEMVER',
              events: [
                { introduced: '0' },
                { fixed: '1.0.0-rc.1' },
                { introduced: '2.0.0' },
                { last_affected: '2.3.4' },
              ],
            },
            { type: 'SEMVER', events: [{ introduced: '3.0.0' }, { limit: '4.0.0' }] },
          ],
          versions: ['1.0.0-beta', '2.3.4'],
        },
      ],
    });

    const affected = normalizeOsv(record, ctx).value?.affected[0];

    expect(affected?.ranges).toEqual([
      {
        type: 'SEMVER',
        events: [
          { introduced: '0' },
          { fixed: '1.0.0-rc.1' },
          { introduced: '2.0.0' },
          { lastAffected: '2.3.4' },
        ],
      },
      { type: 'SEMVER', events: [{ introduced: '3.0.0' }, { limit: '4.0.0' }] },
    ]);
    expect(affected?.versions).toEqual(['1.0.0-beta', '2.3.4']);
  });

  it.each([
    ['missing id', { modified: '2024-01-01T00:00:00Z' }, 'id', 'required field is missing'],
    ['numeric id', { id: 7, modified: 'x' }, 'id', 'expected a non-empty string, got number'],
    ['missing modified', { id: 'X-1' }, 'modified', 'required field is missing'],
    [
      'affected not an array',
      { id: 'X-1', modified: 'x', affected: {} },
      'affected',
      'expected an array, got object',
    ],
    [
      'aliases not an array',
      { id: 'X-1', modified: 'x', aliases: 'CVE-1' },
      'aliases',
      'expected an array, got string',
    ],
    [
      'summary a number',
      { id: 'X-1', modified: 'x', summary: 3 },
      'summary',
      'expected a string, got number',
    ],
    ['record an array', [], '$', 'expected an object, got array'],
  ])('rejects a record with %s, naming the field', (_name, record, field, message) => {
    const { value, problems } = normalizeOsv(record, ctx);

    expect(value).toBeUndefined();
    expect(problems).toEqual([{ file: 'test.json', field, message, severity: 'error' }]);
  });

  it('skips an affected entry with an unknown ecosystem, keeps the rest and reports it', () => {
    const record = minimal();
    (record.affected as unknown[]).unshift({
      package: { ecosystem: 'NoSuchEco', name: 'a' },
      versions: ['1'],
    });

    const { value, problems } = normalizeOsv(record, ctx);

    expect(value?.affected).toHaveLength(1);
    expect(problems).toEqual([
      {
        file: 'test.json',
        field: 'affected[0].package.ecosystem',
        message: "unknown ecosystem 'NoSuchEco'; affected entry skipped",
        severity: 'error',
      },
    ]);
  });

  it('canonicalises ecosystem spelling and keeps the release suffix', () => {
    const record = minimal({
      affected: [{ package: { ecosystem: 'debian:12', name: 'openssl' }, versions: ['1'] }],
    });

    expect(normalizeOsv(record, ctx).value?.affected[0]?.package.ecosystem).toBe('Debian:12');
  });

  it('names the exact event path of a malformed event and drops only that range', () => {
    const record = minimal({
      affected: [
        {
          package: { ecosystem: 'Go', name: 'example.com/m' },
          ranges: [
            { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] },
            { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }, { fixed: 2 }] },
          ],
        },
      ],
    });

    const { value, problems } = normalizeOsv(record, ctx);

    expect(value?.affected[0]?.ranges).toHaveLength(1);
    expect(problems).toEqual([
      expect.objectContaining({ field: 'affected[0].ranges[1].events[2].fixed', severity: 'error' }),
    ]);
  });

  it.each([
    ['an event with two keys', { introduced: '0', fixed: '1' }, 'affected[0].ranges[0].events[0]'],
    ['an unknown event key', { removed: '1' }, 'affected[0].ranges[0].events[0]'],
    ['an empty bound', { introduced: '' }, 'affected[0].ranges[0].events[0].introduced'],
  ])('rejects %s', (_name, event, field) => {
    const record = minimal({
      affected: [{ package: { ecosystem: 'Go', name: 'm' }, ranges: [{ type: 'SEMVER', events: [event] }] }],
    });

    const { value, problems } = normalizeOsv(record, ctx);

    expect(value?.affected[0]?.ranges).toEqual([]);
    expect(problems.map((problem) => problem.field)).toContain(field);
  });

  it('requires a repo on GIT ranges and keys a package-less GIT entry on its repo', () => {
    const record = minimal({
      affected: [
        {
          ranges: [
            { type: 'GIT', repo: 'https://github.com/a/b', events: [{ introduced: '0' }, { fixed: 'abc' }] },
          ],
        },
        {
          package: { ecosystem: 'PyPI', name: 'p' },
          ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }],
        },
      ],
    });

    const { value, problems } = normalizeOsv(record, ctx);

    expect(value?.affected[0]?.package).toEqual({
      ecosystem: 'GIT',
      name: 'https://github.com/a/b',
      normalizedName: 'https://github.com/a/b',
    });
    expect(value?.affected[0]?.ranges[0]?.repo).toBe('https://github.com/a/b');
    expect(problems.map((problem) => problem.field)).toContain('affected[1].ranges[0].repo');
  });

  it('drops __proto__ and constructor keys from free-form data without polluting prototypes', () => {
    const text =
      '{"id":"X-1","modified":"x","database_specific":{"__proto__":{"polluted":true},"ok":1},' +
      '"affected":[{"package":{"ecosystem":"npm","name":"a"},"versions":["1"],' +
      '"ecosystem_specific":{"constructor":{"prototype":{"polluted":true}},"nested":{"__proto__":{"polluted":true}}}}]}';

    const { value, problems } = parseOsvJson(text, ctx);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value?.databaseSpecific ?? {})).toEqual(['ok']);
    expect(Object.keys(value?.affected[0]?.ecosystemSpecific ?? {})).toEqual(['nested']);
    expect(Object.keys((value?.affected[0]?.ecosystemSpecific?.nested as object) ?? {})).toEqual([]);
    expect(problems.map((problem) => problem.field)).toEqual([
      'database_specific.__proto__',
      'affected[0].ecosystem_specific.constructor',
      'affected[0].ecosystem_specific.nested.__proto__',
    ]);
  });

  it('reports bad JSON and bad YAML as a rejected record, not a crash', () => {
    expect(parseOsvJson('{"id": "X",', ctx).problems[0]?.message).toMatch(/^invalid JSON: /);
    expect(parseOsvYaml('id: [unclosed', ctx).problems[0]?.message).toMatch(/^invalid YAML: /);
    expect(parseOsvYaml('- just\n- a list\n', ctx).problems[0]?.message).toBe(
      'expected an object, got array',
    );
  });

  it('reads real YAML: withdrawn record, quoted versions and an open range', () => {
    const text = readFileSync(join(FIXTURES, 'withdrawn-with-versions.yaml'), 'utf8');

    const { value, problems } = parseOsvYaml(text, { file: 'withdrawn-with-versions.yaml' });

    expect(problems).toEqual([]);
    expect(value?.id).toBe('PYSEC-2023-73');
    expect(value?.withdrawn).toBe('2023-06-06T10:37:00Z');
    expect(value?.modified).toBe('2023-06-27T18:49:56.911238Z');
    expect(value?.affected[0]?.ranges).toEqual([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }]);
    expect(value?.affected[0]?.versions).toHaveLength(114);
    expect(value?.affected[0]?.versions.slice(0, 4)).toEqual(['0.6.0', '0.6.1', '1.34', '1.34.1']);
  });

  it('reads real YAML: GIT ranges with repos, double fixed events, unquoted versions kept as text', () => {
    const text = readFileSync(join(FIXTURES, 'git-and-ecosystem-ranges.yaml'), 'utf8');

    const affected = parseOsvYaml(text, { file: 'git-and-ecosystem-ranges.yaml' }).value?.affected[0];

    expect(affected?.ranges.map((range) => [range.type, range.repo, range.events])).toEqual([
      [
        'GIT',
        'https://github.com/lxml/lxml',
        [
          { introduced: '0' },
          { fixed: 'f2330237440df7e8f39c3ad1b1aa8852be3b27c0' },
          { fixed: '12fa9669007180a7bb87d990c375cf91ca5b664a' },
        ],
      ],
      [
        'GIT',
        'https://github.com/lxml/lxml#diff-59130575b4fb2932c957db2922977d7d89afb0b2085357db1a14615a2fcad776',
        [{ introduced: '0' }, { fixed: 'a3eacbc0dcf1de1c822ec29fb7d090a4b1712a9c' }],
      ],
      ['ECOSYSTEM', undefined, [{ introduced: '0' }, { fixed: '4.6.5' }]],
    ]);
    expect(affected?.versions.slice(0, 9)).toEqual([
      '0.9',
      '0.9.1',
      '0.9.2',
      '1.0',
      '1.0.1',
      '1.0.2',
      '1.0.3',
      '1.0.4',
      '1.0.beta',
    ]);
  });
});

const OSV_SOURCES = [
  'pypa-advisory-database',
  'rustsec-advisory-db',
  'golang-vulndb',
  'ghsa-subset-from-scalibr',
];
const advisories = sharedData('advisories');

async function* rawRecords(source: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({
    input: createReadStream(join(advisories.path, source, 'osv.jsonl.gz')).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
}

const EVENT_NAMES: Record<string, string> = {
  introduced: 'introduced',
  fixed: 'fixed',
  last_affected: 'lastAffected',
  limit: 'limit',
};

describe.skipIf(!advisories.present)('advisories/osv on real records (../shared/data/advisories)', () => {
  it.each(OSV_SOURCES)('%s: every range, event and version survives exactly', async (source) => {
    let ranges = 0;
    const mismatches: string[] = [];

    for await (const raw of rawRecords(source)) {
      const { value, problems } = normalizeOsv(raw, { file: source });
      if (!value || problems.some((problem) => problem.severity === 'error')) {
        mismatches.push(`${String(raw.id)}: ${problems.map((problem) => problem.message).join('; ')}`);
        continue;
      }
      const rawAffected = (raw.affected ?? []) as {
        ranges?: { type: string; repo?: string; events: object[] }[];
        versions?: string[];
      }[];
      rawAffected.forEach((entry, index) => {
        const expected = (entry.ranges ?? []).map((range) => ({
          type: range.type,
          ...(range.repo === undefined ? {} : { repo: range.repo }),
          events: range.events.map((event) => {
            const [key, bound] = Object.entries(event)[0] as [string, string];
            return { [EVENT_NAMES[key] ?? key]: bound };
          }),
        }));
        ranges += expected.length;
        const actual = value.affected[index];
        if (!isDeepStrictEqual(actual?.ranges, expected))
          mismatches.push(`${value.id} affected[${index}] ranges`);
        if (!isDeepStrictEqual(actual?.versions, entry.versions ?? [])) {
          mismatches.push(`${value.id} affected[${index}] versions`);
        }
      });
    }

    expect(mismatches).toEqual([]);
    expect(ranges).toBeGreaterThan(300);
  });

  it('keeps the boundary values of known real records', async () => {
    const wanted = new Map<string, unknown>([
      // two introduced/fixed pairs in one range
      [
        'PYSEC-2008-3',
        [
          {
            type: 'ECOSYSTEM',
            events: [{ introduced: '0' }, { fixed: '2.1.1' }, { introduced: '3.0' }, { fixed: '3.0.2' }],
          },
        ],
      ],
      // last_affected
      [
        'PYSEC-2022-42969',
        [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { lastAffected: '1.11.0' }] }],
      ],
      // a GIT range and an ECOSYSTEM range with a post-release fix
      [
        'PYSEC-2012-1',
        [
          {
            type: 'GIT',
            repo: 'https://github.com/bbangert/beaker',
            events: [{ introduced: '0' }, { fixed: '91becae76101cf87ce8cbfabe3af2622fc328fe5' }],
          },
          { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.6.5.post1' }] },
        ],
      ],
    ]);
    const found = new Map<string, unknown>();

    for await (const raw of rawRecords('pypa-advisory-database')) {
      if (wanted.has(String(raw.id)))
        found.set(String(raw.id), normalizeOsv(raw, ctx).value?.affected[0]?.ranges);
    }

    expect(found).toEqual(wanted);
  });

  it('flags withdrawn records (pypa: 10, rustsec: 13, golang: 17)', async () => {
    const withdrawn: Record<string, number> = {};

    for (const source of ['pypa-advisory-database', 'rustsec-advisory-db', 'golang-vulndb']) {
      withdrawn[source] = 0;
      for await (const raw of rawRecords(source)) {
        if (normalizeOsv(raw, ctx).value?.withdrawn !== undefined)
          withdrawn[source] = (withdrawn[source] ?? 0) + 1;
      }
    }

    expect(withdrawn).toEqual({
      'pypa-advisory-database': 10,
      'rustsec-advisory-db': 13,
      'golang-vulndb': 17,
    });
  });

  it('reports the broken OSV linter fixtures without crashing', () => {
    const dir = join(advisories.path, 'osv-schema-testdata/osv-linter');
    const outcome = (name: string) => parseOsvJson(readFileSync(join(dir, name), 'utf8'), { file: name });

    expect(outcome('GHSA-9v2f-6vcg-3hgv.json').problems).toEqual([]);
    // The linter's "nopackage" case needs a registry lookup (name 'Gradi0' does not exist): a pure
    // parser accepts it; "nointroduced" is valid OSV syntax whose range starts at a fix.
    expect(outcome('nopackage-GHSA-9v2f-6vcg-3hgv.json').value?.affected[0]?.package.name).toBe('Gradi0');
    expect(outcome('nointroduced-CVE-2023-41045.json').problems).toEqual([
      expect.objectContaining({ field: 'affected[0].ranges[0].events', severity: 'warning' }),
    ]);
  });
});
