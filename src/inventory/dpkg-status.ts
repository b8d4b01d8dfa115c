/**
 * Debian/Ubuntu package database, /var/lib/dpkg/status (deb822 stanzas; Debian Policy §5.1 and
 * dpkg(1) for the Status field). Also reads distroless `status.d/<pkg>` files, which carry no
 * Status field because everything listed there is installed.
 */
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import { assertTextInput, setHostPurl } from './sbom-common.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

export interface HostParseOptions {
  /** Release-qualified ecosystem from os-release (`Debian:12`); default: the bare distro name. */
  distro?: string;
}

export interface Stanza {
  /** 1-based line of the stanza's first field. */
  line: number;
  /** Field name (case as written) → value, continuation lines joined with '\n'. */
  fields: Map<string, string>;
}

const FIELD = /^([!-9;-~][!-9;-~]*):(.*)$/;

/**
 * Splits deb822 text into stanzas. Lines that are neither fields, continuations nor blank are
 * problems; a file in which nothing at all is a field is not a package database.
 */
export function readStanzas(text: string, path: string, what: string, problems: Problem[]): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;
  let badLines = 0;
  let firstBad: number | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') {
      current = undefined;
      lastField = undefined;
      return;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && current && lastField) {
      current.fields.set(lastField, `${current.fields.get(lastField) ?? ''}\n${line.trim()}`);
      return;
    }
    const match = FIELD.exec(line);
    if (!match) {
      badLines += 1;
      firstBad ??= index + 1;
      problems.push({
        file: path,
        line: index + 1,
        message: `expected 'Field: value', got '${line.slice(0, 60)}'`,
        severity: 'warning',
      });
      return;
    }
    if (!current) {
      current = { line: index + 1, fields: new Map() };
      stanzas.push(current);
    }
    lastField = match[1] ?? '';
    current.fields.set(lastField, (match[2] ?? '').trim());
  });
  if (stanzas.length === 0 && badLines > 0) {
    throw new WardError(
      'input.invalid',
      `expected ${what} stanzas of 'Field: value' lines, got none (first bad line ${firstBad})`,
      {
        file: path,
        ...(firstBad === undefined ? {} : { line: firstBad }),
      },
    );
  }
  return stanzas;
}

// `Source: openssl (1.1.1n-0+deb11u4)`: the source version differs from the binary's.
const SOURCE = /^(\S+)(?:\s+\(([^)]*)\))?$/;

export function parseDpkgStatus(text: string, path: string, options: HostParseOptions = {}): InventoryResult {
  assertTextInput(text, path, 'dpkg status');
  const problems: Problem[] = [];
  const stanzas = readStanzas(text, path, 'dpkg status', problems);
  const distroless = /(^|[\\/])status\.d[\\/]/.test(path);
  // OpenWrt's opkg writes the same format, but OSV has no OpenWrt ecosystem.
  const opkg = /(^|[\\/])opkg([\\/]|$)/.test(path);
  const ecosystem = opkg ? '' : (options.distro ?? 'Debian');
  if (opkg)
    problems.push({
      file: path,
      message: 'opkg (OpenWrt) packages have no OSV ecosystem; cannot be matched',
      severity: 'warning',
    });
  const components: Component[] = [];
  for (const stanza of stanzas) {
    const status = stanza.fields.get('Status');
    // Installed = want install (or hold), no error flag, state installed.
    const installed =
      status === undefined ? distroless : /^(install|hold) ok installed$/.test(status.replace(/\s+/g, ' '));
    if (!installed) continue;
    const name = stanza.fields.get('Package');
    const version = stanza.fields.get('Version');
    if (!name || !version) {
      problems.push({
        file: path,
        line: stanza.line,
        field: name ? 'Version' : 'Package',
        message: `installed package ${name ? `'${name}' has no Version` : 'has no Package name'}; skipped`,
        severity: 'error',
      });
      continue;
    }
    const component: Component = { ecosystem, name, version, location: { file: path, line: stanza.line } };
    // No Source field means the source package has the binary's name and version (dpkg rule).
    const source = SOURCE.exec(stanza.fields.get('Source') ?? '');
    component.sourceName = source?.[1] ?? name;
    component.sourceVersion = source?.[2] ?? version;
    components.push(setHostPurl(component));
  }
  const result: InventoryResult = { parser: 'dpkg-status', components, problems, assets: [] };
  if (options.distro) result.distro = options.distro;
  return result;
}

export const dpkgStatusParser: InventoryParser = {
  id: 'dpkg-status',
  description: 'Debian/Ubuntu package database (/var/lib/dpkg/status)',
  matches(path: string, head: string): boolean {
    const normalized = path.replace(/\\/g, '/');
    if (/(^|\/)dpkg\/status$/.test(normalized) || /(^|\/)dpkg\/status\.d\/[^/.]+$/.test(normalized))
      return true;
    const base = normalized.split('/').pop() ?? '';
    return base === 'status' && /^Package: /m.test(head) && /^Status: /m.test(head);
  },
  parse: (text, path) => parseDpkgStatus(text, path),
};
