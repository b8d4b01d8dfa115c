/**
 * Access to ../shared/data (real public data beside the project root). CI always has it; a user's
 * clone may not. Tests that need it call `sharedDataOrSkip()`: when the folder is absent they skip
 * with a clear message, but under CI (CI=true) its absence is a failure, never a silent skip.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export function hasSharedData(subpath = ''): boolean {
  return existsSync(join(SHARED_DATA, subpath));
}

/**
 * For `describe.skipIf(!sharedData('x').present)`: tells whether the folder is there and throws
 * in CI when it is not (so CI cannot pass by skipping).
 */
export function sharedData(subpath: string): { present: boolean; path: string } {
  const path = join(SHARED_DATA, subpath);
  const present = existsSync(path);
  if (!present) {
    if (process.env.CI === 'true') throw new Error(`../shared/data/${subpath} is required in CI but missing`);
    console.warn(
      `skipping: ../shared/data/${subpath} not found (clone the shared data beside the project to run these tests)`,
    );
  }
  return { present, path };
}
