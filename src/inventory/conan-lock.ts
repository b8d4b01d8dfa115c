/**
 * Conan `conan.lock` (JSON). Conan 2 (lock version 0.5) lists references in `requires`,
 * `build_requires` (tools: dev scope) and `python_requires`; Conan 1 (0.1–0.4 and the older
 * 0.0 layout) keeps a `graph_lock.nodes` graph whose nodes carry a `ref` or `pref`, the root
 * node being the consumer's own conanfile (it has a `path`, or a null reference). A reference is
 * `name/version[@user/channel][#revision][%timestamp][:package_id…]`.
 * https://docs.conan.io/2/tutorial/versioning/lockfiles.html
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
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const conanLockParser: InventoryParser = {
  id: 'conan-lock',
  description: 'Conan conan.lock (Conan 1 and 2)',
  matches(path) {
    return baseName(path) === 'conan.lock';
  },
  parse: parseConanLock,
};

/** name and version of a Conan reference, or undefined when it has no `name/version`. */
export function splitConanReference(reference: string): { name: string; version: string } | undefined {
  const bare = reference.split(/[@#%:]/)[0] ?? '';
  const slash = bare.indexOf('/');
  if (slash <= 0 || slash === bare.length - 1) return undefined;
  return { name: bare.slice(0, slash), version: bare.slice(slash + 1) };
}

export function parseConanLock(text: string, path: string): InventoryResult {
  const lock = parseJsonObject(text, path, 'a conan.lock');
  const result = emptyResult('conan-lock');
  const lines = locateJsonKeys(text, 4);
  const seen = new Set<string>();
  const add = (
    reference: string,
    line: number | undefined,
    field: string,
    scope: string,
    direct?: boolean,
  ) => {
    const parts = splitConanReference(reference);
    if (parts === undefined) {
      result.problems.push({
        file: path,
        line,
        field,
        message: `expected name/version, got ${JSON.stringify(reference)}`,
        severity: 'error',
      });
      return;
    }
    const key = `${parts.name}@${parts.version}`;
    if (seen.has(key)) return;
    seen.add(key);
    const extra = direct === undefined ? { scope } : { scope, direct };
    result.components.push(makeComponent('ConanCenter', parts.name, parts.version, path, line, extra));
  };

  const graph = recordField(recordField(lock, 'graph_lock') ?? {}, 'nodes');
  if (graph !== undefined) {
    const root = Object.values(graph).find(
      (node) => isRecord(node) && (node.path !== undefined || node.pref === null),
    );
    const rootRequires = isRecord(root) ? root.requires : undefined;
    const directIds = new Set(
      Array.isArray(rootRequires)
        ? rootRequires.map(String)
        : isRecord(rootRequires)
          ? Object.values(rootRequires).map(String)
          : [],
    );
    for (const [id, node] of Object.entries(graph)) {
      if (!isRecord(node) || node === root) continue;
      const reference = stringField(node, 'ref') ?? stringField(node, 'pref');
      const line = keyLine(lines, 'graph_lock', 'nodes', id);
      if (reference === undefined) {
        result.problems.push({
          file: path,
          line,
          field: `graph_lock.nodes.${id}`,
          message: 'node has no ref',
          severity: 'error',
        });
        continue;
      }
      add(
        reference,
        line,
        `graph_lock.nodes.${id}`,
        stringField(node, 'context') === 'build' ? 'dev' : 'runtime',
        directIds.has(id),
      );
    }
    return result;
  }
  for (const [field, scope] of [
    ['requires', 'runtime'],
    ['build_requires', 'dev'],
    ['python_requires', 'dev'],
  ] as const) {
    const list = lock[field];
    if (!Array.isArray(list)) continue;
    list.forEach((reference, index) => {
      // Array items have no key, so the line is the field's; good enough to find the entry.
      add(String(reference), keyLine(lines, field), `${field}[${index}]`, scope);
    });
  }
  return result;
}
