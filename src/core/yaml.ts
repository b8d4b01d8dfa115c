/**
 * The `yaml` package, loaded on first use: it is ~40 ms of start-up (dozens of CommonJS files)
 * that most scans never need, since most inventories and databases hold no YAML. Loaded through
 * `require` (its Node build is CommonJS, the same one `import` loads) so parsers stay synchronous.
 */
import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';

let loaded: typeof YamlLibrary | undefined;

export function yaml(): typeof YamlLibrary {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary;
  return loaded;
}
