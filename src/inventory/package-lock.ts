/**
 * npm `package-lock.json` and `npm-shrinkwrap.json` (same format), lockfileVersion 1, 2 and 3.
 *
 * v2/v3 list every installed package under `packages`, keyed by its install path
 * (`node_modules/a/node_modules/b`); the root package is the `""` key and its dependency maps say
 * which packages are direct. v1 nests `dependencies` objects instead and does not record the root
 * package's own dependency lists, so `direct` stays undefined there (the format does not say).
 * https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json
 */
import type { Problem } from '../core/errors.js';
import {
  baseName,
  emptyResult,
  invalidInput,
  isRecord,
  keyLine,
  locateJsonKeys,
  makeComponent,
  parseJsonObject,
  recordField,
  stringField,
} from './lockfile-support.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

const FILE_NAMES = new Set(['package-lock.json', 'npm-shrinkwrap.json']);
const NODE_MODULES = 'node_modules/';
const ROOT_DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
] as const;

export const packageLockParser: InventoryParser = {
  id: 'package-lock',
  description: 'npm package-lock.json / npm-shrinkwrap.json (lockfileVersion 1, 2, 3)',
  matches(path) {
    return FILE_NAMES.has(baseName(path));
  },
  parse: parsePackageLock,
};

export function parsePackageLock(text: string, path: string): InventoryResult {
  const lock = parseJsonObject(text, path, 'an npm lockfile');
  const result = emptyResult('package-lock');
  const version = lock.lockfileVersion;
  if (version !== undefined && (typeof version !== 'number' || version < 1 || version > 3)) {
    throw invalidInput(
      path,
      `expected lockfileVersion 1, 2 or 3, got ${JSON.stringify(version)}`,
      undefined,
      'lockfileVersion',
    );
  }
  const packages = recordField(lock, 'packages');
  // v2/v3 name every package at depth 2 ("packages" → install path); only v1 nests them. Keeping
  // the deeper keys of an ~1 MB lockfile was most of its parse time.
  const lines = locateJsonKeys(text, packages !== undefined ? 2 : Number.POSITIVE_INFINITY);
  const byKey = new Map<string, Component>();
  if (packages !== undefined) {
    readPackages(packages, path, lines, byKey, result.problems);
  } else {
    const dependencies = recordField(lock, 'dependencies');
    if (dependencies === undefined && lock.dependencies !== undefined) {
      throw invalidInput(path, 'expected "dependencies" to be an object', keyLine(lines, 'dependencies'));
    }
    if (dependencies !== undefined)
      readV1Dependencies(dependencies, ['dependencies'], path, lines, byKey, result.problems);
  }
  result.components = [...byKey.values()];
  return result;
}

/** v2/v3: `packages` keyed by install path. */
function readPackages(
  packages: Record<string, unknown>,
  path: string,
  lines: Map<string, number>,
  byKey: Map<string, Component>,
  problems: Problem[],
): void {
  const root = recordField(packages, '');
  const direct = new Set<string>();
  for (const field of ROOT_DEPENDENCY_FIELDS) {
    const deps = root === undefined ? undefined : recordField(root, field);
    if (deps !== undefined) for (const name of Object.keys(deps)) direct.add(NODE_MODULES + name);
  }
  for (const [installPath, entry] of Object.entries(packages)) {
    if (installPath === '') continue;
    const line = keyLine(lines, 'packages', installPath);
    if (!isRecord(entry)) {
      problems.push({
        file: path,
        line,
        field: `packages.${installPath}`,
        message: 'expected an object',
        severity: 'error',
      });
      continue;
    }
    // Workspace folders (`packages/app`) and their `link: true` aliases under node_modules are the
    // project's own code, not installed dependencies: they are not components.
    const cut = installPath.lastIndexOf(NODE_MODULES);
    if (cut === -1 || entry.link === true) continue;
    const name = stringField(entry, 'name') ?? installPath.slice(cut + NODE_MODULES.length);
    const version = stringField(entry, 'version');
    if (version === undefined || version === '') {
      problems.push({
        file: path,
        line,
        field: `packages.${installPath}`,
        message: `package ${name} has no version`,
        severity: 'error',
      });
      continue;
    }
    const resolved = resolveAlias(name, version);
    add(
      byKey,
      makeComponent('npm', resolved.name, resolved.version, path, line, {
        direct: direct.has(installPath),
        scope: scopeOf(entry),
      }),
    );
  }
}

/** v1: nested `dependencies` objects; the top level holds hoisted packages. */
function readV1Dependencies(
  dependencies: Record<string, unknown>,
  keyPath: string[],
  path: string,
  lines: Map<string, number>,
  byKey: Map<string, Component>,
  problems: Problem[],
): void {
  for (const [key, entry] of Object.entries(dependencies)) {
    const entryPath = [...keyPath, key];
    const line = keyLine(lines, ...entryPath);
    if (!isRecord(entry)) {
      problems.push({
        file: path,
        line,
        field: entryPath.join('.'),
        message: 'expected an object',
        severity: 'error',
      });
      continue;
    }
    const version = stringField(entry, 'version');
    if (version === undefined || version === '') {
      problems.push({
        file: path,
        line,
        field: entryPath.join('.'),
        message: `package ${key} has no version`,
        severity: 'error',
      });
    } else if (!version.startsWith('file:')) {
      // `file:` versions are local folders (the v1 spelling of a link): not installed packages.
      const resolved = resolveAlias(key, version);
      add(
        byKey,
        makeComponent('npm', resolved.name, resolved.version, path, line, { scope: scopeOf(entry) }),
      );
    }
    const nested = recordField(entry, 'dependencies');
    if (nested !== undefined)
      readV1Dependencies(nested, [...entryPath, 'dependencies'], path, lines, byKey, problems);
  }
}

/** `npm:@babel/code-frame@7.0.0` installed as `babel-code-frame` is really @babel/code-frame 7.0.0. */
function resolveAlias(name: string, version: string): { name: string; version: string } {
  if (!version.startsWith('npm:')) return { name, version };
  const spec = version.slice(4);
  const at = spec.lastIndexOf('@');
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name, version };
}

/**
 * `devOptional` packages are needed by dev dependencies *and* optionally by production ones, so
 * they can be installed in production: optional, not dev.
 */
function scopeOf(entry: Record<string, unknown>): string {
  if (entry.dev === true) return 'dev';
  if (entry.optional === true || entry.devOptional === true) return 'optional';
  return 'runtime';
}

/**
 * One component per name@version: the same package installed at several paths is one thing to
 * patch. It is direct if any copy is, and runtime if any copy is.
 */
function add(byKey: Map<string, Component>, component: Component): void {
  const key = `${component.name}@${component.version}`;
  const seen = byKey.get(key);
  if (seen === undefined) {
    byKey.set(key, component);
    return;
  }
  if (component.direct === true) seen.direct = true;
  if (seen.scope !== component.scope)
    seen.scope = rankScope(seen.scope) <= rankScope(component.scope) ? seen.scope : component.scope;
}

function rankScope(scope: string | undefined): number {
  return scope === 'runtime' ? 0 : scope === 'optional' ? 1 : 2;
}
