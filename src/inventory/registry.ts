/**
 * Every inventory parser Ward knows, registered by hand (Renovate's `api.ts`): one alphabetical
 * array, so adding a format is one import and one entry, and a reviewer sees the whole list.
 */
import { cargoLockParser } from './cargo-lock.js';
import { composerLockParser } from './composer-lock.js';
import { gemfileLockParser } from './gemfile-lock.js';
import { goModParser } from './go-mod.js';
import { goSumParser } from './go-sum.js';
import { gradleLockfileParser } from './gradle-lockfile.js';
import { mixLockParser } from './mix-lock.js';
import { nugetPackagesLockParser } from './nuget-packages-lock.js';
import { packageLockParser } from './package-lock.js';
import { pdmLockParser } from './pdm-lock.js';
import { pipfileLockParser } from './pipfile-lock.js';
import { pnpmLockParser } from './pnpm-lock.js';
import { poetryLockParser } from './poetry-lock.js';
import { pomXmlParser } from './pom-xml.js';
import { pubspecLockParser } from './pubspec-lock.js';
import { pylockTomlParser } from './pylock-toml.js';
import { requirementsTxtParser } from './requirements-txt.js';
import type { InventoryParser } from './types.js';
import { uvLockParser } from './uv-lock.js';
import { yarnLockParser } from './yarn-lock.js';

/** Alphabetical by id. Keep it that way: the registry meta-test checks it. */
export const INVENTORY_PARSERS: readonly InventoryParser[] = [
  cargoLockParser,
  composerLockParser,
  gemfileLockParser,
  goModParser,
  goSumParser,
  gradleLockfileParser,
  mixLockParser,
  nugetPackagesLockParser,
  packageLockParser,
  pdmLockParser,
  pipfileLockParser,
  pnpmLockParser,
  poetryLockParser,
  pomXmlParser,
  pubspecLockParser,
  pylockTomlParser,
  requirementsTxtParser,
  uvLockParser,
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
