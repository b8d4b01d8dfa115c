/**
 * The streaming reader over real files: OSV JSON, YAML, directories and `all.zip` archives (as
 * osv.dev publishes them per ecosystem: one `<ID>.json` per entry, deflated), with the attacks and
 * accidents an archive can carry. Archives are built here byte by byte (APPNOTE.TXT 6.3.10: local
 * headers, central directory, end record) so each defect is exactly the one named, and the entries
 * are real records from test/fixtures and the project's shared data.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import type { SourceItem } from '../advisories/types.js';
import { WardError } from '../core/errors.js';
import { openStore } from '../store/store.js';
import { readAdvisoryBatches, readAdvisoryFiles, splitLines, unsafeZipEntryName } from './advisory-files.js';
import { importAdvisoryFiles } from './advisory-import.js';

const root = mkdtempSync(join(tmpdir(), 'ward-advisory-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/advisories');
const REDIS_YAML = join(FIXTURES, 'osv/withdrawn-with-versions.yaml');
const LXML_YAML = join(FIXTURES, 'osv/git-and-ecosystem-ranges.yaml');
/** Two real records (pypa/advisory-database PYSEC-2021-852 and PYSEC-2023-73) as OSV JSON. */
const REAL_JSON = readFileSync(join(FIXTURES, 'osv/pysec-jsonl/two-records.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '');

interface ZipEntrySpec {
  name: string;
  data: Buffer;
  /** Size written in the headers; defaults to the real size (a bomb lies or tells the truth). */
  declaredSize?: number;
}

/** A zip archive with deflated entries, written per PKWARE APPNOTE 6.3.10 §4.3. */
function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function collect(paths: string[], limits = {}): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readAdvisoryFiles(paths, { limits })) items.push(item);
  return items;
}

const ids = (items: SourceItem[]) =>
  items.flatMap((item) => (item.kind === 'advisory' ? [item.advisory.id] : [])).sort();
const skips = (items: SourceItem[]) =>
  items.flatMap((item) => (item.kind === 'skipped' && item.severity !== 'warning' ? [item] : []));

function writeZip(name: string, entries: ZipEntrySpec[]): string {
  const path = join(root, name);
  writeFileSync(path, buildZip(entries));
  return path;
}

