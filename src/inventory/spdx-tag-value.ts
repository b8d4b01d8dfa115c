/**
 * SPDX 2.x tag-value (`Tag: value` lines, multi-line values wrapped in <text>…</text>). Written by
 * hand: the format is line-based and small, and no maintained npm reader exists for it.
 */
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import { assertTextInput } from './sbom-common.js';
import {
  buildSpdxResult,
  classifyExternalRef,
  type SpdxPackage,
  type SpdxRelationship,
} from './spdx-common.js';
import type { InventoryParser, InventoryResult } from './types.js';

const TAG_LINE = /^([A-Za-z][A-Za-z0-9_-]*):\s?(.*)$/;

export function parseSpdxTagValue(text: string, path: string): InventoryResult {
  assertTextInput(text, path, 'SPDX tag-value');
  const lines = text.split(/\r?\n/);
  const problems: Problem[] = [];
  const packages: SpdxPackage[] = [];
  const relationships: SpdxRelationship[] = [];
  let version: string | undefined;
  // Which element the following tags describe: SPDXID after FileName belongs to the file.
  let current: SpdxPackage | undefined;
  let inPackage = false;
  let index = 0;
  while (index < lines.length) {
    const lineNumber = index + 1;
    const raw = lines[index] ?? '';
    index += 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = TAG_LINE.exec(line);
    if (!match) {
      problems.push({
        file: path,
        line: lineNumber,
        message: `expected 'Tag: value', got '${line.slice(0, 60)}'`,
        severity: 'warning',
      });
      continue;
    }
    const tag = match[1] ?? '';
    let value = (match[2] ?? '').trim();
    if (value.startsWith('<text>') && !value.includes('</text>')) {
      // Multi-line value: skip to the closing tag (its content is free text we do not need).
      while (index < lines.length && !(lines[index] ?? '').includes('</text>')) index += 1;
      index += 1;
      value = '';
    }
    switch (tag) {
      case 'SPDXVersion':
        version ??= value;
        break;
      case 'PackageName':
        current = { spdxId: '', name: value, version: '', purls: [], cpes: [], line: lineNumber };
        packages.push(current);
        inPackage = true;
        break;
      case 'FileName':
      case 'SnippetSPDXID':
      case 'LicenseID':
        inPackage = false;
        break;
      case 'SPDXID':
        if (inPackage && current && current.spdxId === '') current.spdxId = value;
        break;
      case 'PackageVersion':
        if (inPackage && current) current.version = value;
        break;
      case 'ExternalRef': {
        const [category = '', type = '', locator = ''] = value.split(/\s+/);
        if (inPackage && current && locator) classifyExternalRef(current, category, type, locator);
        break;
      }
      case 'Relationship': {
        const [from = '', type = '', to = ''] = value.split(/\s+/);
        if (from && type && to) relationships.push({ from, type, to });
        break;
      }
      default:
        break;
    }
  }
  if (version === undefined || !/^SPDX-2\.\d+$/.test(version)) {
    throw new WardError(
      'input.invalid',
      `expected an SPDX 2.x tag-value document (SPDXVersion: SPDX-2.x), got ${version === undefined ? 'no SPDXVersion tag' : `'${version}'`}`,
      { file: path, line: 1, field: 'SPDXVersion' },
    );
  }
  return buildSpdxResult('spdx-tag-value', path, { packages, relationships, describes: [], problems });
}

export const spdxTagValueParser: InventoryParser = {
  id: 'spdx-tag-value',
  description: 'SPDX 2.x SBOM, tag-value',
  matches(path: string, head: string): boolean {
    const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
    return base.endsWith('.spdx') || (base.endsWith('.txt') && /^SPDXVersion:\s*SPDX-2\./m.test(head));
  },
  parse: parseSpdxTagValue,
};
