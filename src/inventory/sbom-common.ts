/**
 * Small helpers shared by the SBOM, host and network parsers: input sanity checks with positions,
 * JSON parsing that reports line numbers, a line index, and the one rule that turns an SBOM
 * package (purl / CPE / name) into a Ward component (purl → OSV identity is core/purl's).
 */

import { PackageURL } from 'packageurl-js';
import { type Problem, WardError } from '../core/errors.js';
import { type PurlPackageResult, packageToPurl, purlToPackage } from '../core/purl.js';
import type { Component, SourceLocation } from './types.js';

/** Offsets of line starts, for turning string offsets into 1-based line numbers in O(log n). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line of the character at `offset`. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** 1-based line and column of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

/**
 * Rejects binary input (a NUL byte or a run of C0 control characters never appears in the text
 * formats we read) with the position of the first offending byte, so a user who points Ward at
 * a tarball or an image gets "binary data at line N" instead of a confusing syntax error.
 */
export function assertTextInput(text: string, path: string, what: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  const match = /[\u0000-\u0008\u000e-\u001a]/.exec(text);
  if (match) {
    const { line, column } = positionOf(text, match.index);
    throw new WardError(
      'input.invalid',
      `expected a ${what} text file, got binary data (byte 0x${match[0].charCodeAt(0).toString(16).padStart(2, '0')} at line ${line}, column ${column})`,
      { file: path, line },
    );
  }
}

/**
 * JSON.parse with the error position turned into a line number. V8 only sometimes names the
 * offset in its message, so when it does not we find it with a small validator (run only on
 * failure, so the fast path stays the native parser).
 */
export function parseJsonDocument(text: string, path: string, what: string): unknown {
  assertTextInput(text, path, what);
  if (text.trim() === '') {
    throw new WardError('input.invalid', `expected a ${what} JSON document, got an empty file`, {
      file: path,
      line: 1,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reported = /at position (\d+)/.exec(String((error as Error).message));
    const offset = reported ? Number(reported[1]) : locateJsonError(text);
    const { line, column } = positionOf(text, offset);
    const reason = offset >= text.length ? 'the document ends early (truncated?)' : 'invalid JSON syntax';
    throw new WardError(
      'input.invalid',
      `expected a ${what} JSON document, got ${reason} at line ${line}, column ${column}`,
      { file: path, line, cause: error },
    );
  }
}

/**
 * Offset of the first character where `text` stops being JSON (RFC 8259), or text.length when it
 * ends early. Iterative (explicit stack) so deeply nested input cannot overflow the call stack.
 */
export function locateJsonError(text: string): number {
  const stack: Array<'{' | '['> = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i += 1;
  };
  const readString = (): boolean => {
    i += 1;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i += 1;
        return true;
      }
      if (ch === '\\') i += 2;
      else if ((ch ?? '').charCodeAt(0) < 0x20) return false;
      else i += 1;
    }
    return false;
  };
  const readScalar = (): boolean => {
    const rest = text.slice(i, i + 5);
    for (const word of ['true', 'false', 'null']) {
      if (rest.startsWith(word)) {
        i += word.length;
        return true;
      }
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!number || number[0] === '' || number[0] === '-') return false;
    i += number[0].length;
    return true;
  };
  // Expect a value; then, inside containers, a ',' or the closing bracket.
  let expectValue = true;
  for (;;) {
    skipSpace();
    if (i >= text.length) return text.length;
    const ch = text[i];
    if (expectValue) {
      if (ch === '{') {
        stack.push('{');
        i += 1;
        skipSpace();
        if (text[i] === '}') {
          stack.pop();
          i += 1;
          expectValue = false;
        } else if (text[i] !== '"') return i;
        else {
          if (!readString()) return i;
          skipSpace();
          if (text[i] !== ':') return i;
          i += 1;
        }
        continue;
      }
      if (ch === '[') {
        stack.push('[');
        i += 1;
        skipSpace();
        if (text[i] === ']') {
          stack.pop();
          i += 1;
          expectValue = false;
        }
        continue;
      }
      if (ch === '"' ? !readString() : !readScalar()) return i;
      expectValue = false;
      continue;
    }
    const top = stack.at(-1);
    if (top === undefined) return i; // trailing garbage after the top-level value
    if (ch === ',') {
      i += 1;
      if (top === '{') {
        skipSpace();
        if (text[i] !== '"' || !readString()) return i;
        skipSpace();
        if (text[i] !== ':') return i;
        i += 1;
      }
      expectValue = true;
    } else if ((ch === '}' && top === '{') || (ch === ']' && top === '[')) {
      stack.pop();
      i += 1;
    } else return i;
  }
}

/** Narrowing helpers for untrusted parsed JSON. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function arrayField(record: Record<string, unknown>, key: string): unknown[] {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return Array.isArray(value) ? value : [];
}

/** What an SBOM says identifies one package, before Ward picks the matchable identity. */
export interface DeclaredIdentity {
  name: string;
  version: string;
  purl?: string;
  cpe?: string;
}

