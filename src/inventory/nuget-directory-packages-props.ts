/**
 * NuGet central package management, `Directory.Packages.props`: `<PackageVersion Include
 * Version>` pins the version every project in the tree uses (and `<PackageReference>` items
 * there are global references). https://learn.microsoft.com/nuget/consume-packages/central-package-management
 */
import { parsePackageReferences } from './dotnet-csproj.js';
import { baseName } from './lockfile-support.js';
import type { InventoryParser } from './types.js';

export const nugetDirectoryPackagesPropsParser: InventoryParser = {
  id: 'nuget-directory-packages-props',
  description: 'NuGet Directory.Packages.props (central package versions)',
  matches(path) {
    return baseName(path).toLowerCase() === 'directory.packages.props';
  },
  parse: (text, path) =>
    parsePackageReferences(text, path, 'nuget-directory-packages-props', 'a Directory.Packages.props file'),
};