describe('services/advisory-files: JSON Lines', () => {
  it('breaks lines exactly where readline does, whatever the chunking (\\n, \\r\\n across chunks, lone \\r, UTF-8 split mid-character)', async () => {
    const collect = async <T>(lines: AsyncIterable<T>): Promise<T[]> => {
      const out: T[] = [];
      for await (const line of lines) out.push(line);
      return out;
    };
    async function* chunksOf(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
      yield* chunks;
    }
    const piece = fc.string({
      unit: fc.constantFrom('a', '{', ' ', '\r', '\n', 'é', '€', '😀'),
      minLength: 1,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (pieces, cuts) => {
          const expected = await collect(
            createInterface({ input: Readable.from(pieces), crlfDelay: Number.POSITIVE_INFINITY }),
          );
          // The same bytes cut anywhere, inside a character or between `\r` and `\n` included.
          const bytes = Buffer.from(pieces.join(''));
          const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...offsets]
            .map((start, index, all) => bytes.subarray(start, all[index + 1] ?? bytes.length))
            .filter((chunk) => chunk.length > 0);
          expect((await collect(splitLines(chunksOf(chunks)))).flat()).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('services/advisory-files: OSV JSON, YAML and directories', () => {
  it('reads a single YAML file, a JSON file and a directory of both, skipping README/LICENSE', async () => {
    const dir = mkdtempSync(join(root, 'dir-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'PYSEC-2021-852.json'), REAL_JSON[0] ?? '');
    writeFileSync(join(dir, 'PYSEC-2023-73.yaml'), readFileSync(REDIS_YAML));
    writeFileSync(join(dir, 'README.md'), '# not data\n');
    writeFileSync(join(dir, 'LICENSE'), 'CC-BY-4.0\n');

    const yaml = await collect([LXML_YAML]);
    const tree = await collect([dir]);

    expect(ids(yaml)).toEqual(['PYSEC-2021-852']);
    expect(ids(tree)).toEqual(['PYSEC-2021-852', 'PYSEC-2023-73']);
    expect(skips(tree)).toEqual([]);
  });

  it('turns bad JSON, bad YAML, a missing id, wrong types and an unknown ecosystem into named skips', async () => {
    const dir = mkdtempSync(join(root, 'bad-'));
    const good = JSON.parse(REAL_JSON[0] ?? '{}') as Record<string, unknown>;
    const lines = [
      REAL_JSON[1],
      '{"id": "PYSEC-0000-1", "modified": ',
      JSON.stringify({ ...good, id: undefined }),
      JSON.stringify({ ...good, id: 'PYSEC-0000-2', aliases: 'CVE-2021-1' }),
      JSON.stringify({
        ...good,
        id: 'PYSEC-0000-3',
        affected: [{ package: { ecosystem: 'NoSuchEcosystem', name: 'x' }, versions: ['1'] }],
      }),
    ];
    writeFileSync(join(dir, 'records.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'broken.yaml'), 'id: PYSEC-0000-4\nmodified: [unclosed\n');

    const items = await collect([dir]);

    // The unknown-ecosystem entry is dropped and reported; its record stays (its ids and aliases
    // still merge with other sources), with nothing left that could match a package.
    expect(ids(items)).toEqual(['PYSEC-0000-3', 'PYSEC-2023-73']);
    const unknown = items.find((item) => item.kind === 'advisory' && item.advisory.id === 'PYSEC-0000-3');
    expect(unknown?.kind === 'advisory' && unknown.advisory.affected).toEqual([]);
    const problems = skips(items).map(
      (item) => `${item.file.slice(dir.length + 1)}:${item.line ?? '-'} ${item.field ?? '-'}: ${item.reason}`,
    );
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^broken\.yaml:- -: .*YAML/);
    expect(problems[1]).toMatch(/^records\.jsonl:2 -: invalid JSON/);
    expect(problems[2]).toMatch(/^records\.jsonl:3 id: required field is missing/);
    expect(problems[3]).toMatch(/^records\.jsonl:4 .*aliases/);
    expect(problems[4]).toMatch(/^records\.jsonl:5 .*NoSuchEcosystem/);
  });
});

describe('services/advisory-files: readAdvisoryBatches', () => {
  it("yields readAdvisoryFiles' items in the same order, a JSON Lines chunk's records per batch", async () => {
    const dir = mkdtempSync(join(root, 'batches-'));
    // ~700 KB of JSON Lines (several 256 KiB chunks) with a bad line and a blank one inside.
    const lines: string[] = [];
    for (let index = 0; index < 400; index += 1) {
      const record = JSON.parse(REAL_JSON[index % 2] ?? '{}') as Record<string, unknown>;
      lines.push(JSON.stringify({ ...record, id: `PYSEC-9999-${index}` }));
      if (index === 250) lines.push('{"id": "PYSEC-0000-1", "modified": ', '');
    }
    writeFileSync(join(dir, 'a-records.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'b-redis.yaml'), readFileSync(REDIS_YAML));
    writeFileSync(join(dir, 'c-one.json'), REAL_JSON[0] ?? '');
    writeFileSync(
      join(dir, 'd-all.zip'),
      buildZip(REAL_JSON.map((line, index) => ({ name: `${index}.json`, data: Buffer.from(line) }))),
    );

    const items = await collect([dir]);
    const batches: SourceItem[][] = [];
    for await (const batch of readAdvisoryBatches([dir])) batches.push(batch);

    expect(batches.flat()).toEqual(items);
    expect(items).toHaveLength(400 + 1 + 1 + 1 + 2);
    expect(skips(items).map((item) => `${item.file.slice(dir.length + 1)}:${item.line}`)).toEqual([
      'a-records.jsonl:252',
    ]);
    // The JSON Lines file comes in a few batches, every other format one item at a time.
    const fromJsonLines = (item: SourceItem | undefined): boolean =>
      item?.kind === 'advisory' ? item.advisory.id.startsWith('PYSEC-9999-') : item?.kind === 'skipped';
    const jsonLines = batches.filter((batch) => fromJsonLines(batch[0]));
    expect(jsonLines.length).toBeGreaterThan(1);
    expect(jsonLines.length).toBeLessThan(10);
    expect(batches.slice(jsonLines.length).every((batch) => batch.length === 1)).toBe(true);
  });
});

describe('services/advisory-files: OSV all.zip', () => {
  const entries = (): ZipEntrySpec[] =>
    REAL_JSON.map((line) => {
      const id = (JSON.parse(line) as { id: string }).id;
      return { name: `${id}.json`, data: Buffer.from(line) };
    });

  it('streams every entry of an archive', async () => {
    const zip = writeZip('all.zip', entries());

    const items = await collect([zip]);

    expect(ids(items)).toEqual(['PYSEC-2021-852', 'PYSEC-2023-73']);
    expect(skips(items)).toEqual([]);
  });

  it('skips entries whose names escape the archive (../, absolute, drive letter) and reads the rest', async () => {
    const zip = writeZip('slip.zip', [
      ...entries(),
      { name: '../../etc/evil.json', data: Buffer.from(REAL_JSON[0] ?? '') },
      { name: '/abs/evil.json', data: Buffer.from(REAL_JSON[0] ?? '') },
      { name: 'C:\\evil.json', data: Buffer.from(REAL_JSON[0] ?? '') },
    ]);

    const items = await collect([zip]);

    expect(ids(items)).toEqual(['PYSEC-2021-852', 'PYSEC-2023-73']);
    expect(skips(items).map((item) => item.reason)).toEqual([
      "'..' path segment in entry name (zip slip); entry skipped",
      'absolute path in entry name; entry skipped',
      'absolute path in entry name; entry skipped',
    ]);
    expect(unsafeZipEntryName('a/../b.json')).toMatch(/zip slip/);
    expect(unsafeZipEntryName('GHSA-xxxx.json')).toBeUndefined();
  });

  it('refuses a zip bomb by declared size, by ratio, and by actual inflated bytes when the header lies', async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024, 0x20); // deflates ~1000:1
    const zip = writeZip('bomb.zip', [
      ...entries(),
      { name: 'ratio.json', data: zeros },
      { name: 'liar.json', data: Buffer.alloc(300_000, 0x20), declaredSize: 1000 },
    ]);
    const huge = writeZip('huge.zip', [{ name: 'big.json', data: Buffer.alloc(2 * 1024 * 1024, 0x20) }]);

    const items = await collect([zip]);
    const capped = await collect([huge], { maxZipEntryBytes: 1024 * 1024 });

    expect(ids(items)).toEqual(['PYSEC-2021-852', 'PYSEC-2023-73']);
    const reasons = skips(items).map((item) => `${item.file.split('!')[1]}: ${item.reason}`);
    expect(reasons[0]).toBe('ratio.json: compression ratio above 200 (zip bomb guard); entry skipped');
    expect(reasons[1]).toMatch(/^liar\.json: .*(1000|size)/);
    expect(reasons).toHaveLength(2);
    expect(skips(capped).map((item) => item.reason)).toEqual([
      `declared size ${2 * 1024 * 1024} exceeds ${1024 * 1024} bytes; entry skipped`,
    ]);
  });

  it('rejects a truncated archive with a clear error and leaves the database as it was', async () => {
    const whole = buildZip(entries());
    const truncated = join(root, 'truncated.zip');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const store = await openStore(join(mkdtempSync(join(root, 'db-')), 'ward.db'));
    const good = join(root, 'good.jsonl');
    writeFileSync(good, `${REAL_JSON[0]}\n`);

    try {
      await importAdvisoryFiles(store, [good]);
      const before = await store.status();
      const error = await importAdvisoryFiles(store, [join(FIXTURES, 'osv'), truncated]).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(WardError);
      expect((error as WardError).message).toMatch(/not a readable zip archive \(truncated or corrupt\?\)/);
      expect((error as WardError).file).toBe(truncated);
      const after = await store.status();
      expect(after.advisories).toBe(before.advisories);
      expect(after.advisories).toBe(1);
      expect((await store.advisoriesByIds(['PYSEC-2023-73'])).get('PYSEC-2023-73') ?? []).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