/**
 * The one rule for SBOM packages: a purl with an OSV ecosystem wins (ecosystem/name/version from
 * the purl); otherwise a CPE makes it a 'CPE' component; otherwise it is kept with an empty
 * ecosystem and a warning saying it cannot be matched (never dropped, never guessed).
 */
export function identifyComponent(
  declared: DeclaredIdentity,
  location: SourceLocation,
  problems: Problem[],
): Component {
  const label = `${declared.name}${declared.version ? `@${declared.version}` : ''}`;
  let parsed: PurlPackageResult | undefined;
  let invalidPurl: string | undefined;
  if (declared.purl) {
    try {
      parsed = purlToPackage(declared.purl);
    } catch (error) {
      invalidPurl = (error as Error).message;
    }
  }
  let component: Component;
  if (parsed?.status === 'supported') {
    component = {
      ecosystem: parsed.ecosystem,
      name: parsed.name || declared.name,
      version: parsed.version || declared.version,
      purl: declared.purl,
      location,
    };
    if (parsed.sourceName) component.sourceName = parsed.sourceName;
    if (parsed.sourceVersion) component.sourceVersion = parsed.sourceVersion;
  } else if (declared.cpe && cpeVendorProduct(declared.cpe)) {
    const fromCpe = cpeVendorProduct(declared.cpe)?.version ?? '';
    const version = declared.version || (fromCpe === '*' || fromCpe === '-' ? '' : fromCpe);
    component = { ecosystem: 'CPE', name: declared.name, version, cpe: declared.cpe, location };
  } else {
    component = { ecosystem: '', name: declared.name, version: declared.version, location };
    const why =
      invalidPurl ??
      (parsed?.status === 'unsupported' ? `${parsed.reason}, and there is no CPE` : 'no purl or CPE');
    problems.push({
      ...location,
      message: `${label}: ${why}; cannot be matched against advisories`,
      severity: 'warning',
    });
  }
  if (declared.purl && !component.purl) component.purl = declared.purl;
  if (declared.cpe && !component.cpe) component.cpe = declared.cpe;
  return component;
}

/**
 * Vendor and product of a CPE 2.3 formatted string or a CPE 2.2 URI, for components known only
 * by CPE. Enough to name the component; real CPE matching lives in core/cpe.
 */
export function cpeVendorProduct(
  cpe: string,
): { part: string; vendor: string; product: string; version: string } | undefined {
  const fs = /^cpe:2\.3:([aho]):((?:[^:\\]|\\.)*):((?:[^:\\]|\\.)*):((?:[^:\\]|\\.)*)/i.exec(cpe);
  if (fs) return { part: fs[1] ?? '', vendor: fs[2] ?? '', product: fs[3] ?? '', version: fs[4] ?? '' };
  const uri = /^cpe:\/([aho]):([^:]*):?([^:]*):?([^:]*)/i.exec(cpe);
  if (uri) return { part: uri[1] ?? '', vendor: uri[2] ?? '', product: uri[3] ?? '', version: uri[4] ?? '' };
  return undefined;
}

/**
 * Sets the purl of a host package component (dpkg, apk, rpm) from its ecosystem, name and
 * version (`pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12`); call again after the
 * ecosystem gains its release. Leaves the component without one when no purl type fits.
 */
export function setHostPurl(component: Component): Component {
  try {
    // purl-spec rpm: the epoch is the `epoch` qualifier, not part of the version.
    const epoch = /^(\d+):(.+)$/.exec(component.version);
    const rpmEpoch = epoch && baseEcosystemOfHost(component.ecosystem) === 'rpm' ? epoch : null;
    const built = packageToPurl(
      component.ecosystem,
      component.name,
      rpmEpoch ? (rpmEpoch[2] ?? '') : component.version,
    );
    if (built.status !== 'supported') {
      delete component.purl;
      return component;
    }
    if (!rpmEpoch) {
      component.purl = built.purl;
      return component;
    }
    const purl = PackageURL.fromString(built.purl);
    component.purl = new PackageURL(purl.type, purl.namespace, purl.name, purl.version, {
      ...(purl.qualifiers ?? {}),
      epoch: rpmEpoch[1] ?? '0',
    }).toString();
  } catch {
    delete component.purl;
  }
  return component;
}

const RPM_DISTROS = new Set([
  'Red Hat',
  'AlmaLinux',
  'Rocky Linux',
  'SUSE',
  'openSUSE',
  'Mageia',
  'Photon OS',
]);

function baseEcosystemOfHost(ecosystem: string): 'rpm' | 'other' {
  return RPM_DISTROS.has(ecosystem.split(':')[0] ?? '') ? 'rpm' : 'other';
}
