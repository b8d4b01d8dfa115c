/**
 * Hand-checked boundary cases, one block per ecosystem, each taken from the ecosystem's own
 * specification or reference implementation (cited per block). A chain such as
 * `['1.0~rc1', '<', '1.0', '=', '1.0-0', '<', '1.0-1']` states the relation of every pair in it,
 * not just neighbours, and every pair is checked in both directions.
 */
import { describe, expect, it } from 'vitest';
import { WardError } from '../core/errors.js';
import { compareVersions, getVersionScheme, listVersionEcosystems, sortVersions } from './index.js';
import { opOf } from './shared/vector-lines.js';

type Chain = readonly string[];

/** Every pair (i < j) of a chain with the relation the chain states between them. */
function pairsOf(chain: Chain): [string, '<' | '=' | '>', string][] {
  const versions: string[] = [];
  const ranks: number[] = [];
  let rank = 0;
  chain.forEach((item, index) => {
    if (index % 2 === 1) {
      if (item !== '<' && item !== '=') throw new Error(`chain operator must be < or =, got ${item}`);
      if (item === '<') rank += 1;
      return;
    }
    versions.push(item);
    ranks.push(rank);
  });
  const pairs: [string, '<' | '=' | '>', string][] = [];
  for (let i = 0; i < versions.length; i += 1) {
    for (let j = i + 1; j < versions.length; j += 1) {
      pairs.push([versions[i] as string, ranks[i] === ranks[j] ? '=' : '<', versions[j] as string]);
    }
  }
  return pairs;
}

function expectChain(ecosystem: string, chain: Chain): void {
  const failures: string[] = [];
  for (const [a, op, b] of pairsOf(chain)) {
    const forward = opOf(compareVersions(ecosystem, a, b));
    const backward = opOf(compareVersions(ecosystem, b, a));
    const inverse = op === '<' ? '>' : '=';
    if (forward !== op || backward !== inverse) {
      failures.push(`${a} ${op} ${b}: got ${forward}, reverse ${backward}`);
    }
  }
  expect(failures).toEqual([]);
}

function expectUnparsable(ecosystem: string, raw: string): void {
  expect(getVersionScheme(ecosystem)?.parse(raw), `${ecosystem} '${raw}'`).toBeUndefined();
}

