/**
 * Alpine package database, /lib/apk/db/installed (https://wiki.alpinelinux.org/wiki/Apk_spec:
 * one-letter `K:value` lines, packages separated by blank lines; P = name, V = version,
 * o = origin, i.e. the aports source package that Alpine's secdb/OSV advisories name).
 */
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import type { HostParseOptions } from './dpkg-status.js';
import { assertTextInput, setHostPurl } from './sbom-common.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

const KEY_VALUE = /^([A-Za-z]):(.*)$/;

interface ApkEntry {
  line: number;
  name?: string;
  version?: string;
  origin?: string;
}

export function parseApkInstalled(
  text: string,
  path: string,
  options: HostParseOptions = {},
): InventoryResult {
  assertTextInput(text, path, 'apk installed database');
  const problems: Problem[] = [];
  const entries: ApkEntry[] = [];
  let current: ApkEntry | undefined;
  let recognised = 0;
  let firstBad: number | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    const match = KEY_VALUE.exec(line);
    if (!match) {
      firstBad ??= index + 1;
      problems.push({
        file: path,
        line: index + 1,
        message: `expected 'K:value', got '${line.slice(0, 60)}'`,
        severity: 'warning',
      });
      return;
    }
    recognised += 1;
    const key = match[1];
    const value = (match[2] ?? '').trim();
    // A second P: without a blank line in between still starts a new package (seen in the wild).
    if (!current || (key === 'P' && current.name !== undefined)) {
      current = { line: index + 1 };
      entries.push(current);
    }
    if (key === 'P') {
      current.name = value;
      current.line = index + 1;
    } else if (key === 'V') current.version = value;
    else if (key === 'o') current.origin = value;
  });
  if (recognised === 0 && firstBad !== undefined) {
    throw new WardError(
      'input.invalid',
      `expected apk database 'K:value' lines, got none (first bad line ${firstBad})`,
      {
        file: path,
        line: firstBad,
      },
    );
  }
  const ecosystem = options.distro ?? 'Alpine';
  const components: Component[] = [];
  for (const entry of entries) {
    if (!entry.name || !entry.version) {
      // Stanzas with only file records (R:, Z:, a:) belong to no package: skip quietly only if empty.
      problems.push({
        file: path,
        line: entry.line,
        field: entry.name ? 'V' : 'P',
        message: `package ${entry.name ? `'${entry.name}' has no version (V:)` : 'has no name (P:)'}; skipped`,
        severity: 'error',
      });
      continue;
    }
    const component: Component = {
      ecosystem,
      name: entry.name,
      version: entry.version,
      location: { file: path, line: entry.line },
      // Without o: the package is its own origin.
      sourceName: entry.origin ?? entry.name,
      sourceVersion: entry.version,
    };
    components.push(setHostPurl(component));
  }
  const result: InventoryResult = { parser: 'apk-installed', components, problems, assets: [] };
  if (options.distro) result.distro = options.distro;
  return result;
}

export const apkInstalledParser: InventoryParser = {
  id: 'apk-installed',
  description: 'Alpine package database (/lib/apk/db/installed)',
  matches(path: string, head: string): boolean {
    const normalized = path.replace(/\\/g, '/');
    if (/(^|\/)apk\/db\/installed$/.test(normalized)) return true;
    return (normalized.split('/').pop() ?? '') === 'installed' && /^P:\S/m.test(head) && /^V:\S/m.test(head);
  },
  parse: (text, path) => parseApkInstalled(text, path),
};
