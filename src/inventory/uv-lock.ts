/**
 * uv `uv.lock` (TOML): one `[[package]]` table per distribution, including the project itself
 * (`source = { virtual = "." }` or `{ editable = "." }`), which is not a dependency. The
 * project's own `dependencies` are the direct ones; its `dev-dependencies` and
 * `optional-dependencies` groups mark dev/optional direct ones.
 * https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile
 */
import { normalizePackageName } from '../core/package-name.js';
import {
  baseName,
  emptyResult,
  isRecord,
  makeComponent,
  packageIdentity,
  parseToml,
  tableArray,
  tableArrayLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const uvLockParser: InventoryParser = {
  id: 'uv-lock',
  description: 'uv uv.lock',
  matches(path) {
    return baseName(path) === 'uv.lock';
  },
  parse: parseUvLock,
};

export function parseUvLock(text: string, path: string): InventoryResult {
  const document = parseToml(text, path);
  const result = emptyResult('uv-lock');
  const lines = tableArrayLines(text, 'package');
  const packages = tableArray(document, 'package', path);
  const projects = packages.filter(isProject);
  const direct = new Map<string, string>();
  for (const project of projects) {
    collectNames(project.dependencies, 'runtime', direct);
    for (const [field, scope] of [
      ['optional-dependencies', 'optional'],
      ['dev-dependencies', 'dev'],
    ] as const) {
      const groups = project[field];
      if (isRecord(groups)) for (const group of Object.values(groups)) collectNames(group, scope, direct);
    }
  }
  packages.forEach((entry, index) => {
    if (isProject(entry)) return;
    const line = lines[index];
    const identity = packageIdentity(entry, result, path, line);
    if (identity === undefined) return;
    const { name, version } = identity;
    const scope = direct.get(normalizePackageName('PyPI', name));
    result.components.push(
      makeComponent('PyPI', name, version, path, line, { direct: scope !== undefined, scope }),
    );
  });
  return result;
}

/** The project (or a workspace member) itself: built from the local tree, not installed. */
function isProject(entry: Record<string, unknown>): boolean {
  const source = entry.source;
  return isRecord(source) && (source.virtual !== undefined || source.editable !== undefined);
}

function collectNames(list: unknown, scope: string, into: Map<string, string>): void {
  if (!Array.isArray(list)) return;
  for (const dependency of list) {
    if (!isRecord(dependency) || typeof dependency.name !== 'string') continue;
    const key = normalizePackageName('PyPI', dependency.name);
    if (!into.has(key) || scope === 'runtime') into.set(key, scope);
  }
}