const BOUNDARIES: Record<string, Record<string, Chain>> = {
  // dpkg: Debian Policy §5.6.12 and dpkg's verrevcmp (lib/dpkg/version.c).
  Debian: {
    'epoch beats everything after it; absent epoch is 0': ['2.0', '<', '1:0.1', '<', '1:0.2', '<', '2:0'],
    'explicit zero epoch': ['0:1.0', '=', '1.0', '=', '00:1.0'],
    'tilde sorts before the end (Policy: ~~ < ~~a < ~ < "" < a)': [
      '1.0~~',
      '<',
      '1.0~~a',
      '<',
      '1.0~',
      '<',
      '1.0',
      '<',
      '1.0a',
    ],
    'pre-release by tilde': ['1.0~alpha1', '<', '1.0~beta1', '<', '1.0~rc1', '<', '1.0', '<', '1.0.1'],
    'letters sort before non-letters; + after the end': [
      '1.0',
      '<',
      '1.0a',
      '<',
      '1.0z',
      '<',
      '1.0+',
      '<',
      '1.0+b1',
    ],
    'revision: absent = 0, compared with the same rules': [
      '1.0',
      '=',
      '1.0-0',
      '<',
      '1.0-1',
      '<',
      '1.0-1ubuntu1',
      '<',
      '1.0-2',
      '<',
      '1.0-10',
    ],
    'revision tilde (security backports)': ['1.2-3~deb11u1', '<', '1.2-3', '<', '1.2-3+deb12u1'],
    'the revision starts after the last hyphen': ['1.0-2-3', '<', '1.0-2-4', '<', '1.0-3-1'],
    'leading zeros in digit runs are ignored': ['1.01', '=', '1.1', '=', '1.001', '<', '1.2', '<', '1.10'],
    'huge digit runs compare exactly': [
      '1.99999999999999999998',
      '<',
      '1.99999999999999999999',
      '<',
      '1.100000000000000000000',
    ],
  },
  // rpmvercmp: rpm's own test table (tests/rpmvercmp.at) and the versioning manual.
  'Red Hat': {
    'numbers numerically, longer wins': ['1.0', '<', '1.0.1', '<', '1.0.10', '<', '2.0', '<', '2.0.1a'],
    'separators are equal to each other': ['2.0', '=', '2_0', '=', '2+0', '=', '2..0'],
    'leading zeros ignored': ['1.05', '=', '1.5', '<', '1.010'],
    'letter runs by strcmp, numbers beat letters': ['xyz.4', '<', '8', '<', '8.a', '<', '8.1'],
    'p-suffixes': ['5.5p1', '<', '5.5p2', '<', '5.5p10'],
    'tilde sorts before everything, even the end': [
      '1.0~rc1~git123',
      '<',
      '1.0~rc1',
      '<',
      '1.0~rc2',
      '<',
      '1.0',
      '<',
      '1.0.1',
    ],
    'caret sorts after the end but before anything else': [
      '1.0',
      '<',
      '1.0^',
      '<',
      '1.0^git1~pre',
      '<',
      '1.0^git1',
      '<',
      '1.0^git2',
      '<',
      '1.0^20160101',
      '<',
      '1.0.1',
      '<',
      '1.01',
    ],
    'caret after a tilde pre-release': ['1.0~rc1', '<', '1.0~rc1^git1', '<', '1.0'],
    'epoch first; absent = 0': ['0:9.9', '=', '9.9', '<', '1:0.1', '<', '2:0'],
    'release after version; no release sorts first (OSV)': [
      '1.0',
      '<',
      '1.0-1',
      '<',
      '1.0-1.el9',
      '<',
      '1.0-2',
      '<',
      '1.1-1',
    ],
  },
  // apk: apk-tools src/version.c and apk-package(5); OSV's reading of the Gentoo leading-zero rule.
  Alpine: {
    'suffix order': [
      '1.0_alpha1',
      '<',
      '1.0_beta1',
      '<',
      '1.0_pre1',
      '<',
      '1.0_rc1',
      '<',
      '1.0',
      '<',
      '1.0_cvs1',
      '<',
      '1.0_svn1',
      '<',
      '1.0_git1',
      '<',
      '1.0_hg1',
      '<',
      '1.0_p1',
      '<',
      '1.0_p2',
    ],
    'suffix numbers and empty suffix numbers': ['1.0_rc', '=', '1.0_rc0', '<', '1.0_rc1', '<', '1.0_rc10'],
    'letter after the numbers': ['1.0', '<', '1.0a', '<', '1.0b', '<', '1.0.1'],
    'package revision last; absent = r0': [
      '2.0_rc1-r3',
      '<',
      '2.0',
      '=',
      '2.0-r0',
      '<',
      '2.0-r1',
      '<',
      '2.0-r10',
      '<',
      '2.0_p1',
    ],
    'after the first component a leading zero compares as text': [
      '1.001',
      '<',
      '1.01',
      '<',
      '1.1',
      '<',
      '1.9',
      '<',
      '1.10',
    ],
    'first component numerically': ['01.0', '=', '1.0', '<', '9.0', '<', '10.0'],
  },
  // Maven ComparableVersion (maven-artifact) and the POM reference's version order specification.
  Maven: {
    'trailing nulls and release aliases': [
      '1',
      '=',
      '1.0',
      '=',
      '1.0.0',
      '=',
      '1-0',
      '=',
      '1.ga',
      '=',
      '1-ga',
      '=',
      '1-final',
      '=',
      '1-release',
    ],
    'qualifier order': [
      '1-alpha',
      '<',
      '1-beta',
      '<',
      '1-milestone',
      '<',
      '1-rc',
      '<',
      '1-snapshot',
      '<',
      '1',
      '<',
      '1-sp',
      '<',
      '1-abc',
      '<',
      '1-foo',
      '<',
      '1-1',
      '<',
      '1.1',
    ],
    'aliases and short forms': [
      '1-a1',
      '=',
      '1-alpha-1',
      '<',
      '1-b2',
      '=',
      '1-beta-2',
      '<',
      '1-m3',
      '=',
      '1-milestone-3',
      '<',
      '1-cr1',
      '=',
      '1-rc-1',
    ],
    'case-insensitive': [
      '1.0-ALPHA1',
      '=',
      '1.0-alpha1',
      '<',
      '1.0-SNAPSHOT',
      '=',
      '1.0-snapshot',
      '<',
      '1.0',
    ],
    'numbers inside qualifiers compare numerically': ['1-foo2', '<', '1-foo10'],
    'sp vs ga with further components (POM reference examples)': ['1-ga.1', '<', '1-sp.1'],
    'sp-1 sorts below ga-1 = 1-1 (POM reference example)': ['1-sp-1', '<', '1-ga-1', '=', '1-1'],
    'leading zeros': ['1.9', '<', '1.010', '=', '1.10'],
    'huge numbers': ['1.2147483648', '<', '1.9223372036854775808', '<', '1.99999999999999999999999'],
  },
  // PEP 440 (packaging.version.Version); legacy versions as packaging < 22 ordered them.
  PyPI: {
    epochs: ['2.0', '<', '1!0.1', '<', '1!1.0', '<', '2!0'],
    'explicit zero epoch and normalised spellings': [
      '0!1.0',
      '=',
      '1.0',
      '=',
      '1.0.0',
      '=',
      'v1.0',
      '=',
      '01.0',
      '=',
      '1.0.0.0',
    ],
    'dev < pre < release < post': [
      '1.0.dev0',
      '<',
      '1.0.dev1',
      '<',
      '1.0a1.dev1',
      '<',
      '1.0a1',
      '<',
      '1.0a2',
      '<',
      '1.0b1',
      '<',
      '1.0rc1',
      '<',
      '1.0rc2',
      '<',
      '1.0',
      '<',
      '1.0+local',
      '<',
      '1.0.post1.dev1',
      '<',
      '1.0.post1',
      '<',
      '1.0.post2',
      '<',
      '1.0.1.dev0',
    ],
    'pre-release spellings': [
      '1.0alpha1',
      '=',
      '1.0a1',
      '=',
      '1.0-a-1',
      '<',
      '1.0beta',
      '=',
      '1.0b0',
      '<',
      '1.0c1',
      '=',
      '1.0rc1',
      '=',
      '1.0.RC.1',
      '=',
      '1.0pre1',
      '=',
      '1.0preview1',
    ],
    'post-release spellings': [
      '1.0-1',
      '=',
      '1.0.post1',
      '=',
      '1.0post1',
      '=',
      '1.0-r1',
      '=',
      '1.0rev1',
      '<',
      '1.0-2',
    ],
    'local versions: above the public version, numbers above letters, longer wins': [
      '1.0',
      '<',
      '1.0+abc',
      '<',
      '1.0+abc.1',
      '<',
      '1.0+abd',
      '<',
      '1.0+1',
      '=',
      '1.0+01',
      '<',
      '1.0+1.1',
      '<',
      '1.0+2',
      '<',
      '1.0.post0',
    ],
    'local separators normalise': ['1.0+ubuntu-1', '=', '1.0+ubuntu.1', '=', '1.0+ubuntu_1'],
    'legacy (non-PEP 440) versions sort below every PEP 440 version': [
      'foobar',
      '<',
      '0.0.dev0',
      '<',
      '0.0.1',
    ],
  },
  // SemVer 2.0.0 §9–§11 (the §11 example chain), as node-semver and OSV order it.
  npm: {
    'semver.org §11 precedence example': [
      '1.0.0-alpha',
      '<',
      '1.0.0-alpha.1',
      '<',
      '1.0.0-alpha.beta',
      '<',
      '1.0.0-beta',
      '<',
      '1.0.0-beta.2',
      '<',
      '1.0.0-beta.11',
      '<',
      '1.0.0-rc.1',
      '<',
      '1.0.0',
      '<',
      '2.0.0',
      '<',
      '2.1.0',
      '<',
      '2.1.1',
    ],
    'numeric identifiers below alphanumeric ones': [
      '1.0.0-1',
      '<',
      '1.0.0-2',
      '<',
      '1.0.0-10',
      '<',
      '1.0.0-a',
      '<',
      '1.0.0-a-b',
    ],
    'build metadata is ignored (§10)': [
      '1.0.0-rc.1',
      '=',
      '1.0.0-rc.1+build.5',
      '<',
      '1.0.0',
      '=',
      '1.0.0+20130313144700',
      '=',
      'v1.0.0+exp.sha.5114f85',
    ],
    'components of any size': [
      '1.2.9',
      '<',
      '1.2.10',
      '<',
      '1.2.9007199254740993',
      '<',
      '1.2.99999999999999999999',
    ],
    'OSV leniency: leading zeros are ignored': ['01.02.03', '=', '1.2.3'],
  },
  // Go modules reference: pseudo-versions and +incompatible.
  Go: {
    'pseudo-version before any release (vX.0.0 form)': [
      'v0.0.0-20190101000000-aaaaaaaaaaaa',
      '<',
      'v0.0.0-20210101120000-abcdef123456',
      '<',
      'v0.0.1',
    ],
    'pseudo-version after a release (vX.Y.(Z+1)-0 form)': [
      'v1.2.3',
      '<',
      'v1.2.4-0.20210101120000-abcdef123456',
      '<',
      'v1.2.4-0.20220101120000-012345678901',
      '<',
      'v1.2.4-rc.1',
      '<',
      'v1.2.4',
    ],
    'pseudo-version after a pre-release (vX.Y.Z-pre.0 form)': [
      'v1.2.4-pre',
      '<',
      'v1.2.4-pre.0.20210101120000-abcdef123456',
      '<',
      'v1.2.4',
    ],
    '+incompatible is build metadata': [
      'v1.9.9',
      '<',
      'v2.0.0+incompatible',
      '=',
      'v2.0.0',
      '=',
      '2.0.0',
      '<',
      'v2.0.1+incompatible',
      '<',
      'v3.0.0+incompatible',
    ],
  },
  'crates.io': {
    'SemVer pre-releases and build metadata': [
      '1.0.0-alpha.1',
      '<',
      '1.0.0-beta',
      '<',
      '1.0.0',
      '=',
      '1.0.0+git.abc',
      '<',
      '1.0.1',
    ],
  },
  Hex: {
    'SemVer pre-releases and build metadata': [
      '1.0.0-rc.0',
      '<',
      '1.0.0-rc.1',
      '<',
      '1.0.0',
      '=',
      '1.0.0+otp26',
      '<',
      '1.1.0',
    ],
  },
  SwiftURL: {
    SemVer: ['1.0.0-beta', '<', '1.0.0', '=', '1.0.0+build', '<', '1.0.10'],
  },
  Generic: {
    'SemVer, lenient about the number of components': ['1', '=', '1.0.0', '<', '1.0.0.1', '<', '1.1'],
  },
  // pub_semver's own comparison test: builds sort after no build and compare identifier-wise.
  Pub: {
    'pub_semver comparison test list': [
      '1.0.0-alpha',
      '<',
      '1.0.0-alpha.1',
      '<',
      '1.0.0-beta.2',
      '<',
      '1.0.0-beta.11',
      '<',
      '1.0.0-rc.1',
      '<',
      '1.0.0-rc.1+build.1',
      '<',
      '1.0.0',
      '<',
      '1.0.0+0.3.7',
      '<',
      '1.3.7+build',
      '<',
      '1.3.7+build.2.b8f12d7',
      '<',
      '1.3.7+build.11.e0f985a',
      '<',
      '2.0.0',
      '<',
      '2.11.1',
    ],
  },
  // NuGet package-versioning docs: four parts, case-insensitive labels, metadata ignored.
  NuGet: {
    'fourth part and padding': ['1.0', '=', '1.0.0', '=', '1.0.0.0', '<', '1.0.0.1', '<', '1.0.1'],
    'case-insensitive pre-release labels': [
      '1.0.0-ALPHA',
      '=',
      '1.0.0-alpha',
      '<',
      '1.0.0-Beta.2',
      '=',
      '1.0.0-beta.2',
      '<',
      '1.0.0',
    ],
    'build metadata ignored': ['1.0.0+git.1', '=', '1.0.0+git.2', '=', '1.0.0'],
  },
  // Gem::Version docs: "1.0.a.2" < "1.0.b1" < "1.0"; '-' means '.pre.'.
  RubyGems: {
    'Gem::Version documentation order': ['0.9', '<', '1.0.a.2', '<', '1.0.b1', '<', '1.0', '<', '1.0.1'],
    'trailing zeros dropped; leading zeros ignored': [
      '1',
      '=',
      '1.0',
      '=',
      '1.0.0',
      '<',
      '1.01.1',
      '=',
      '1.1.1',
    ],
    'letters are pre-releases; numbers inside compare numerically': [
      '1.0.a9',
      '<',
      '1.0.a10',
      '<',
      '1.0.rc1',
      '<',
      '1.0',
    ],
    '- means .pre.': ['1.0-1', '=', '1.0.pre.1', '<', '1.0.rc', '<', '1.0'],
  },
  // PHP version_compare special forms: unknown < dev < alpha < beta < RC < # < pl.
  Packagist: {
    'special forms': [
      '1.0.0-foo',
      '<',
      '1.0.0-dev',
      '<',
      '1.0.0-alpha1',
      '=',
      '1.0.0a1',
      '<',
      '1.0.0-beta1',
      '=',
      '1.0.0b1',
      '<',
      '1.0.0-RC1',
      '=',
      '1.0.0rc1',
      '<',
      '1.0.0',
      '<',
      '1.0.0-pl1',
      '=',
      '1.0.0p1',
      '<',
      '1.0.1',
    ],
    'pl beats a number in the same place (# < pl)': ['1.0.0.1', '<', '1.0.0pl1'],
    'a leading v is dropped; shorter is smaller': ['v1.0', '=', '1.0', '<', '1.0.0', '<', '1.0.1'],
    'separators - _ + are dots': ['1-0-1', '=', '1_0_1', '=', '1+0+1', '=', '1.0.1'],
  },
  // R numeric_version: '-' and '.' are equivalent; lists compare element-wise, a prefix is smaller.
  CRAN: {
    'separators and prefixes': [
      '0.1',
      '<',
      '0.1.0',
      '<',
      '0.1.0.0',
      '<',
      '0.1.1',
      '=',
      '0.1-1',
      '<',
      '1.0-10',
      '=',
      '1.0.10',
    ],
    'leading zeros are numeric': ['1.01', '=', '1.1'],
  },
  // Cabal Version: lists of naturals, a prefix is smaller.
  Hackage: {
    'lexicographic lists': ['1', '<', '1.0', '<', '1.0.0', '<', '1.0.1', '<', '1.1', '<', '1.10', '<', '2'],
  },
};

