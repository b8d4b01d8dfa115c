/**
 * `ward scan` end to end: the real CLI (child process via runWard) against a real SQLite database
 * filled by `ward db import` with three real OSV records (test/fixtures/scan/advisories: protobuf
 * GHSA-77rm-9x9h-xj3g HIGH 7.5 fixed 3.15.0, avro GHSA-rhrv-645h-fjfh HIGH 7.5 fixed 1.11.3, flask
 * PYSEC-2023-62 without severity, [0, 2.2.5) and [2.3.0, 2.3.2)).
 */
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runWard } from '../../../test/support/cli.js';

const ADVISORIES = join(PROJECT_ROOT, 'test/fixtures/scan/advisories');

let dir: string;
let db: string;
let project: string;

interface JsonReport {
  schemaVersion: string;
  findings: Array<{
    purl?: string;
    name: string;
    version: string;
    ecosystem: string;
    location: { file: string; line?: number };
    vulnerabilityId: string;
    aliases: string[];
    severity: string;
    fixedVersions: string[];
    recommendedVersion?: string;
    suppression?: { state: string; reason?: string; expires?: string };
  }>;
  problems: Array<{ file: string; line?: number; message: string }>;
  stats: {
    filesScanned: number;
    filesFailed: number;
    components: number;
    findings: number;
    suppressed: number;
  };
}

