/**
 * The output of `rpm -qa --qf '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\n'` (an optional
 * fourth column `%{SOURCERPM}` is read when present). Reading the rpmdb itself (BerkeleyDB /
 * NDB / SQLite) needs librpm; asking the host for this one line per package is the portable way.
 */
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import type { HostParseOptions } from './dpkg-status.js';
import { assertTextInput, setHostPurl } from './sbom-common.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

/** `openssl-3.0.7-25.el9_3.src.rpm` → name `openssl`, version `3.0.7-25.el9_3`. */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  if (!file.endsWith('.src.rpm')) return undefined;
  const stem = file.slice(0, -'.src.rpm'.length);
  const releaseDash = stem.lastIndexOf('-');
  const versionDash = releaseDash > 0 ? stem.lastIndexOf('-', releaseDash - 1) : -1;
  if (versionDash <= 0) return undefined;
  return { name: stem.slice(0, versionDash), version: stem.slice(versionDash + 1) };
}

export function parseRpmQa(text: string, path: string, options: HostParseOptions = {}): InventoryResult {
  assertTextInput(text, path, 'rpm -qa');
  const problems: Problem[] = [];
  const components: Component[] = [];
  const ecosystem = options.distro ?? 'Red Hat';
  let bad = 0;
  let firstBad: number | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const lineNumber = index + 1;
    const [name, evr, arch, sourceRpm, ...rest] = line.split(/\s+/);
    const colon = evr?.indexOf(':') ?? -1;
    const dash = evr === undefined ? -1 : evr.lastIndexOf('-');
    if (
      !name ||
      !evr ||
      !arch ||
      rest.length > 0 ||
      colon <= 0 ||
      dash <= colon + 1 ||
      dash === evr.length - 1
    ) {
      bad += 1;
      firstBad ??= lineNumber;
      problems.push({
        file: path,
        line: lineNumber,
        message: `expected 'NAME EPOCH:VERSION-RELEASE ARCH', got '${line.slice(0, 80)}'`,
        severity: 'error',
      });
      return;
    }
    // gpg-pubkey "packages" are imported signing keys, not software.
    if (name === 'gpg-pubkey') return;
    const epoch = evr.slice(0, colon);
    if (epoch !== '(none)' && !/^\d+$/.test(epoch)) {
      problems.push({
        file: path,
        line: lineNumber,
        field: 'EPOCH',
        message: `epoch '${epoch}' is not a number; skipped`,
        severity: 'error',
      });
      return;
    }
    const versionRelease = evr.slice(colon + 1);
    // rpm prints "(none)" for an unset epoch; the conventional EVR string then omits it.
    const version = epoch === '(none)' ? versionRelease : `${epoch}:${versionRelease}`;
    const component: Component = { ecosystem, name, version, location: { file: path, line: lineNumber } };
    const source = sourceRpm && sourceRpm !== '(none)' ? parseSourceRpm(sourceRpm) : undefined;
    if (source) {
      component.sourceName = source.name;
      component.sourceVersion = epoch === '(none)' ? source.version : `${epoch}:${source.version}`;
    }
    components.push(setHostPurl(component));
  });
  if (components.length === 0 && bad > 0) {
    throw new WardError(
      'input.invalid',
      `expected rpm -qa lines 'NAME EPOCH:VERSION-RELEASE ARCH', got none (first bad line ${firstBad})`,
      {
        file: path,
        ...(firstBad === undefined ? {} : { line: firstBad }),
      },
    );
  }
  const result: InventoryResult = { parser: 'rpm-qa', components, problems, assets: [] };
  if (options.distro) result.distro = options.distro;
  return result;
}

/** Content sniff: the first non-empty line has the documented shape (split, no backtracking). */
function looksLikeRpmQa(head: string): boolean {
  const first = head.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const [name, evr, arch] = first.trim().split(/\s+/);
  return Boolean(name && arch && evr && /^(\(none\)|\d+):/.test(evr) && evr.includes('-'));
}

export const rpmQaParser: InventoryParser = {
  id: 'rpm-qa',
  description: "rpm -qa --qf '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\\n' output",
  matches(path: string, head: string): boolean {
    const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
    return (
      /^rpm-?qa.*\.txt$/.test(base) ||
      base.endsWith('.rpmqa') ||
      (base.endsWith('.txt') && looksLikeRpmQa(head))
    );
  },
  parse: (text, path) => parseRpmQa(text, path),
};