const UNPARSABLE: Record<string, readonly string[]> = {
  Debian: ['', 'a:1.0', '1:', '1.0-a b', '1.0-r@1'],
  'Red Hat': ['', '1.0 2'],
  Alpine: ['', '1.0 r1'],
  Maven: ['', '1.0 beta'],
  PyPI: ['', '1.0 beta'],
  npm: ['', '1.0.0-', '1.0.0-a..b', 'x.y.z', '1.0.0+'],
  Go: ['', 'vx', 'v1.0.0-'],
  NuGet: ['', '1.0.0.0.0', '1.0.0-beta..1'],
  RubyGems: ['', 'a1.0', '1..0'],
  Packagist: ['', '1.0 beta'],
  CRAN: ['', '1.0a', '1..0'],
  Hackage: ['', '1.0-1', 'v1.0'],
};

describe('src/versions boundary cases per ecosystem', () => {
  for (const [ecosystem, blocks] of Object.entries(BOUNDARIES)) {
    describe(ecosystem, () => {
      it.each(Object.entries(blocks))('%s', (_label, chain) => expectChain(ecosystem, chain));
    });
  }

  it.each(Object.entries(UNPARSABLE))('%s rejects versions outside its grammar', (ecosystem, versions) => {
    for (const raw of versions) expectUnparsable(ecosystem, raw);
  });

  it('distribution aliases use their family rules', () => {
    expectChain('Ubuntu', ['1.0~rc1', '<', '1.0', '=', '0:1.0-0', '<', '1.0-0ubuntu1']);
    expectChain('Debian:12', ['1.0~rc1', '<', '1.0']);
    for (const ecosystem of ['AlmaLinux', 'Rocky Linux', 'SUSE', 'openSUSE', 'Red Hat:enterprise_linux:9']) {
      expectChain(ecosystem, ['1.0~rc1', '<', '1.0', '<', '1.0^git1', '<', '1:0.1']);
    }
    for (const ecosystem of ['Wolfi', 'Chainguard', 'Alpine:v3.19']) {
      expectChain(ecosystem, ['1.0_rc1', '<', '1.0', '<', '1.0-r1', '<', '1.0_p1']);
    }
  });
});

