/**
 * NuGet `packages.lock.json`: `dependencies.<target framework>.<package id>` with `type`
 * `Direct`, `Transitive`, `CentralTransitive` (pinned centrally, still transitive) or `Project`
 * (a project reference: the solution's own code, not a component) and the `resolved` version.
 * The same package under several frameworks is one component.
 * https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies
 */
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

export const nugetPackagesLockParser: InventoryParser = {
  id: 'nuget-packages-lock',
  description: 'NuGet packages.lock.json',
  matches(path) {
    return baseName(path) === 'packages.lock.json';
  },
  parse: parseNugetPackagesLock,
};

export function parseNugetPackagesLock(text: string, path: string): InventoryResult {
  const lock = parseJsonObject(text, path, 'a NuGet packages.lock.json');
  const result = emptyResult('nuget-packages-lock');
  const lines = locateJsonKeys(text, 3);
  const frameworks = recordField(lock, 'dependencies');
  if (frameworks === undefined) {
    if (lock.dependencies !== undefined)
      throw invalidInput(path, 'expected "dependencies" to be an object', keyLine(lines, 'dependencies'));
    return result;
  }
  const byKey = new Map<string, Component>();
  for (const [framework, packages] of Object.entries(frameworks)) {
    if (!isRecord(packages)) continue;
    for (const [id, entry] of Object.entries(packages)) {
      const line = keyLine(lines, 'dependencies', framework, id);
      const type = isRecord(entry) ? stringField(entry, 'type') : undefined;
      if (type === 'Project') continue;
      const version = isRecord(entry) ? stringField(entry, 'resolved') : undefined;
      if (version === undefined || version === '') {
        result.problems.push({
          file: path,
          line,
          field: `dependencies.${framework}.${id}`,
          message: `${id} has no resolved version`,
          severity: 'error',
        });
        continue;
      }
      const key = `${id.toLowerCase()}@${version}`;
      const seen = byKey.get(key);
      if (seen !== undefined) {
        if (type === 'Direct') seen.direct = true;
        continue;
      }
      byKey.set(key, makeComponent('NuGet', id, version, path, line, { direct: type === 'Direct' }));
    }
  }
  result.components = [...byKey.values()];
  return result;
}
