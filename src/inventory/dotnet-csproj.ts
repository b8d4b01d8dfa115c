/**
 * MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`): `<PackageReference Include="Id"
 * Version="1.2.3"/>` (or a `<Version>` child) lists the project's direct NuGet dependencies.
 * A reference without a version takes it from Directory.Packages.props (central package
 * management), read by its own parser; such references are reported, not guessed.
 * https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files
 */
import { baseName, emptyResult, makeComponent, xmlChildText, xmlStartTags } from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const dotnetCsprojParser: InventoryParser = {
  id: 'dotnet-csproj',
  description: 'MSBuild project PackageReference items (.csproj, .fsproj, .vbproj)',
  matches(path) {
    return /\.(cs|fs|vb)proj$/i.test(baseName(path));
  },
  parse: (text, path) => parsePackageReferences(text, path, 'dotnet-csproj', 'an MSBuild project file'),
};

/**
 * `<PackageReference>` and `<PackageVersion>` items (the latter in Directory.Packages.props) with
 * `Include` (or `Update`) and `Version` as attribute or child element.
 */
export function parsePackageReferences(
  text: string,
  path: string,
  parser: string,
  what: string,
): InventoryResult {
  const result = emptyResult(parser);
  const items = [
    ...xmlStartTags(text, path, 'PackageReference', what),
    ...xmlStartTags(text, path, 'PackageVersion', what),
  ].sort((a, b) => a.line - b.line);
  for (const { attributes, line, body } of items) {
    const id = attributes.get('Include') ?? attributes.get('Update') ?? '';
    const version = attributes.get('Version') ?? xmlChildText(body, 'Version') ?? '';
    if (id === '') {
      result.problems.push({
        file: path,
        line,
        message: 'package item has no Include; not inventoried',
        severity: 'error',
      });
      continue;
    }
    if (version === '') {
      result.problems.push({
        file: path,
        line,
        message: `${id} has no Version here (centrally managed?); not inventoried`,
        severity: 'warning',
      });
      continue;
    }
    result.components.push(makeComponent('NuGet', id, version, path, line, { direct: true }));
  }
  return result;
}
