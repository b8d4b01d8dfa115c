/**
 * NuGet `packages.config` (the pre-PackageReference format): one `<package id version
 * targetFramework [developmentDependency]>` per installed package, transitive ones included, so
 * `direct` stays undefined. https://learn.microsoft.com/nuget/reference/packages-config
 */
import { baseName, emptyResult, makeComponent, xmlStartTags } from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const nugetPackagesConfigParser: InventoryParser = {
  id: 'nuget-packages-config',
  description: 'NuGet packages.config',
  matches(path) {
    return baseName(path).toLowerCase() === 'packages.config';
  },
  parse: parseNugetPackagesConfig,
};

export function parseNugetPackagesConfig(text: string, path: string): InventoryResult {
  const result = emptyResult('nuget-packages-config');
  for (const { attributes, line } of xmlStartTags(text, path, 'package', 'a NuGet packages.config')) {
    const id = attributes.get('id') ?? '';
    const version = attributes.get('version') ?? '';
    if (id === '' || version === '') {
      result.problems.push({
        file: path,
        line,
        message: `<package> needs both id and version (got id=${JSON.stringify(id)}, version=${JSON.stringify(version)}); not inventoried`,
        severity: 'error',
      });
      continue;
    }
    const dev = attributes.get('developmentDependency') === 'true';
    result.components.push(
      makeComponent('NuGet', id, version, path, line, { scope: dev ? 'dev' : 'runtime' }),
    );
  }
  return result;
}
