/**
 * Every version scheme Ward knows, keyed by OSV ecosystem name, alphabetical (case-insensitive).
 * Adding a scheme = one file `<ecosystem>.ts` plus one entry here. Aliases reuse a scheme under
 * another OSV name (Ubuntu uses dpkg ordering; the RPM distributions use rpmvercmp; Wolfi and
 * Chainguard use apk ordering). Anything not listed is unsupported: there is no fallback.
 */
import { alpineScheme } from './alpine.js';
import { cranScheme } from './cran.js';
import { cratesIoScheme } from './crates-io.js';
import { debianScheme } from './debian.js';
import { genericScheme } from './generic.js';
import { goScheme } from './go.js';
import { hackageScheme } from './hackage.js';
import { hexScheme } from './hex.js';
import { mavenScheme } from './maven.js';
import { npmScheme } from './npm.js';
import { nugetScheme } from './nuget.js';
import { packagistScheme } from './packagist.js';
import { pubScheme } from './pub.js';
import { pypiScheme } from './pypi.js';
import { redHatScheme } from './red-hat.js';
import { rubygemsScheme } from './rubygems.js';
import { swifturlScheme } from './swifturl.js';
import type { VersionScheme } from './types.js';

/** The same ordering rules under another OSV ecosystem name. */
function aliasScheme<V>(scheme: VersionScheme<V>, ecosystem: string): VersionScheme<V> {
  return { ...scheme, ecosystem };
}

export const VERSION_SCHEMES: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
  ['AlmaLinux', aliasScheme(redHatScheme, 'AlmaLinux')],
  ['Alpine', alpineScheme],
  ['Chainguard', aliasScheme(alpineScheme, 'Chainguard')],
  ['CRAN', cranScheme],
  ['crates.io', cratesIoScheme],
  ['Debian', debianScheme],
  ['Generic', genericScheme],
  ['Go', goScheme],
  ['Hackage', hackageScheme],
  ['Hex', hexScheme],
  ['Mageia', aliasScheme(redHatScheme, 'Mageia')],
  ['Maven', mavenScheme],
  ['npm', npmScheme],
  ['NuGet', nugetScheme],
  ['openSUSE', aliasScheme(redHatScheme, 'openSUSE')],
  ['Packagist', packagistScheme],
  ['Photon OS', aliasScheme(redHatScheme, 'Photon OS')],
  ['Pub', pubScheme],
  ['PyPI', pypiScheme],
  ['Red Hat', redHatScheme],
  ['Rocky Linux', aliasScheme(redHatScheme, 'Rocky Linux')],
  ['RubyGems', rubygemsScheme],
  ['SUSE', aliasScheme(redHatScheme, 'SUSE')],
  ['SwiftURL', swifturlScheme],
  ['Ubuntu', aliasScheme(debianScheme, 'Ubuntu')],
  ['Wolfi', aliasScheme(alpineScheme, 'Wolfi')],
] as [string, VersionScheme][]);
