/**
 * CISA Known Exploited Vulnerabilities catalog
 * (https://www.cisa.gov/known-exploited-vulnerabilities-catalog, JSON schema in cisagov/kev-data)
 * → KevEntry. One function per catalog entry so the file reader can stream the array.
 */
import {
  isObject,
  type NormalizeOutcome,
  optionalString,
  type RecordContext,
  RecordRejected,
  requireObject,
  requireString,
  runNormalizer,
  stringArray,
} from './record-reader.js';
import type { KevEntry } from './types.js';

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a parsed KEV catalog (or its top-level members seen so far). */
export function looksLikeKevCatalog(value: unknown): boolean {
  return (
    isObject(value) && ('catalogVersion' in value || String(value.title ?? '').includes('Known Exploited'))
  );
}

/** Normalises one `vulnerabilities[i]` entry. */
export function normalizeKevEntry(value: unknown, context: RecordContext): NormalizeOutcome<KevEntry> {
  return runNormalizer(context, (problems) => {
    const entry = requireObject(value, '$');
    const cveId = requireString(entry.cveID, 'cveID');
    if (!CVE_ID.test(cveId)) problems.warn('cveID', `expected CVE-YYYY-NNNN, got '${cveId}'`);
    const dateAdded = requireDate(entry.dateAdded, 'dateAdded');
    const dueDate = requireDate(entry.dueDate, 'dueDate');
    const ransomware = optionalString(entry.knownRansomwareCampaignUse, 'knownRansomwareCampaignUse');
    if (ransomware !== undefined && ransomware !== 'Known' && ransomware !== 'Unknown') {
      problems.warn(
        'knownRansomwareCampaignUse',
        `expected Known or Unknown, got '${ransomware}'; read as Unknown`,
      );
    }
    return {
      cveId,
      vendorProject: optionalString(entry.vendorProject, 'vendorProject') ?? '',
      product: optionalString(entry.product, 'product') ?? '',
      vulnerabilityName: optionalString(entry.vulnerabilityName, 'vulnerabilityName') ?? '',
      dateAdded,
      shortDescription: optionalString(entry.shortDescription, 'shortDescription') ?? '',
      requiredAction: optionalString(entry.requiredAction, 'requiredAction') ?? '',
      dueDate,
      knownRansomwareCampaignUse: ransomware === 'Known' ? 'Known' : 'Unknown',
      notes: optionalString(entry.notes, 'notes') ?? '',
      cwes: stringArray(entry.cwes, 'cwes', problems),
    };
  });
}

function requireDate(value: unknown, field: string): string {
  const text = requireString(value, field);
  if (!DATE.test(text)) throw new RecordRejected(`expected a YYYY-MM-DD date, got '${text}'`, field);
  return text;
}

/** The catalog's version (`2025.08.25`), read from the top-level object. */
export function kevCatalogVersion(catalog: unknown): string | undefined {
  return isObject(catalog) && typeof catalog.catalogVersion === 'string' ? catalog.catalogVersion : undefined;
}
