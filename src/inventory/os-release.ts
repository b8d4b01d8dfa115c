/**
 * /etc/os-release (https://www.freedesktop.org/software/systemd/man/os-release.html) → the OSV
 * distro ecosystem with release (`Debian:12`, `Ubuntu:22.04`, `Alpine:v3.19`). The host package
 * parsers (dpkg-status, apk-installed, rpm-qa) default to the bare distro name; the orchestration
 * that reads a host passes this distro to them (or calls applyDistro) so advisories for the
 * right release apply.
 */
import { baseEcosystem } from '../core/ecosystem.js';
import { type Problem, WardError } from '../core/errors.js';
import { assertTextInput, setHostPurl } from './sbom-common.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

const KEY_VALUE = /^([A-Z][A-Z0-9_]*)=(.*)$/;

/** The KEY=VALUE assignments of an os-release file (shell-style quoting, as the spec allows). */
export function parseOsReleaseFields(
  text: string,
  path: string,
  problems: Problem[] = [],
): Map<string, string> {
  const fields = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = KEY_VALUE.exec(line);
    if (!match) {
      problems.push({
        file: path,
        line: index + 1,
        message: `expected KEY=value, got '${line.slice(0, 60)}'`,
        severity: 'warning',
      });
      return;
    }
    fields.set(match[1] ?? '', unquote(match[2] ?? ''));
  });
  return fields;
}

function unquote(value: string): string {
  const first = value[0];
  if ((first === '"' || first === "'") && value.endsWith(first) && value.length >= 2) {
    const inner = value.slice(1, -1);
    return first === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return value;
}

/**
 * OSV ecosystem for an os-release ID and VERSION_ID, or undefined when OSV has no ecosystem for
 * the distribution (CentOS, Fedora, …) or the release cannot be told.
 */
export function distroFromOsRelease(id: string, versionId: string | undefined): string | undefined {
  const version = (versionId ?? '').trim();
  const major = /^(\d+)/.exec(version)?.[1];
  const majorMinor = /^(\d+)\.(\d+)/.exec(version);
  switch (id.trim().toLowerCase()) {
    case 'debian':
      return major ? `Debian:${major}` : undefined;
    case 'ubuntu':
      // OSV spells LTS releases (April of even years) with a `:LTS` suffix, as core/purl does.
      if (!majorMinor) return undefined;
      return `Ubuntu:${majorMinor[1]}.${majorMinor[2]}${majorMinor[2] === '04' && Number(majorMinor[1]) % 2 === 0 ? ':LTS' : ''}`;
    case 'alpine':
      return majorMinor ? `Alpine:v${majorMinor[1]}.${majorMinor[2]}` : undefined;
    case 'rhel':
    case 'redhat':
      // OSV's Red Hat ecosystems are `Red Hat:<cpe-ish stream>`; the major release picks the stream family.
      return major ? `Red Hat:enterprise_linux:${major}` : undefined;
    case 'almalinux':
      return major ? `AlmaLinux:${major}` : undefined;
    case 'rocky':
      return major ? `Rocky Linux:${major}` : undefined;
    case 'sles':
    case 'sled': {
      if (!major) return undefined;
      const servicePack = majorMinor && majorMinor[2] !== '0' ? ` SP${majorMinor[2]}` : '';
      const product = id === 'sled' ? 'Linux Enterprise Desktop' : 'Linux Enterprise Server';
      return `SUSE:${product} ${major}${servicePack}`;
    }
    case 'opensuse-leap':
      return majorMinor ? `openSUSE:Leap ${majorMinor[1]}.${majorMinor[2]}` : undefined;
    case 'opensuse-tumbleweed':
      return 'openSUSE:Tumbleweed';
    case 'mageia':
      return major ? `Mageia:${major}` : undefined;
    case 'wolfi':
      return 'Wolfi';
    case 'chainguard':
      return 'Chainguard';
    default:
      return undefined;
  }
}

/** Reads an os-release file: no components, only the distro (and a problem when unknown). */
export function parseOsRelease(text: string, path: string): InventoryResult {
  assertTextInput(text, path, 'os-release');
  const problems: Problem[] = [];
  const fields = parseOsReleaseFields(text, path, problems);
  const id = fields.get('ID');
  if (id === undefined) {
    throw new WardError('input.invalid', 'expected an os-release file with an ID= line, got none', {
      file: path,
      line: 1,
    });
  }
  const result: InventoryResult = { parser: 'os-release', components: [], problems, assets: [] };
  const distro = distroFromOsRelease(id, fields.get('VERSION_ID'));
  if (distro) result.distro = distro;
  else {
    problems.push({
      file: path,
      field: 'ID',
      message: `no OSV distro ecosystem for ID=${id} VERSION_ID=${fields.get('VERSION_ID') ?? '(none)'}${fields.get('VERSION_CODENAME') ? ` (${fields.get('VERSION_CODENAME')})` : ''}`,
      severity: 'warning',
    });
  }
  return result;
}

/**
 * Gives host components the release-qualified ecosystem: components whose ecosystem is the bare
 * distro name (`Debian`) become `Debian:12`. Returns a new result; the input is not changed.
 */
export function applyDistro(result: InventoryResult, distro: string): InventoryResult {
  const base = baseEcosystem(distro);
  return {
    ...result,
    distro,
    components: result.components.map((component) => {
      if (component.ecosystem !== base) return component;
      const qualified = { ...component, ecosystem: distro };
      return component.purl ? setHostPurl(qualified) : qualified;
    }),
  };
}

/** Forward-slash directory of a path (`a\\b/c` → `a/b`); '' for a bare name. */
function directoryOf(path: string): string {
  const normalized = path.replace(/\\/g, '/');
  const slash = normalized.lastIndexOf('/');
  return slash === -1 ? '' : normalized.slice(0, slash);
}

/**
 * Where an os-release file speaks for: its own folder (a host report collected as
 * `host1/os-release` + `host1/status`) and, when it sits at `<root>/etc/os-release` or
 * `<root>/usr/lib/os-release`, the whole file-system tree under `<root>` (an unpacked image with
 * `<root>/var/lib/dpkg/status` or `<root>/lib/apk/db/installed`).
 */
export function osReleaseScope(path: string): { folder: string; root?: string } {
  const folder = directoryOf(path);
  const root = /^(.*?)\/?(?:etc|usr\/lib)$/.exec(folder)?.[1];
  return root === undefined ? { folder } : { folder, root };
}

/**
 * The host package parsers can only guess the distribution from the database format (dpkg →
 * `Debian`, apk → `Alpine`, rpm → `Red Hat`); os-release names the real one. Its release applies
 * to packages whose guessed distribution uses the same package format: a dpkg database beside an
 * Ubuntu os-release is Ubuntu's, an rpm listing beside Rocky's is Rocky's.
 */
const PACKAGE_FAMILIES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Debian', 'Ubuntu']),
  new Set(['Alpine', 'Wolfi', 'Chainguard']),
  new Set(['Red Hat', 'AlmaLinux', 'Rocky Linux', 'SUSE', 'openSUSE', 'Mageia']),
];

