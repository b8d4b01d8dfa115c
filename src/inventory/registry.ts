/**
 * Every inventory parser Ward knows, registered by hand (Renovate's `api.ts`): one alphabetical
 * array, so adding a format is one import and one entry, and a reviewer sees the whole list.
 */

import { apkInstalledParser } from './apk-installed.js';
import { bunLockParser } from './bun-lock.js';
import { cabalProjectFreezeParser } from './cabal-project-freeze.js';
import { cargoLockParser } from './cargo-lock.js';
import { cargoTomlParser } from './cargo-toml.js';
import { composerLockParser } from './composer-lock.js';
import { conanLockParser } from './conan-lock.js';
import { cycloneDxJsonParser } from './cyclonedx-json.js';
import { cycloneDxXmlParser } from './cyclonedx-xml.js';
import { dotnetCsprojParser } from './dotnet-csproj.js';
import { dotnetDepsJsonParser } from './dotnet-deps-json.js';
import { dpkgStatusParser } from './dpkg-status.js';
import { gemfileParser } from './gemfile.js';
import { gemfileLockParser } from './gemfile-lock.js';
import { goModParser } from './go-mod.js';
import { goSumParser } from './go-sum.js';
import { goVendorModulesTxtParser } from './go-vendor-modules-txt.js';
import { gradleLockfileParser } from './gradle-lockfile.js';
import { gradleVerificationMetadataParser } from './gradle-verification-metadata.js';
import { gradleVersionCatalogParser } from './gradle-version-catalog.js';
import { mixLockParser } from './mix-lock.js';
import { nmapXmlParser } from './nmap-xml.js';
import { npmPackageJsonParser } from './npm-package-json.js';
import { nugetDirectoryPackagesPropsParser } from './nuget-directory-packages-props.js';
import { nugetPackagesConfigParser } from './nuget-packages-config.js';
import { nugetPackagesLockParser } from './nuget-packages-lock.js';
import { osReleaseParser } from './os-release.js';
import { packageLockParser } from './package-lock.js';
import { paketDependenciesParser } from './paket-dependencies.js';
import { paketLockParser } from './paket-lock.js';
import { pdmLockParser } from './pdm-lock.js';
import { pipfileLockParser } from './pipfile-lock.js';
import { pnpmLockParser } from './pnpm-lock.js';
import { podfileLockParser } from './podfile-lock.js';
import { poetryLockParser } from './poetry-lock.js';
import { pomXmlParser } from './pom-xml.js';
import { pubspecLockParser } from './pubspec-lock.js';
import { pylockTomlParser } from './pylock-toml.js';
import { pyprojectTomlParser } from './pyproject-toml.js';
import { renvLockParser } from './renv-lock.js';
import { requirementsTxtParser } from './requirements-txt.js';
import { rpmQaParser } from './rpm-qa.js';
import { sbomUnsupportedParser } from './sbom-unsupported.js';
import { spdxJsonParser } from './spdx-json.js';
import { spdxTagValueParser } from './spdx-tag-value.js';
import { spdxYamlParser } from './spdx-yaml.js';
import { stackYamlLockParser } from './stack-yaml-lock.js';
import { swiftPackageResolvedParser } from './swift-package-resolved.js';
import type { InventoryParser } from './types.js';
import { uvLockParser } from './uv-lock.js';
import { windowsHotfixParser } from './windows-hotfix.js';
import { yarnLockParser } from './yarn-lock.js';

/** Alphabetical by id. Keep it that way: the registry meta-test checks it. */
export const INVENTORY_PARSERS: readonly InventoryParser[] = [
  apkInstalledParser,
  bunLockParser,
  cabalProjectFreezeParser,
  cargoLockParser,
  cargoTomlParser,
  composerLockParser,
  conanLockParser,
  cycloneDxJsonParser,
  cycloneDxXmlParser,
  dotnetCsprojParser,
  dotnetDepsJsonParser,
  dpkgStatusParser,
  gemfileParser,
  gemfileLockParser,
  goModParser,
  goSumParser,
  goVendorModulesTxtParser,
  gradleLockfileParser,
  gradleVerificationMetadataParser,
  gradleVersionCatalogParser,
  mixLockParser,
  nmapXmlParser,
  npmPackageJsonParser,
  nugetDirectoryPackagesPropsParser,
  nugetPackagesConfigParser,
  nugetPackagesLockParser,
  osReleaseParser,
  packageLockParser,
  paketDependenciesParser,
  paketLockParser,
  pdmLockParser,
  pipfileLockParser,
  pnpmLockParser,
  podfileLockParser,
  poetryLockParser,
  pomXmlParser,
  pubspecLockParser,
  pylockTomlParser,
  pyprojectTomlParser,
  renvLockParser,
  requirementsTxtParser,
  rpmQaParser,
  sbomUnsupportedParser,
  spdxJsonParser,
  spdxTagValueParser,
  spdxYamlParser,
  stackYamlLockParser,
  swiftPackageResolvedParser,
  uvLockParser,
  windowsHotfixParser,
  yarnLockParser,
];

/** Parsers whose `matches` accepts this file (base name test plus a cheap sniff of `head`). */
export function detectParsers(path: string, head: string): InventoryParser[] {
  return INVENTORY_PARSERS.filter((parser) => parser.matches(path, head));
}

/** The parser registered under `id`, or undefined. */
export function getParser(id: string): InventoryParser | undefined {
  return INVENTORY_PARSERS.find((parser) => parser.id === id);
}
