/**
 * An installed npm package's own `package.json` (`node_modules/<name>/package.json`): the package it
 * describes, by its `name` and `version`. A project's root package.json declares ranges and is
 * read through its lockfile instead, so only files under node_modules are detected (a directory
 * scan reaches them only when asked to enter node_modules); `--type npm-package-json` reads any.
 * VS Code extensions (`engines.vscode`) and Unity packages (a `unity` field) use package.json
 * too but are not npm packages.
 */
import {
  baseName,
  emptyResult,
  keyLine,
  locateJsonKeys,
  makeComponent,
  parseJsonObject,
  recordField,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const npmPackageJsonParser: InventoryParser = {
  id: 'npm-package-json',
  description: 'package.json of installed npm packages (under node_modules)',
  matches(path) {
    return baseName(path) === 'package.json' && /(^|[\\/])node_modules[\\/]/.test(path);
  },
  parse: parseNpmPackageJson,
};

export function parseNpmPackageJson(text: string, path: string): InventoryResult {
  const manifest = parseJsonObject(text, path, 'a package.json');
  const result = emptyResult('npm-package-json');
  const lines = locateJsonKeys(text, 1);
  const name = stringField(manifest, 'name');
  const version = stringField(manifest, 'version');
  if (
    stringField(recordField(manifest, 'engines') ?? {}, 'vscode') !== undefined ||
    manifest.unity !== undefined
  ) {
    result.problems.push({
      file: path,
      message: 'a VS Code extension or Unity package manifest, not an npm package; not inventoried',
      severity: 'warning',
    });
    return result;
  }
  if (name === undefined || version === undefined || name === '' || version === '') {
    result.problems.push({
      file: path,
      line: keyLine(lines, name === undefined ? 'version' : 'name'),
      message: 'package.json has no name or no version; not inventoried',
      severity: 'warning',
    });
    return result;
  }
  result.components.push(makeComponent('npm', name, version, path, keyLine(lines, 'version')));
  return result;
}
