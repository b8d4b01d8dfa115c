/**
 * VEX import and export: CycloneDX (1.4–1.6 JSON), OpenVEX 0.2.0 and CSAF 2.0 VEX, all read into
 * and written from Ward's TriageStatement.
 */
import type { Problem } from '../../core/errors.js';
import { WardError } from '../../core/errors.js';
import type { TriageStatement } from '../triage.js';
import { exportCsafVex, isCsafVex, parseCsafVex } from './csaf-vex.js';
import {
  type ExportOptions,
  exportCycloneDxVex,
  isCycloneDxVex,
  parseCycloneDxVex,
} from './cyclonedx-vex.js';
import { parseJsonDocument } from './fields.js';
import { exportOpenVex, isOpenVex, parseOpenVex } from './openvex.js';

export type { ExportOptions } from './cyclonedx-vex.js';

export type VexFormat = 'cyclonedx' | 'openvex' | 'csaf';
export const VEX_FORMATS: readonly VexFormat[] = ['cyclonedx', 'openvex', 'csaf'];

export interface VexDocument {
  format: VexFormat;
  statements: TriageStatement[];
  problems: Problem[];
}

/**
 * Reads a VEX document, detecting its format. Throws WardError('input.invalid', …, { file, field })
 * naming the first invalid field; per-statement caveats come back in `problems`.
 */
export function parseVex(text: string, path: string): VexDocument {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    throw new WardError(
      'input.unsupported',
      'XML VEX is not supported; use CycloneDX JSON, OpenVEX or CSAF',
      { file: path },
    );
  }
  const doc = parseJsonDocument(text, { file: path, format: 'VEX document' });
  if (isCycloneDxVex(doc)) return { format: 'cyclonedx', ...parseCycloneDxVex(doc, path) };
  if (isOpenVex(doc)) return { format: 'openvex', ...parseOpenVex(doc, path) };
  if (isCsafVex(doc)) return { format: 'csaf', ...parseCsafVex(doc, path) };
  throw new WardError(
    'input.invalid',
    'not a VEX document: expected CycloneDX (bomFormat), OpenVEX (@context https://openvex.dev/ns/…) or CSAF (document.category csaf_vex)',
    { file: path },
  );
}

/** Writes statements as one VEX document (pretty JSON, trailing newline). */
export function exportVex(
  format: VexFormat,
  statements: readonly TriageStatement[],
  options: ExportOptions,
): string {
  const doc =
    format === 'cyclonedx'
      ? exportCycloneDxVex(statements, options)
      : format === 'openvex'
        ? exportOpenVex(statements, options)
        : exportCsafVex(statements, options);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
