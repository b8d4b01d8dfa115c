/**
 * .NET `*.deps.json` (written next to a built app): `libraries` maps `Name/Version` to its type;
 * `package` entries are NuGet packages, `project` and `reference` entries are the app's own
 * code. The first target's root project lists the direct dependencies.
 * https://github.com/dotnet/runtime/blob/main/docs/design/features/host-probing.md
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

export const dotnetDepsJsonParser: InventoryParser = {
  id: 'dotnet-deps-json',
  description: '.NET *.deps.json',
  matches(path) {
    return baseName(path).toLowerCase().endsWith('.deps.json');
  },
  parse: parseDotnetDepsJson,
};

export function parseDotnetDepsJson(text: string, path: string): InventoryResult {
  const document = parseJsonObject(text, path, 'a .deps.json');
  const result = emptyResult('dotnet-deps-json');
  const lines = locateJsonKeys(text, 2);
  const libraries = recordField(document, 'libraries') ?? {};
  // Direct: what the project libraries of each target depend on.
  const direct = new Set<string>();
  for (const target of Object.values(recordField(document, 'targets') ?? {})) {
    for (const [id, library] of Object.entries(isRecord(target) ? target : {})) {
      const info = recordField(libraries, id);
      if (info === undefined || stringField(info, 'type') !== 'project' || !isRecord(library)) continue;
      for (const name of Object.keys(recordField(library, 'dependencies') ?? {}))
        direct.add(name.toLowerCase());
    }
  }
  for (const [id, info] of Object.entries(libraries)) {
    const line = keyLine(lines, 'libraries', id);
    const type = isRecord(info) ? stringField(info, 'type') : undefined;
    if (type !== 'package') continue;
    const slash = id.lastIndexOf('/');
    if (slash <= 0 || slash === id.length - 1) {
      result.problems.push({
        file: path,
        line,
        field: `libraries.${id}`,
        message: `expected Name/Version, got ${JSON.stringify(id)}`,
        severity: 'error',
      });
      continue;
    }
    const name = id.slice(0, slash);
    result.components.push(
      makeComponent('NuGet', name, id.slice(slash + 1), path, line, {
        direct: direct.has(name.toLowerCase()),
      }),
    );
  }
  return result;
}
