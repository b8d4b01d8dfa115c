/**
 * Package URLs (https://github.com/package-url/purl-spec) ↔ OSV package identities.
 *
 * Parsing, percent-decoding, per-type normalisation and formatting are packageurl-js's (the
 * purl project's own JavaScript implementation). Only the mapping between purl types and OSV
 * ecosystems (https://ossf.github.io/osv-schema/#affectedpackage-field) and the per-ecosystem
 * name joining rules are ours. A purl type without an OSV ecosystem is an explicit
 * `unsupported` outcome with a reason, never a guess.
 */
import { PackageURL } from 'packageurl-js';
import { baseEcosystem, type Ecosystem, ecosystemRelease } from './ecosystem.js';
import { WardError } from './errors.js';
import { normalizePackageName } from './package-name.js';

/** The six purl components, decoded. Qualifier keys are lowercase (purl spec). */
export interface Purl {
  readonly type: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly version: string | undefined;
  /** Null-prototype record: parsed keys such as `__proto__` stay plain own properties. */
  readonly qualifiers: Readonly<Record<string, string>>;
  readonly subpath: string | undefined;
}

/** A purl translated into the names OSV advisories use. */
export interface PurlPackage {
  readonly status: 'supported';
  /** OSV ecosystem, with the distro release when the purl carries one (`Debian:12`). */
  readonly ecosystem: Ecosystem;
  /** The package name as OSV spells it (`group:artifact`, `@scope/name`, `vendor/name` …). */
  readonly name: string;
  readonly version: string | undefined;
  /**
   * Distro source package, from the `source`/`upstream` qualifier (deb, apk, rpm). OSV distro
   * advisories are keyed by source package, while purls name the binary package.
   */
  readonly sourceName?: string;
  readonly sourceVersion?: string;
}

export interface PurlUnsupported {
  readonly status: 'unsupported';
  readonly type: string;
  /** Why no OSV identity was derived, for the user-facing "unknown" explanation. */
  readonly reason: string;
}

export type PurlPackageResult = PurlPackage | PurlUnsupported;

