/**
 * `pnpm-lock.yaml`, lockfileVersion 5.x to 9.0. Every installed package is a key of `packages`,
 * spelt differently by generation:
 *   v5   `/name/1.0.0`, `/@scope/name/1.0.0_peer@2.0.0`, `registry.example.com/name/1.0.0`
 *   v6   `/name@1.0.0(peer@2.0.0)`, `/@scope/name@1.0.0`
 *   v9   `name@1.0.0` (peer variants live in `snapshots`, which we do not need)
 * Direct dependencies are the project's own lists: top-level `dependencies`/`devDependencies`/
 * `optionalDependencies` in v5 (and single-project v6), `importers.<path>.*` in v6+.
 * https://github.com/pnpm/spec/tree/master/lockfile
 */
import {
  baseName,
  emptyResult,
  invalidInput,
  isRecord,
  makeComponent,
  parseYamlWithLines,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

export const pnpmLockParser: InventoryParser = {
  id: 'pnpm-lock',
  description: 'pnpm pnpm-lock.yaml (lockfileVersion 5 to 9)',
  matches(path) {
    return baseName(path) === 'pnpm-lock.yaml';
  },
  parse: parsePnpmLock,
};

export function parsePnpmLock(text: string, path: string): InventoryResult {
  const parsed = parseYamlWithLines(text, path);
  const result = emptyResult('pnpm-lock');
  if (parsed.data === null || parsed.data === undefined) return result;
  if (!isRecord(parsed.data)) throw invalidInput(path, 'expected a YAML mapping (pnpm lockfile)', 1);
  const lock = parsed.data;
  const lockfileVersion = Number.parseFloat(String(lock.lockfileVersion ?? '5'));
  if (Number.isNaN(lockfileVersion)) {
    throw invalidInput(
      path,
      `expected a numeric lockfileVersion, got ${JSON.stringify(lock.lockfileVersion)}`,
    );
  }
  const packages = lock.packages;
  if (packages === undefined || packages === null) return result;
  if (!isRecord(packages))
    throw invalidInput(path, 'expected "packages" to be a mapping', parsed.keyLines().get('packages'));
  const direct = directDependencies(lock);
  const lines = parsed.keyLines('packages');
  for (const [key, value] of Object.entries(packages)) {
    const line = lines.get(key);
    const entry = isRecord(value) ? value : {};
    // `file:`/`link:` keys and directory resolutions are the project's own local packages.
    if (key.startsWith('file:') || key.startsWith('link:') || isLocalResolution(entry.resolution)) continue;
    const fromKey = lockfileVersion < 6 ? splitV5Key(key) : splitV6Key(key);
    const name = stringField(entry, 'name') ?? fromKey?.name;
    // Tarball and git entries carry the real version as a field; their key holds a URL.
    const version = fieldVersion(entry) ?? fromKey?.version;
    if (name === undefined || version === undefined || !/^\d/.test(version)) {
      result.problems.push({
        file: path,
        line,
        field: `packages.${key}`,
        message: `cannot read a package name and version from ${JSON.stringify(key)}`,
        severity: 'error',
      });
      continue;
    }
    // Git and tarball dependencies are listed by URL (or by their packages key) in the project's
    // own lists, not by version.
    const directScope =
      direct.get(`${name}@${version}`) ??
      direct.get(`${name}@${fromKey?.version ?? ''}`) ??
      direct.get(`${name}@${key}`);
    result.components.push(
      makeComponent('npm', name, version, path, line, {
        direct: directScope !== undefined,
        scope:
          entry.dev === true
            ? 'dev'
            : entry.optional === true
              ? 'optional'
              : entry.dev === false
                ? 'runtime'
                : directScope,
      }),
    );
  }
  return result;
}

function isLocalResolution(resolution: unknown): boolean {
  return isRecord(resolution) && resolution.type === 'directory';
}

function fieldVersion(entry: Record<string, unknown>): string | undefined {
  const version = entry.version;
  return typeof version === 'string' || typeof version === 'number' ? String(version) : undefined;
}

/** v5: `/name/1.0.0_peer`, `/@scope/name/1.0.0`, `host.tld/name/1.0.0`. */
function splitV5Key(key: string): { name: string; version: string } | undefined {
  const parts = key.split('/').filter((part) => part !== '');
  // A leading host segment (`registry.npmjs.org`) names the registry, not the package.
  if (parts[0] !== undefined && !parts[0].startsWith('@') && parts[0].includes('.')) parts.shift();
  const scoped = parts[0]?.startsWith('@') === true;
  const expected = scoped ? 3 : 2;
  if (parts.length !== expected) return undefined;
  const name = scoped ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '');
  const raw = parts[expected - 1] ?? '';
  const underscore = raw.indexOf('_');
  return { name, version: underscore === -1 ? raw : raw.slice(0, underscore) };
}

/** v6+: `/name@1.0.0(peer@1.0.0)` or `name@1.0.0`. */
function splitV6Key(key: string): { name: string; version: string } | undefined {
  const bare = key.startsWith('/') ? key.slice(1) : key;
  const paren = bare.indexOf('(');
  const withoutPeers = paren === -1 ? bare : bare.slice(0, paren);
  const at = withoutPeers.indexOf('@', 1);
  if (at === -1) return undefined;
  return { name: withoutPeers.slice(0, at), version: withoutPeers.slice(at + 1) };
}

/** `name@version` → scope for the project's own dependencies (every importer). */
function directDependencies(lock: Record<string, unknown>): Map<string, string> {
  const direct = new Map<string, string>();
  const readLists = (owner: Record<string, unknown>): void => {
    for (const field of DEPENDENCY_FIELDS) {
      const deps = owner[field];
      if (!isRecord(deps)) continue;
      const scope =
        field === 'devDependencies' ? 'dev' : field === 'optionalDependencies' ? 'optional' : 'runtime';
      for (const [name, spec] of Object.entries(deps)) {
        // v5: `name: 1.0.0_peer`; v6+: `name: { specifier, version: 1.0.0(peer) }`.
        const raw = isRecord(spec) ? spec.version : spec;
        if (typeof raw !== 'string' && typeof raw !== 'number') continue;
        const version = String(raw).split('(')[0]?.split('_')[0] ?? '';
        const key = `${name}@${version}`;
        if (!direct.has(key) || scope === 'runtime') direct.set(key, scope);
      }
    }
  };
  readLists(lock);
  if (isRecord(lock.importers)) {
    for (const importer of Object.values(lock.importers)) if (isRecord(importer)) readLists(importer);
  }
  return direct;
}
