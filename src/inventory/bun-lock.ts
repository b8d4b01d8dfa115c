/**
 * Bun's text lockfile `bun.lock` (JSONC: JSON plus trailing commas). `packages` maps each install
 * path (`name`, or `parent/name` when nested) to a tuple whose first element is the resolution
 * `name@version`; git (`name@github:…`), file, link and workspace resolutions are not registry
 * packages (local ones are the project's own code; git ones are reported). The workspaces'
 * dependency maps tell which top-level packages are direct, and in which scope.
 * https://bun.sh/docs/install/lockfile
 */
import {
  baseName,
  emptyResult,
  isRecord,
  keyLine,
  locateJsonKeys,
  makeComponent,
  parseJsonObject,
  recordField,
  rejectBinary,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const bunLockParser: InventoryParser = {
  id: 'bun-lock',
  description: 'Bun bun.lock (text lockfile)',
  matches(path) {
    return baseName(path) === 'bun.lock';
  },
  parse: parseBunLock,
};

/**
 * Blank out `//` and block comments and trailing commas, outside strings, keeping every offset
 * (so lines found later are the file's lines). A hand-written linear scan: no JSONC library is
 * in the project and a regex cannot tell string contents from structure.
 */
export function jsoncToJson(text: string): string {
  const out = text.split('');
  let inString = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
    } else if (c === '/' && out[i + 1] === '/') {
      while (i < out.length && out[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && out[i + 1] === '*') {
      while (i < out.length && !(out[i] === '*' && out[i + 1] === '/')) {
        if (out[i] !== '\n') out[i] = ' ';
        i++;
      }
      if (i < out.length) out[i] = ' ';
      if (i + 1 < out.length) out[i + 1] = ' ';
    } else if (c === ',') {
      let j = i + 1;
      while (j < out.length && /\s/.test(out[j] ?? '')) j++;
      if (out[j] === '}' || out[j] === ']') out[i] = ' ';
    }
  }
  return out.join('');
}

const DEPENDENCY_SCOPES = [
  ['dependencies', 'runtime'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'runtime'],
  ['devDependencies', 'dev'],
] as const;

export function parseBunLock(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const json = jsoncToJson(text);
  const lock = parseJsonObject(json, path, 'a bun.lock');
  const result = emptyResult('bun-lock');
  const lines = locateJsonKeys(json, 2);
  // Direct dependencies and their scope (the first scope that names them wins: runtime first).
  const directScope = new Map<string, string>();
  for (const workspace of Object.values(recordField(lock, 'workspaces') ?? {})) {
    if (!isRecord(workspace)) continue;
    for (const [field, scope] of DEPENDENCY_SCOPES) {
      for (const name of Object.keys(recordField(workspace, field) ?? {})) {
        if (!directScope.has(name)) directScope.set(name, scope);
      }
    }
  }
  const seen = new Set<string>();
  for (const [key, entry] of Object.entries(recordField(lock, 'packages') ?? {})) {
    const line = keyLine(lines, 'packages', key);
    const resolution = Array.isArray(entry) ? entry[0] : undefined;
    if (typeof resolution !== 'string') {
      result.problems.push({
        file: path,
        line,
        field: `packages.${key}`,
        message: `expected ["name@version", …], got ${JSON.stringify(entry)?.slice(0, 60)}`,
        severity: 'error',
      });
      continue;
    }
    const at = resolution.indexOf('@', 1);
    const name = resolution.slice(0, at);
    const version = resolution.slice(at + 1);
    if (at <= 0 || version === '') {
      result.problems.push({
        file: path,
        line,
        message: `cannot read name@version from ${JSON.stringify(resolution)}`,
        severity: 'error',
      });
      continue;
    }
    if (/^(workspace|link|file|root):/.test(version)) continue;
    if (version.includes(':') || version.includes('/')) {
      result.problems.push({
        file: path,
        line,
        message: `${name} comes from ${version} (git or tarball), not a registry version; not inventoried`,
        severity: 'warning',
      });
      continue;
    }
    if (seen.has(`${name}@${version}`)) continue;
    seen.add(`${name}@${version}`);
    const scope = key.includes('/', key.startsWith('@') ? key.indexOf('/') + 1 : 0)
      ? undefined
      : directScope.get(key);
    result.components.push(
      makeComponent(
        'npm',
        name,
        version,
        path,
        line,
        scope === undefined ? { direct: false } : { direct: true, scope },
      ),
    );
  }
  return result;
}