/** Untrusted input echoed in a message, cut so a hostile string cannot flood logs. */
function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}… (${text.length} characters)` : text;
}

/** Parses a purl string; throws WardError('input.invalid') naming what is wrong. */
export function parsePurl(text: string): Purl {
  const trimmed = text.trim();
  if (trimmed === '')
    throw new WardError('input.invalid', 'expected a purl (pkg:type/name@version), got an empty string');
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(trimmed);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^Invalid purl: /, '') : String(error);
    throw new WardError(
      'input.invalid',
      `expected a purl (pkg:type/name@version), got '${excerpt(trimmed)}': ${detail}`,
      {
        cause: error,
      },
    );
  }
  return fromLibrary(parsed);
}

function fromLibrary(parsed: PackageURL): Purl {
  const qualifiers: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(parsed.qualifiers ?? {})) qualifiers[key] = value;
  return {
    type: parsed.type,
    namespace: parsed.namespace || undefined,
    name: parsed.name,
    version: parsed.version || undefined,
    qualifiers: Object.freeze(qualifiers),
    subpath: parsed.subpath || undefined,
  };
}

/** Formats purl components in the spec's canonical form (packageurl-js encodes and normalises). */
export function formatPurl(purl: Purl): string {
  const qualifiers = Object.keys(purl.qualifiers).length > 0 ? { ...purl.qualifiers } : undefined;
  return new PackageURL(
    purl.type,
    purl.namespace,
    purl.name,
    purl.version,
    qualifiers,
    purl.subpath,
  ).toString();
}

// Language ecosystems: purl type → OSV ecosystem.
const LANGUAGE_TYPES: ReadonlyMap<string, Ecosystem> = new Map([
  ['bitnami', 'Bitnami'],
  ['cargo', 'crates.io'],
  ['composer', 'Packagist'],
  ['cran', 'CRAN'],
  ['gem', 'RubyGems'],
  ['golang', 'Go'],
  ['hackage', 'Hackage'],
  ['hex', 'Hex'],
  ['maven', 'Maven'],
  ['npm', 'npm'],
  ['nuget', 'NuGet'],
  ['pub', 'Pub'],
  ['pypi', 'PyPI'],
  ['swift', 'SwiftURL'],
]);

// Types with a clear reason why a purl alone does not give an OSV package.
const UNSUPPORTED_REASONS: ReadonlyMap<string, string> = new Map([
  ['generic', 'generic purls name no package registry, so no OSV ecosystem applies'],
  ['github', 'github purls name a repository; OSV matches repositories by commit (GIT ranges), not by purl'],
]);

/**
 * Translates a purl (string or parsed) into OSV's (ecosystem, name, version). Throws
 * WardError('input.invalid') for a malformed purl string; returns `unsupported` for a
 * well-formed purl whose type (or distro) has no OSV ecosystem.
 */
export function purlToPackage(purl: string | Purl): PurlPackageResult {
  const parsed = typeof purl === 'string' ? parsePurl(purl) : purl;
  const { type, namespace, name, version } = parsed;
  const language = LANGUAGE_TYPES.get(type);
  if (language !== undefined) {
    const osvName = languageName(type, namespace, name);
    if (typeof osvName !== 'string') return unsupported(type, osvName.reason);
    return { status: 'supported', ecosystem: language, name: osvName, version };
  }
  switch (type) {
    case 'deb':
      return distroPackage(parsed, debianEcosystem(namespace, parsed.qualifiers.distro));
    case 'apk':
      return distroPackage(parsed, apkEcosystem(namespace, parsed.qualifiers.distro));
    case 'rpm':
      return distroPackage(parsed, rpmEcosystem(namespace, parsed.qualifiers.distro));
    default:
      return unsupported(type, UNSUPPORTED_REASONS.get(type) ?? `purl type '${type}' has no OSV ecosystem`);
  }
}

function unsupported(type: string, reason: string): PurlUnsupported {
  return { status: 'unsupported', type, reason };
}

function languageName(
  type: string,
  namespace: string | undefined,
  name: string,
): string | { reason: string } {
  switch (type) {
    case 'maven':
      // packageurl-js already rejects a maven purl without a namespace (groupId).
      return `${namespace}:${name}`;
    case 'npm':
    case 'golang':
    case 'composer':
    case 'swift':
      // `@scope/name`, a full Go module path, `vendor/package`, a Swift repository path.
      return namespace ? `${namespace}/${name}` : name;
    case 'pypi':
      // OSV PyPI names are PEP 503-normalised; the purl spec only lowercases and maps '_' to '-'.
      return normalizePackageName('PyPI', name);
    default:
      // cargo, gem, nuget, hex, pub, hackage, cran, bitnami: registries without namespaces. A
      // namespace here (e.g. a private Hex organisation) names a different package than OSV's.
      if (namespace)
        return { reason: `${type} purl has a namespace '${namespace}' that OSV names cannot express` };
      return name;
  }
}

type DistroEcosystem = Ecosystem | { reason: string };

function distroPackage(purl: Purl, ecosystem: DistroEcosystem): PurlPackageResult {
  if (typeof ecosystem !== 'string') return unsupported(purl.type, ecosystem.reason);
  const source = purl.qualifiers.source ?? purl.qualifiers.upstream;
  const result: { -readonly [K in keyof PurlPackage]: PurlPackage[K] } = {
    status: 'supported',
    ecosystem,
    name: purl.name,
    version: purl.version,
  };
  if (source) {
    // `upstream=openssl` or `source=glibc@2.36-9` (syft, trivy): name, then an optional version.
    const at = source.indexOf('@');
    result.sourceName = at === -1 ? source : source.slice(0, at);
    if (at !== -1 && at + 1 < source.length) result.sourceVersion = source.slice(at + 1);
  }
  return result;
}

// Codenames → numeric releases: Debian's distro-info-data (debian.csv) and Ubuntu's release
// list (https://wiki.ubuntu.com/Releases). OSV names Debian releases by major number and
// Ubuntu releases as `YY.MM` plus a mandatory `:LTS` suffix for LTS releases.
const DEBIAN_CODENAMES: ReadonlyMap<string, string> = new Map([
  ['wheezy', '7'],
  ['jessie', '8'],
  ['stretch', '9'],
  ['buster', '10'],
  ['bullseye', '11'],
  ['bookworm', '12'],
  ['trixie', '13'],
  ['forky', '14'],
  ['sid', 'sid'],
  ['unstable', 'sid'],
]);

const UBUNTU_CODENAMES: ReadonlyMap<string, string> = new Map([
  ['trusty', '14.04'],
  ['xenial', '16.04'],
  ['bionic', '18.04'],
  ['cosmic', '18.10'],
  ['disco', '19.04'],
  ['eoan', '19.10'],
  ['focal', '20.04'],
  ['groovy', '20.10'],
  ['hirsute', '21.04'],
  ['impish', '21.10'],
  ['jammy', '22.04'],
  ['kinetic', '22.10'],
  ['lunar', '23.04'],
  ['mantic', '23.10'],
  ['noble', '24.04'],
  ['oracular', '24.10'],
  ['plucky', '25.04'],
  ['questing', '25.10'],
  ['resolute', '26.04'],
]);

/** `debian-9` / `debian-9.13` / `stretch` / `9` → `9`; undefined when not recognisable. */
function distroRelease(distro: string | undefined, vendor: string): string | undefined {
  if (!distro) return undefined;
  let value = distro.trim().toLowerCase();
  if (value.startsWith(`${vendor}-`)) value = value.slice(vendor.length + 1);
  return value === '' ? undefined : value;
}

function debianEcosystem(namespace: string | undefined, distro: string | undefined): DistroEcosystem {
  const vendor = (namespace ?? '').toLowerCase();
  if (vendor === 'debian') {
    const release = distroRelease(distro, 'debian');
    if (release === undefined) return 'Debian';
    const numeric = leadingNumber(release);
    if (numeric !== undefined) return `Debian:${numeric}`;
    const named = DEBIAN_CODENAMES.get(release);
    return named === undefined ? 'Debian' : `Debian:${named}`;
  }
  if (vendor === 'ubuntu') {
    const release = distroRelease(distro, 'ubuntu');
    if (release === undefined) return 'Ubuntu';
    const numeric = /^\d\d\.\d\d/.exec(release)?.[0] ?? UBUNTU_CODENAMES.get(release);
    if (numeric === undefined) return 'Ubuntu';
    // LTS releases are the April releases of even years.
    const lts = numeric.endsWith('.04') && Number(numeric.slice(0, 2)) % 2 === 0;
    return `Ubuntu:${numeric}${lts ? ':LTS' : ''}`;
  }
  return {
    reason: `deb purl namespace '${namespace ?? ''}' is not a distribution OSV covers (debian, ubuntu)`,
  };
}

function apkEcosystem(namespace: string | undefined, distro: string | undefined): DistroEcosystem {
  const vendor = (namespace ?? '').toLowerCase();
  if (vendor === 'wolfi') return 'Wolfi';
  if (vendor === 'chainguard') return 'Chainguard';
  if (vendor !== 'alpine') {
    return {
      reason: `apk purl namespace '${namespace ?? ''}' is not a distribution OSV covers (alpine, wolfi, chainguard)`,
    };
  }
  const release = distroRelease(distro, 'alpine');
  if (release === undefined) return 'Alpine';
  // `alpine-3.17.2`, `3.17`, `v3.19` → OSV's branch name `v3.17`.
  const branch = /^v?(\d+)\.(\d+)/.exec(release);
  return branch ? `Alpine:v${branch[1]}.${branch[2]}` : 'Alpine';
}

const RPM_VENDORS: ReadonlyMap<string, { ecosystem: string; numbered: boolean }> = new Map([
  ['almalinux', { ecosystem: 'AlmaLinux', numbered: true }],
  ['mageia', { ecosystem: 'Mageia', numbered: true }],
  ['opensuse', { ecosystem: 'openSUSE', numbered: false }],
  ['photon', { ecosystem: 'Photon OS', numbered: true }],
  // Red Hat's OSV suffix is a product-stream CPE (`Red Hat:enterprise_linux:9::appstream`),
  // which a `distro=rhel-9.2` qualifier cannot tell: keep the bare ecosystem.
  ['redhat', { ecosystem: 'Red Hat', numbered: false }],
  ['rocky', { ecosystem: 'Rocky Linux', numbered: true }],
  ['rocky-linux', { ecosystem: 'Rocky Linux', numbered: true }],
  ['suse', { ecosystem: 'SUSE', numbered: false }],
]);

function rpmEcosystem(namespace: string | undefined, distro: string | undefined): DistroEcosystem {
  const vendor = RPM_VENDORS.get((namespace ?? '').toLowerCase());
  if (vendor === undefined) {
    return { reason: `rpm purl namespace '${namespace ?? ''}' is not a distribution OSV covers` };
  }
  const value = (distro ?? '').trim().toLowerCase();
  if (vendor.ecosystem === 'openSUSE') {
    // OSV uses the os-release PRETTY_NAME tail: `openSUSE:Leap 15.5`, `openSUSE:Tumbleweed`.
    const leap = /^(?:opensuse-)?leap-(\d+\.\d+)$/.exec(value);
    if (leap) return `openSUSE:Leap ${leap[1]}`;
    if (value === 'opensuse-tumbleweed' || value === 'tumbleweed') return 'openSUSE:Tumbleweed';
    return 'openSUSE';
  }
  if (!vendor.numbered) return vendor.ecosystem;
  // `rocky-9.2` / `almalinux-9` / `mageia-9` → major; Photon keeps `5.0`.
  const digits = /(\d+)(?:\.(\d+))?/.exec(value);
  if (!digits) return vendor.ecosystem;
  if (vendor.ecosystem === 'Photon OS') return `Photon OS:${digits[1]}.${digits[2] ?? '0'}`;
  return `${vendor.ecosystem}:${digits[1]}`;
}

function leadingNumber(text: string): string | undefined {
  return /^\d+/.exec(text)?.[0];
}

/**
 * Builds the purl for an OSV package: the inverse of purlToPackage. Returns `unsupported` for
 * an ecosystem with no purl type (or a distro ecosystem Ward cannot express as a purl).
 */
export function packageToPurl(
  ecosystem: Ecosystem,
  name: string,
  version?: string,
): { status: 'supported'; purl: string } | PurlUnsupported {
  const base = baseEcosystem(ecosystem);
  const release = ecosystemRelease(ecosystem);
  const build = (
    type: string,
    namespace: string | undefined,
    purlName: string,
    qualifiers?: Record<string, string>,
  ) => {
    try {
      return {
        status: 'supported' as const,
        purl: new PackageURL(
          type,
          namespace,
          purlName,
          version || undefined,
          qualifiers,
          undefined,
        ).toString(),
      };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new WardError(
        'input.invalid',
        `cannot express ${excerpt(ecosystem)} package '${excerpt(name)}' as a purl: ${detail}`,
        {
          cause: error,
        },
      );
    }
  };
  const split = (separator: string) => {
    const at = name.lastIndexOf(separator);
    return at <= 0
      ? { namespace: undefined, last: name }
      : { namespace: name.slice(0, at), last: name.slice(at + 1) };
  };
  switch (base) {
    case 'Maven': {
      const colon = name.indexOf(':');
      if (colon <= 0 || colon === name.length - 1) {
        throw new WardError(
          'input.invalid',
          `expected a Maven name 'groupId:artifactId', got '${excerpt(name)}'`,
        );
      }
      return build('maven', name.slice(0, colon), name.slice(colon + 1));
    }
    case 'npm': {
      // `@scope/name`: packageurl-js percent-encodes the scope's '@' as %40.
      const { namespace, last } = name.startsWith('@') ? split('/') : { namespace: undefined, last: name };
      return build('npm', namespace, last);
    }
    case 'Go':
    case 'SwiftURL': {
      // The module path's last segment is the purl name, the rest its namespace.
      const { namespace, last } = split('/');
      return build(base === 'Go' ? 'golang' : 'swift', namespace, last);
    }
    case 'Packagist': {
      const { namespace, last } = split('/');
      return build('composer', namespace, last);
    }
    case 'PyPI':
      return build('pypi', undefined, normalizePackageName('PyPI', name));
    case 'crates.io':
      return build('cargo', undefined, name);
    case 'RubyGems':
      return build('gem', undefined, name);
    case 'NuGet':
      // NuGet ids are case-insensitive; keep the registry's display casing as given.
      return build('nuget', undefined, name);
    case 'Hex':
      return build('hex', undefined, name);
    case 'Pub':
      return build('pub', undefined, name);
    case 'Hackage':
      return build('hackage', undefined, name);
    case 'CRAN':
      return build('cran', undefined, name);
    case 'Bitnami':
      return build('bitnami', undefined, name);
    case 'Debian':
      return build('deb', 'debian', name, release ? { distro: `debian-${release}` } : undefined);
    case 'Ubuntu': {
      const numeric = release?.split(':').find((part) => /^\d\d\.\d\d$/.test(part));
      return build('deb', 'ubuntu', name, numeric ? { distro: `ubuntu-${numeric}` } : undefined);
    }
    case 'Alpine':
      return build(
        'apk',
        'alpine',
        name,
        release ? { distro: `alpine-${release.replace(/^v/, '')}` } : undefined,
      );
    case 'Wolfi':
      return build('apk', 'wolfi', name);
    case 'Chainguard':
      return build('apk', 'chainguard', name);
    case 'AlmaLinux':
      return build('rpm', 'almalinux', name, release ? { distro: `almalinux-${release}` } : undefined);
    case 'Rocky Linux':
      return build('rpm', 'rocky', name, release ? { distro: `rocky-${release}` } : undefined);
    case 'Mageia':
      return build('rpm', 'mageia', name, release ? { distro: `mageia-${release}` } : undefined);
    case 'Photon OS':
      return build('rpm', 'photon', name, release ? { distro: `photon-${release}` } : undefined);
    case 'Red Hat':
      return build('rpm', 'redhat', name);
    case 'SUSE':
      return build('rpm', 'suse', name);
    case 'openSUSE': {
      const leap = release ? /^Leap (\d+\.\d+)$/.exec(release) : null;
      const distro = leap
        ? `opensuse-leap-${leap[1]}`
        : release === 'Tumbleweed'
          ? 'opensuse-tumbleweed'
          : undefined;
      return build('rpm', 'opensuse', name, distro ? { distro } : undefined);
    }
    default:
      return { status: 'unsupported', type: base, reason: `ecosystem '${base}' has no purl type` };
  }
}
