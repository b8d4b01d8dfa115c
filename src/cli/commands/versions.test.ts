import { describe, expect, it } from 'vitest';
import { runWard } from '../../../test/support/cli.js';

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
});
