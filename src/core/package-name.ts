/**
 * Package names normalised for lookup, so an inventory's spelling and an advisory's spelling of
 * the same package meet on one key. Each rule follows the ecosystem's own registry identity rule.
 */
import { baseEcosystem, type Ecosystem } from './ecosystem.js';

// PEP 503 (https://peps.python.org/pep-0503/#normalized-names): runs of -, _ and . are one '-',
// case-insensitive. The regex has a single character class quantifier: linear time.
const PEP503_SEPARATORS = /[-_.]+/g;

/** Normalised name for index lookups. Never empty for a non-empty input. */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  const trimmed = name.trim();
  switch (baseEcosystem(ecosystem)) {
    case 'PyPI':
      return trimmed.replace(PEP503_SEPARATORS, '-').toLowerCase();
    // NuGet ids, Composer (Packagist) vendor/package names, Pub and Hex names are
    // case-insensitive in their registries.
    case 'NuGet':
    case 'Packagist':
    case 'Pub':
    case 'Hex':
      return trimmed.toLowerCase();
    // crates.io treats names case-insensitively and '-' and '_' as the same for uniqueness
    // (https://doc.rust-lang.org/cargo/reference/manifest.html#the-name-field).
    case 'crates.io':
      return trimmed.toLowerCase().replace(/_/g, '-');
    // Maven coordinates, Go module paths, npm names, RubyGems and distro packages are
    // case-sensitive: keep them exactly.
    default:
      return trimmed;
  }
}