describe('src/versions unknown ecosystems', () => {
  it.each(['Nonesuch', 'pypi', 'NPM', 'Linux', 'GIT', ''])(
    "'%s' has no scheme and is reported, never guessed",
    (name) => {
      expect(getVersionScheme(name)).toBeUndefined();
      expect(listVersionEcosystems()).not.toContain(name);
      let thrown: unknown;
      try {
        compareVersions(name, '1.0', '2.0');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(WardError);
      expect((thrown as WardError).code).toBe('input.unsupported');
      expect((thrown as WardError).message).toContain(`no version ordering for ecosystem '${name}'`);
      expect(() => sortVersions(name, ['1.0'])).toThrow(WardError);
    },
  );

  it('an unparsable version is an input error naming it', () => {
    expect(() => compareVersions('Hackage', '1.0', 'v2')).toThrow("expected a Hackage version, got 'v2'");
    expect(() => sortVersions('CRAN', ['1.0', '2.0', 'two'])).toThrow("expected a CRAN version, got 'two'");
  });

  it('sort is ascending and stable for equal versions', () => {
    expect(sortVersions('Maven', ['1.0', '1-SNAPSHOT', '1', '1.0.0', '1-alpha'])).toEqual([
      '1-alpha',
      '1-SNAPSHOT',
      '1.0',
      '1',
      '1.0.0',
    ]);
  });
});