function scan(args: string[], input?: string) {
  return runWard(['scan', '--db', db, '--no-history', ...args], {
    cwd: project,
    ...(input !== undefined ? { input } : {}),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ward-scan-cli-'));
  db = join(dir, 'ward.db');
  const imported = await runWard(['db', 'import', ADVISORIES, '--db', db]);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);

  project = join(dir, 'project');
  await mkdir(join(project, 'broken'), { recursive: true });
  // Line 1 protobuf 3.14.0 < 3.15.0: GHSA-77rm-9x9h-xj3g. Line 2 flask 2.2.4 < 2.2.5:
  // PYSEC-2023-62. Line 3 avro 1.11.3 is exactly GHSA-rhrv-645h-fjfh's fixed version: clean.
  await writeFile(join(project, 'requirements.txt'), 'protobuf==3.14.0\nflask==2.2.4\navro==1.11.3\n');
  // Vendored and VCS folders hold an affected avro 1.10.0 that a default scan must not see.
  for (const skipped of ['node_modules/pkg', 'vendor', '.git']) {
    await mkdir(join(project, skipped), { recursive: true });
    await writeFile(join(project, skipped, 'requirements.txt'), 'avro==1.10.0\n');
  }
  // Truncated package-lock.json: the JSON stops inside the `packages` object on line 5.
  await writeFile(
    join(project, 'broken', 'package-lock.json'),
    '{\n  "name": "x",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {',
  );
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ward scan', () => {
  it('scans a directory, skips node_modules/vendor/.git, and reports the bad file while scanning the rest', async () => {
    const run = await scan(['.', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.schemaVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const found = report.findings.map(
      (finding) => `${finding.name}@${finding.version} ${finding.vulnerabilityId}`,
    );
    expect(found.sort()).toEqual(['flask@2.2.4 CVE-2023-30861', 'protobuf@3.14.0 CVE-2021-22570']);
    const protobuf = report.findings.find((finding) => finding.name === 'protobuf');
    expect(protobuf).toMatchObject({
      ecosystem: 'PyPI',
      purl: 'pkg:pypi/protobuf@3.14.0',
      location: { file: 'requirements.txt', line: 1 },
      severity: 'high',
      fixedVersions: ['3.15.0'],
      recommendedVersion: '3.15.0',
    });
    expect(protobuf?.aliases).toEqual(expect.arrayContaining(['GHSA-77rm-9x9h-xj3g', 'PYSEC-2022-48']));
    expect(report.stats).toMatchObject({ filesScanned: 1, filesFailed: 1, components: 3, findings: 2 });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ file: join('broken', 'package-lock.json') });
    expect(report.problems[0]?.line).toBeGreaterThanOrEqual(5);
  });

  it('prints a table by default, naming the unreadable file; NO_COLOR wins over FORCE_COLOR', async () => {
    const run = await runWard(['scan', '--db', db, '--no-history'], {
      cwd: project,
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CVE-2021-22570');
    expect(run.stdout).toContain('protobuf');
    expect(run.stdout).toContain(join('broken', 'package-lock.json'));
    expect(run.stdout).not.toContain('avro');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('scans vendored folders with --include-vendored', async () => {
    const run = await scan(['.', '--format', 'json', '--include-vendored']);
    const report = JSON.parse(run.stdout) as JsonReport;
    const avro = report.findings.filter((finding) => finding.name === 'avro');
    // node_modules/pkg, vendor and .git each hold avro 1.10.0 < 1.11.3 (GHSA-rhrv-645h-fjfh).
    expect(avro.map((finding) => finding.location.file).sort()).toEqual(
      [
        join('.git', 'requirements.txt'),
        join('node_modules', 'pkg', 'requirements.txt'),
        join('vendor', 'requirements.txt'),
      ].sort(),
    );
  });

  it('renders sarif (to --output), cyclonedx-vex, markdown and csv; --fail-on exits 1 at or above the threshold', async () => {
    const sarifFile = join(dir, 'out', 'report.sarif');
    await mkdir(join(dir, 'out'), { recursive: true });
    const [sarif, vex, markdown, csv] = await Promise.all([
      scan(['requirements.txt', '--format', 'sarif', '--output', sarifFile]),
      scan(['requirements.txt', '--format', 'cyclonedx-vex', '--fail-on', 'medium']),
      scan(['requirements.txt', '--format', 'markdown', '--fail-on', 'critical']),
      scan(['requirements.txt', '--format', 'csv', '--fail-on', 'high']),
    ]);
    // protobuf's CVSS 3.1 base score 7.5 is high: at or above medium and high, below critical.
    expect([sarif?.code, vex?.code, markdown?.code, csv?.code]).toEqual([0, 1, 0, 1]);
    expect(sarif?.stdout).toBe('');
    const sarifLog = JSON.parse(await readFile(sarifFile, 'utf8')) as {
      version: string;
      runs: Array<{
        results: Array<{
          ruleId: string;
          locations: Array<{ physicalLocation: { region?: { startLine: number } } }>;
        }>;
      }>;
    };
    expect(sarifLog.version).toBe('2.1.0');
    const protobufResult = sarifLog.runs[0]?.results.find((result) => result.ruleId === 'CVE-2021-22570');
    expect(protobufResult?.locations[0]?.physicalLocation.region?.startLine).toBe(1);
    const bom = JSON.parse(vex!.stdout) as { bomFormat: string; vulnerabilities: Array<{ id: string }> };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.vulnerabilities.map((vulnerability) => vulnerability.id).sort()).toEqual([
      'CVE-2021-22570',
      'CVE-2023-30861',
    ]);
    expect(markdown!.stdout).toMatch(/^\|.*CVE-2021-22570.*\|$/m);
    const csvLines = csv!.stdout.trim().split(/\r?\n/);
    expect(csvLines).toHaveLength(3);
    expect(csvLines[0]).toContain('vulnerability_id');
    expect(csvLines.slice(1).join('\n')).toContain('CVE-2021-22570');
  });

  it('--ignore-file suppresses an id with its reason until it expires', async () => {
    const active = join(dir, 'ignore-active.yaml');
    const expired = join(dir, 'ignore-expired.yaml');
    await writeFile(
      active,
      'ignore:\n  - id: GHSA-77rm-9x9h-xj3g\n    reason: protobuf only parses trusted input here\n    expires: 2999-12-31\n',
    );
    await writeFile(
      expired,
      'ignore:\n  - id: CVE-2021-22570\n    reason: was accepted until 2001\n    expires: 2001-07-19\n',
    );
    const [withActive, withExpired] = await Promise.all([
      scan(['requirements.txt', '--format', 'json', '--fail-on', 'high', '--ignore-file', active]),
      scan(['requirements.txt', '--format', 'json', '--fail-on', 'high', '--ignore-file', expired]),
    ]);
    expect(withActive.stderr).toBe('');
    const report = JSON.parse(withActive.stdout) as JsonReport;
    const protobuf = report.findings.find((finding) => finding.name === 'protobuf');
    expect(protobuf?.suppression).toMatchObject({
      state: 'ignored',
      reason: 'protobuf only parses trusted input here',
      expires: '2999-12-31',
    });
    expect(report.stats).toMatchObject({ findings: 1, suppressed: 1 });
    expect(withActive.code).toBe(0); // the only high finding is ignored
    expect(withExpired.code).toBe(1);
    const expiredReport = JSON.parse(withExpired.stdout) as JsonReport;
    expect(expiredReport.stats).toMatchObject({ findings: 2, suppressed: 0 });
  });

  it('rejects an ignore entry without a reason (exit 2, names the field)', async () => {
    const file = join(dir, 'ignore-bad.yaml');
    await writeFile(file, 'ignore:\n  - id: CVE-2021-22570\n');
    const run = await scan(['requirements.txt', '--ignore-file', file]);
    expect(run.stderr).toContain('ignore[0].reason');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ignore[0].reason');
  });

  it('reads stdin with - and --type, and refuses - without --type', async () => {
    const [typed, untyped] = await Promise.all([
      scan(['-', '--type', 'requirements-txt', '--format', 'json'], 'avro==1.11.2\n'),
      scan(['-'], 'avro==1.11.2\n'),
    ]);
    expect(typed.code).toBe(0);
    const report = JSON.parse(typed.stdout) as JsonReport;
    expect(
      report.findings.map((finding) => [
        finding.location.file,
        finding.location.line,
        finding.vulnerabilityId,
      ]),
    ).toEqual([['<stdin>', 1, 'CVE-2023-39410']]);
    expect(untyped.code).toBe(2);
    expect(untyped.stderr).toContain('--type');
  });

  it('colours the table when forced and NO_COLOR is unset', async () => {
    const run = await runWard(['scan', '--db', db, '--no-history', 'requirements.txt'], {
      cwd: project,
      env: { FORCE_COLOR: '1', NO_COLOR: undefined },
    });
    expect(run.stdout).toContain('\u001b[');
  });

  describe('bad input files named explicitly exit 2 with one line naming the file and position', () => {
    async function expectOneLineError(
      name: string,
      content: string | Buffer,
      position: RegExp,
    ): Promise<void> {
      const file = join(dir, 'bad', name);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
      const run = await scan([file]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(position);
    }

    it('malformed JSON (package-lock.json)', async () => {
      await expectOneLineError(
        'malformed/package-lock.json',
        '{\n  "lockfileVersion": 3\n  "packages": {}\n}\n',
        /:\d+/,
      );
    });

    it('truncated JSON (package-lock.json cut inside an object)', async () => {
      await expectOneLineError(
        'truncated/package-lock.json',
        '{\n  "name": "x",\n  "packages": {\n    "": {',
        /:\d+/,
      );
    });

    it('binary content (requirements.txt with NUL bytes)', async () => {
      await expectOneLineError(
        'binary/requirements.txt',
        Buffer.concat([Buffer.from('flask==2.2.4\n'), Buffer.from([0, 1, 2, 0xff, 0xfe])]),
        /requirements\.txt:2: .*NUL byte at character 13/,
      );
    });

    it('a huge file (sparse, beyond the 256 MiB limit) is refused without being read', async () => {
      const file = join(dir, 'bad', 'huge', 'requirements.txt');
      await mkdir(join(dir, 'bad', 'huge'), { recursive: true });
      await writeFile(file, '');
      await truncate(file, 300 * 1024 * 1024);
      const run = await scan([file]);
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(/314572800 bytes: too large.*exceeded at byte 268435456/);
    });
  });
});
