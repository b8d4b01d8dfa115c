/**
 * The Nmap → NVD product alias table (data/aliases/nmap-cpe-aliases.yaml): Nmap's service CPEs
 * and product strings often name software differently from NVD's CVE configurations (Nmap
 * `microsoft:iis` vs NVD `microsoft:internet_information_server`), so an Nmap scan matches no
 * CVE without it. The table is data so it can be reviewed and extended without code changes.
 *
 * parseNmapAliases is pure. loadNmapAliases reads Ward's own bundled file once (not user input,
 * the same as importing a JSON module); tests and callers may pass their own table instead.
 */
import { readFileSync } from 'node:fs';
import { WardError } from '../core/errors.js';
import { yaml } from '../core/yaml.js';
import { isRecord } from './sbom-common.js';

export interface NmapAlias {
  id: string;
  /** `part:vendor:product` of Nmap's CPE, lowercased; undefined when the entry matches by product only. */
  cpe?: string;
  /** Nmap product strings, lowercased. */
  products: string[];
  nvd: { part: string; vendor: string; product: string };
  /** Where the CPE version comes from; 'none' = Nmap's version is not the product's. */
  version: 'service' | 'cpe' | 'none';
  source: string;
  rationale: string;
}

export interface NmapAliasTable {
  entries: readonly NmapAlias[];
  byCpe: ReadonlyMap<string, NmapAlias>;
  byProduct: ReadonlyMap<string, NmapAlias>;
}

const TRIPLE = /^([aho]):([a-z0-9_.\-~%!]+):([a-z0-9_.\-~%!]+)$/;

export const NMAP_ALIASES_URL = new URL('../../data/aliases/nmap-cpe-aliases.yaml', import.meta.url);

/** Validates and indexes the alias YAML; throws WardError('input.invalid') naming the entry. */
export function parseNmapAliases(text: string, path: string): NmapAliasTable {
  let doc: unknown;
  try {
    doc = yaml().parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new WardError('input.invalid', `expected YAML, got ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
  if (!isRecord(doc) || doc.version !== 1 || !Array.isArray(doc.aliases)) {
    throw new WardError('input.invalid', 'expected `version: 1` and an `aliases:` list', { file: path });
  }
  const entries: NmapAlias[] = [];
  const byCpe = new Map<string, NmapAlias>();
  const byProduct = new Map<string, NmapAlias>();
  for (const [index, raw] of (doc.aliases as unknown[]).entries()) {
    const field = `aliases[${index}]`;
    // A declaration (not an arrow const) so TypeScript narrows after calls that return never.
    function fail(message: string): never {
      throw new WardError('input.invalid', `${field}: ${message}`, { file: path, field });
    }
    if (!isRecord(raw)) fail('expected a mapping');
    const id = typeof raw.id === 'string' ? raw.id : fail('id must be a string');
    const nvdMatch = TRIPLE.exec(typeof raw.nvd === 'string' ? raw.nvd.toLowerCase() : '');
    if (!nvdMatch) fail(`${id}: nvd must be 'part:vendor:product'`);
    const products = raw.products === undefined ? [] : raw.products;
    if (!Array.isArray(products) || !products.every((item): item is string => typeof item === 'string')) {
      fail(`${id}: products must be a list of strings`);
    }
    const cpe =
      raw.cpe === undefined
        ? undefined
        : typeof raw.cpe === 'string'
          ? raw.cpe.toLowerCase()
          : fail(`${id}: cpe must be a string`);
    if (cpe !== undefined && !TRIPLE.test(cpe)) fail(`${id}: cpe must be 'part:vendor:product'`);
    if (cpe === undefined && products.length === 0) fail(`${id}: needs a cpe or products to match on`);
    const version = raw.version ?? 'service';
    if (version !== 'service' && version !== 'cpe' && version !== 'none')
      fail(`${id}: version must be 'service', 'cpe' or 'none'`);
    if (typeof raw.source !== 'string' || typeof raw.rationale !== 'string')
      fail(`${id}: source and rationale are required`);
    const entry: NmapAlias = {
      id,
      products: products.map((product) => product.toLowerCase()),
      nvd: { part: nvdMatch[1] ?? '', vendor: nvdMatch[2] ?? '', product: nvdMatch[3] ?? '' },
      version: version as NmapAlias['version'],
      source: String(raw.source),
      rationale: String(raw.rationale),
    };
    if (cpe !== undefined) {
      entry.cpe = cpe;
      if (byCpe.has(cpe)) fail(`${id}: cpe '${cpe}' is already mapped by ${byCpe.get(cpe)?.id}`);
      byCpe.set(cpe, entry);
    }
    for (const product of entry.products) {
      if (byProduct.has(product))
        fail(`${id}: product '${product}' is already mapped by ${byProduct.get(product)?.id}`);
      byProduct.set(product, entry);
    }
    entries.push(entry);
  }
  return { entries, byCpe, byProduct };
}

let bundled: NmapAliasTable | undefined;

/** The bundled table, read and validated once. */
export function loadNmapAliases(): NmapAliasTable {
  bundled ??= parseNmapAliases(readFileSync(NMAP_ALIASES_URL, 'utf8'), 'data/aliases/nmap-cpe-aliases.yaml');
  return bundled;
}
