/**
 * Ecosystem names are OSV's (https://ossf.github.io/osv-schema/#affectedpackage-field), so that
 * advisories, inventories and version schemes meet on one key. Distribution ecosystems may carry
 * a release suffix (`Debian:12`, `Alpine:v3.19`, `Red Hat:enterprise_linux:9::appstream`); the part
 * before the first ':' selects the version scheme.
 */
export const KNOWN_ECOSYSTEMS = [
  'AlmaLinux',
  'Alpine',
  'Android',
  'Bitnami',
  'Chainguard',
  'CRAN',
  'crates.io',
  'Debian',
  'GHC',
  'GIT',
  'Go',
  'Hackage',
  'Hex',
  'Linux',
  'Mageia',
  'Maven',
  'npm',
  'NuGet',
  'openSUSE',
  'OSS-Fuzz',
  'Packagist',
  'Photon OS',
  'Pub',
  'PyPI',
  'Red Hat',
  'Rocky Linux',
  'RubyGems',
  'SUSE',
  'SwiftURL',
  'Ubuntu',
  'Wolfi',
  // Ward-specific: software identified only by CPE (network services, Windows products).
  'CPE',
  // Ward-specific: a Windows host's installed-KB state, matched against CSAF/KB remediation data.
  'Windows',
] as const;

export type KnownEcosystem = (typeof KNOWN_ECOSYSTEMS)[number];

/** Full ecosystem string as found in data, possibly with a release suffix. */
export type Ecosystem = string;

/** `Debian:12` → `Debian`; `npm` → `npm`. */
export function baseEcosystem(ecosystem: Ecosystem): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** `Debian:12` → `12`; `npm` → undefined. */
export function ecosystemRelease(ecosystem: Ecosystem): string | undefined {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? undefined : ecosystem.slice(colon + 1);
}

const KNOWN_LOWER = new Map(KNOWN_ECOSYSTEMS.map((name) => [name.toLowerCase(), name]));

/** Canonical spelling of a base ecosystem name given in any case (`pypi` → `PyPI`), or undefined. */
export function canonicalEcosystem(name: string): KnownEcosystem | undefined {
  return KNOWN_LOWER.get(name.toLowerCase());
}
