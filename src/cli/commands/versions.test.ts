import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWard } from '../../../test/support/cli.js';
import { sharedData } from '../../../test/support/shared-data.js';
import { compareVersions, sortVersions } from '../../versions/index.js';
import { distinctVersions, parseVectorLines } from '../../versions/shared/vector-lines.js';

describe('src/cli/commands/versions', () => {
  it.each([
    ['Debian', '1.0~rc1', '1.0', '<'],
    ['Debian:12', '1:0.9', '2.0', '>'],
    ['PyPI', '1.0.0', '1.0', '='],
    ['Maven', '1.0-SNAPSHOT', '1.0', '<'],
    ['Red Hat', '1.0^git1', '1.0', '>'],
  ])('compare %s %s %s prints %s', async (ecosystem, a, b, expected) => {
    const run = await runWard(['versions', 'compare', ecosystem, a, b]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${expected}\n`);
  });

  it('compare exits 2 naming an unparsable version', async () => {
    const run = await runWard(['versions', 'compare', 'CRAN', '1.0', 'one.two']);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("expected a CRAN version, got 'one.two'");
  });

  it('compare exits 2 for an unknown ecosystem instead of guessing', async () => {
    const run = await runWard(['versions', 'compare', 'Nonesuch', '1.0', '2.0']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no version ordering for ecosystem 'Nonesuch'");
  });

  it('sort prints ascending, keeps equal versions in input order and skips blank lines', async () => {
    const input = '1.10.0\n\n1.2.0\n1.0\n1.0.0\n0.9rc1\n  \n1!0.1\n';

    const run = await runWard(['versions', 'sort', 'PyPI'], { input });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('0.9rc1\n1.0\n1.0.0\n1.2.0\n1.10.0\n1!0.1\n');
  });

  it('sort exits 2 naming the input line of an unparsable version', async () => {
    const run = await runWard(['versions', 'sort', 'Hackage'], { input: '1.0\n\n2.0\nv3\n' });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('<stdin>:4');
    expect(run.stderr).toContain("got 'v3'");
  });

  it('sort exits 2 for an unknown ecosystem before reading stdin', async () => {
    const run = await runWard(['versions', 'sort', 'Nonesuch'], { input: '1.0\n' });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("no version ordering for ecosystem 'Nonesuch'");
  });
});

const vectors = sharedData('version-vectors');

describe.skipIf(!vectors.present)('ward versions sort on real Debian versions', () => {
  it('prints the same order as sortVersions, ascending under compare', async () => {
    // 400 of the 15,000 distinct versions in debian-versions-generated.txt, in a scrambled order.
    const text = readFileSync(join(vectors.path, 'debian-versions-generated.txt'), 'utf8');
    const all = distinctVersions(parseVectorLines(text).vectors);
    const input = all.filter((_, index) => index % 37 === 0).slice(0, 400);
    input.sort((a, b) => (a.length % 7) - (b.length % 7) || (a < b ? 1 : -1));

    const run = await runWard(['versions', 'sort', 'Debian'], { input: `${input.join('\n')}\n` });

    expect(run.code).toBe(0);
    const printed = run.stdout.split('\n').slice(0, -1);
    expect(printed).toEqual(sortVersions('Debian', input));
    for (let i = 1; i < printed.length; i += 1) {
      expect(compareVersions('Debian', printed[i - 1] as string, printed[i] as string)).toBeLessThanOrEqual(
        0,
      );
    }
  });
});
