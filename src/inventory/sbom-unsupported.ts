/**
 * SBOM serialisations Ward recognises but does not read: SPDX 3.0 JSON-LD, SPDX RDF/XML, SPDX
 * XML. Registered as a parser so that such a file gets a clear "unsupported, export
 * it as …" answer instead of "no parser matches" or a confusing syntax error.
 */
import { WardError } from '../core/errors.js';
import type { InventoryParser, InventoryResult } from './types.js';

/** Why a file is an SBOM Ward does not read, or undefined when it is not one of those. */
export function unsupportedSbomReason(path: string, head: string): string | undefined {
  const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (
    base.endsWith('.spdx3.json') ||
    (base.endsWith('.json') && /"@context"\s*:\s*"https?:\/\/spdx\.org\/rdf\/3/.test(head))
  ) {
    return 'SPDX 3.0 JSON-LD is not supported yet';
  }
  if (
    base.endsWith('.spdx.rdf') ||
    base.endsWith('.spdx.rdf.xml') ||
    (base.endsWith('.rdf') && head.includes('spdx.org/rdf/terms'))
  ) {
    return 'SPDX RDF/XML is not supported';
  }
  if (base.endsWith('.spdx.xml')) return 'SPDX XML is not supported';
  return undefined;
}

export const sbomUnsupportedParser: InventoryParser = {
  id: 'sbom-unsupported',
  description: 'SBOM formats Ward recognises but does not read (SPDX 3.0 JSON-LD, SPDX RDF/XML, SPDX XML)',
  matches(path: string, head: string): boolean {
    return unsupportedSbomReason(path, head) !== undefined;
  },
  parse(text: string, path: string): InventoryResult {
    const reason =
      unsupportedSbomReason(path, text.slice(0, 4096)) ?? 'this SBOM serialisation is not supported';
    throw new WardError(
      'input.unsupported',
      `${reason}; export the SBOM as SPDX 2.3 JSON / tag-value or CycloneDX JSON / XML`,
      {
        file: path,
      },
    );
  },
};