function sameFamily(guessed: string, actual: string): boolean {
  return guessed === actual || PACKAGE_FAMILIES.some((family) => family.has(guessed) && family.has(actual));
}

/**
 * Gives the host package components read beside an os-release file its release-qualified
 * ecosystem (`Debian` → `Debian:12`), in place. `releases` are the os-release files read in the
 * same scan with the distro each named; a component already qualified is left alone, and the
 * most specific scope wins (the deepest root), so nested images each get their own release.
 */
export function applyOsReleases(
  components: Component[],
  releases: ReadonlyArray<{ file: string; distro: string }>,
): void {
  if (releases.length === 0) return;
  const scopes = releases
    .map((release) => ({ ...release, ...osReleaseScope(release.file) }))
    .sort((a, b) => (b.root ?? b.folder).length - (a.root ?? a.folder).length);
  for (const component of components) {
    if (component.ecosystem.includes(':')) continue;
    const folder = directoryOf(component.location.file);
    const scope = scopes.find(
      ({ folder: own, root }) =>
        own === folder ||
        (root !== undefined && (root === '' || folder === root || folder.startsWith(`${root}/`))),
    );
    if (scope && sameFamily(component.ecosystem, baseEcosystem(scope.distro))) {
      component.ecosystem = scope.distro;
      if (component.purl) setHostPurl(component);
    }
  }
}

export const osReleaseParser: InventoryParser = {
  id: 'os-release',
  description: 'Linux /etc/os-release (distribution and release)',
  matches(path: string): boolean {
    const base = path.split(/[\\/]/).pop() ?? '';
    return base === 'os-release' || base.endsWith('.os-release');
  },
  parse: parseOsRelease,
};
