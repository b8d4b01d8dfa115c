/**
 * An advisory encoded for the store, and decoded again: its JSON text plus the few fields the
 * writer needs (key, timestamps, ids to link, lookup keys). Pure and free of any database handle,
 * so the encoding can run on the reader's worker thread while the writer's thread only talks to
 * the database. Plain data only: it crosses `postMessage` as a structured clone.
 *
 * An OSV record is stored as the text it was read from (encoding 'osv') and normalised again
 * when read, the way OSV-Scanner's offline database keeps the published records: re-encoding the
 * normalised advisory (`JSON.stringify`) cost an import more CPU than parsing the record did, and
 * normalising an OSV record is a small fraction of parsing it, paid by a scan only for the
 * advisories it reads, once per process (the store's cache). Everything else (NVD, CVE 5, CSAF,
 * YAML, a record the overlay changed) is stored normalised (encoding 'advisory').
 */
import { normalizeOsv } from '../advisories/osv.js';
import type { Advisory } from '../advisories/types.js';
import { splitCpeFs } from '../core/cpe.js';
import { baseEcosystem } from '../core/ecosystem.js';
import { WardError } from '../core/errors.js';
import { normalizePackageName } from '../core/package-name.js';
import type { AdvisoriesTable, AdvisoryEncoding } from './schema.js';

/** The advisories row as stored (`json` in the row's `encoding`, see above), and its keys. */
export interface PreparedAdvisory extends AdvisoriesTable {
  /** Vulnerability ids to link into one group: the id first, then the aliases. */
  ids: string[];
  /** (base ecosystem, normalised name) pairs, flattened: [ecosystem0, name0, ecosystem1, …], unique. */
  packages: string[];
  /** `vendor:product` of the vulnerable CPE matches, unique. */
  products: string[];
}

/**
 * Encodes one advisory for `ImportSession.writePreparedAdvisories`. `osvRecord` is the JSON text
 * of the OSV record `advisory` was normalised from, unchanged since (no overlay applied): stored
 * as is.
 */
export function prepareAdvisory(advisory: Advisory, osvRecord?: string): PreparedAdvisory {
  const packages: string[] = [];
  const seen = new Set<string>();
  for (const affected of advisory.affected ?? []) {
    const ecosystem = baseEcosystem(affected.package.ecosystem);
    // The lookup side normalises with the same function, so both spellings meet on one key.
    const name = normalizePackageName(affected.package.ecosystem, affected.package.name);
    const key = `${ecosystem}\u0000${name}`;
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    packages.push(ecosystem, name);
  }
  const products = new Set<string>();
  for (const configuration of advisory.cpeConfigurations ?? []) {
    for (const node of configuration.nodes) {
      for (const match of node.cpeMatch) {
        if (!match.vulnerable) continue;
        const product = cpeProduct(match.criteria);
        if (product !== undefined) products.add(product);
      }
    }
  }
  return {
    source: advisory.source,
    id: advisory.id,
    modified: advisory.modified,
    published: advisory.published ?? null,
    withdrawn: advisory.withdrawn ?? null,
    json: osvRecord ?? JSON.stringify(advisory),
    encoding: osvRecord === undefined ? 'advisory' : 'osv',
    ids: [advisory.id, ...(advisory.aliases ?? [])].filter((id) => typeof id === 'string' && id !== ''),
    packages,
    products: [...products],
  };
}

/**
 * `vendor:product` (lowercase) of a CPE 2.3 formatted string, honouring `\` escapes (a `\:`
 * inside a component is not a separator). Lenient where `parseCpeFs` is strict: an import keys
 * every criteria string it can and skips the rest without an error.
 */
export function cpeProduct(criteria: string): string | undefined {
  const [prefix, version, , vendor, product] = splitCpeFs(criteria, 0, 5);
  if (prefix?.toLowerCase() !== 'cpe' || version !== '2.3' || !vendor || !product) return undefined;
  if (vendor === '*' || product === '*') return undefined;
  return `${vendor}:${product}`.toLowerCase();
}

/**
 * The advisory a stored row holds. A row in the 'osv' encoding is normalised as an import would
 * normalise it; should that fail (a record stored by another version of Ward that this one no
 * longer reads), the error names the record and says how to replace it.
 */
export function decodeStoredAdvisory(row: {
  source: string;
  id: string;
  encoding: AdvisoryEncoding;
  json: string;
}): Advisory {
  if (row.encoding === 'advisory') return JSON.parse(row.json) as Advisory;
  const where = `stored advisory ${row.source}/${row.id}`;
  if (row.encoding !== 'osv') {
    throw new WardError(
      'store.failed',
      `${where} has the encoding '${String(row.encoding)}', which this version of Ward does not read (a newer version wrote it?)`,
    );
  }
  let outcome: ReturnType<typeof normalizeOsv>;
  try {
    outcome = normalizeOsv(JSON.parse(row.json), { file: where });
  } catch (error) {
    outcome = { problems: [{ file: where, severity: 'error', message: (error as Error).message }] };
  }
  const advisory = outcome.value;
  if (advisory === undefined || advisory.id !== row.id) {
    const error = outcome.problems.find((problem) => problem.severity === 'error');
    const reason =
      advisory !== undefined
        ? `it holds ${advisory.id}`
        : error === undefined
          ? 'no advisory'
          : `${error.field === undefined ? '' : `${error.field}: `}${error.message}`;
    throw new WardError(
      'store.failed',
      `${where} no longer reads as an OSV advisory (${reason}); import its source again (ward db import, ward db update)`,
    );
  }
  return advisory;
}
