/** Every output format, alphabetical. Adding a format = one import and one entry here. */
import { csvRenderer } from './csv.js';
import { cyclonedxVexRenderer } from './cyclonedx-vex.js';
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import { sarifRenderer } from './sarif.js';
import { tableRenderer } from './table.js';
import type { ReportRenderer } from './types.js';

export const REPORT_RENDERERS: readonly ReportRenderer[] = [
  csvRenderer,
  cyclonedxVexRenderer,
  jsonRenderer,
  markdownRenderer,
  sarifRenderer,
  tableRenderer,
];

export function getRenderer(format: string): ReportRenderer | undefined {
  return REPORT_RENDERERS.find((renderer) => renderer.format === format);
}
