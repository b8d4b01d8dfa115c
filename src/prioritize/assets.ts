/**
 * Asset context: what a finding's host or project means to the organisation (criticality,
 * environment, internet exposure, owner, tags). It comes from CLI flags, an assets file, SBOM
 * metadata or the server; this module defines the shape, reads the file form, and ties a finding's
 * component to its asset.
 */
import type { SchemaObject } from 'ajv';
import { WardError } from '../core/errors.js';
import type { Component } from '../inventory/types.js';
import type { MissionPrevalence, PublicWellBeing } from './ssvc.js';
import { readStructuredInput } from './structured-input.js';

export type Criticality = 'low' | 'medium' | 'high' | 'critical';
export type AssetEnvironment = 'production' | 'staging' | 'development' | 'test' | 'lab';
export type Exposure = 'internet' | 'internal' | 'isolated';

export const CRITICALITIES: readonly Criticality[] = ['low', 'medium', 'high', 'critical'];
export const ENVIRONMENTS: readonly AssetEnvironment[] = [
  'production',
  'staging',
  'development',
  'test',
  'lab',
];
export const EXPOSURES: readonly Exposure[] = ['internet', 'internal', 'isolated'];

export interface AssetContext {
  /** Stable key, matched against `Component.asset.id`. */
  id: string;
  hostnames: string[];
  addresses: string[];
  /**
   * Folders whose inventory files belong to this asset (a project or service checkout), matched
   * as whole path segments anywhere in the file's path: `shop-api` claims `demo/shop-api/req.txt`.
   */
  paths?: string[];
  criticality: Criticality;
  environment: AssetEnvironment;
  exposure: Exposure;
  owner?: string;
  tags: string[];
  /** SSVC Mission Prevalence; derived from criticality and environment when not given. */
  missionPrevalence?: MissionPrevalence;
  /** SSVC Public Well-being Impact; 'minimal' when not given. */
  publicWellBeing?: PublicWellBeing;
  description?: string;
}

export interface AssetInventory {
  assets: AssetContext[];
  /** Applies to findings no asset claims (e.g. the project a lockfile scan is about). */
  defaultAsset?: AssetContext;
}

/** What Ward assumes when nothing is known: an internal production system of medium criticality. */
export const UNKNOWN_ASSET: AssetContext = {
  id: '(unspecified)',
  hostnames: [],
  addresses: [],
  criticality: 'medium',
  environment: 'production',
  exposure: 'internal',
  tags: [],
};

const assetProperties = {
  id: { type: 'string', minLength: 1 },
  hostnames: { type: 'array', items: { type: 'string', minLength: 1 } },
  addresses: { type: 'array', items: { type: 'string', minLength: 1 } },
  paths: { type: 'array', items: { type: 'string', minLength: 1 } },
  criticality: { enum: CRITICALITIES },
  environment: { enum: ENVIRONMENTS },
  exposure: { enum: EXPOSURES },
  owner: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } },
  missionPrevalence: { enum: ['minimal', 'support', 'essential'] },
  publicWellBeing: { enum: ['minimal', 'material', 'irreversible'] },
  description: { type: 'string' },
} as const;

/** JSON Schema of an assets file (YAML or JSON). */
export const ASSETS_SCHEMA: SchemaObject = {
  $id: 'https://ward.dev/schemas/assets.schema.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    assets: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['id'], properties: assetProperties },
    },
    default: { type: 'object', additionalProperties: false, properties: assetProperties },
  },
};

type RawAsset = Partial<Omit<AssetContext, 'hostnames' | 'addresses' | 'tags' | 'paths'>> & {
  paths?: string[];
  hostnames?: string[];
  addresses?: string[];
  tags?: string[];
};

/** Fills the defaults a file may leave out. */
export function completeAsset(raw: RawAsset, fallbackId: string): AssetContext {
  const asset: AssetContext = {
    id: raw.id ?? fallbackId,
    hostnames: raw.hostnames ?? [],
    addresses: raw.addresses ?? [],
    criticality: raw.criticality ?? UNKNOWN_ASSET.criticality,
    environment: raw.environment ?? UNKNOWN_ASSET.environment,
    exposure: raw.exposure ?? UNKNOWN_ASSET.exposure,
    tags: raw.tags ?? [],
  };
  if (raw.paths !== undefined) asset.paths = raw.paths;
  if (raw.owner !== undefined) asset.owner = raw.owner;
  if (raw.missionPrevalence !== undefined) asset.missionPrevalence = raw.missionPrevalence;
  if (raw.publicWellBeing !== undefined) asset.publicWellBeing = raw.publicWellBeing;
  if (raw.description !== undefined) asset.description = raw.description;
  return asset;
}

/**
 * Reads an assets file:
 * ```yaml
 * default: { criticality: high, environment: production, exposure: internet }
 * assets:
 *   - id: web-01
 *     hostnames: [web-01.example.com]
 *     addresses: [203.0.113.10]
 *     criticality: critical
 *     exposure: internet
 *     owner: web-team@example.com
 *     tags: [pci]
 * ```
 * Throws WardError('input.invalid', …, { file, line, field }) naming the first bad field.
 */
export function parseAssets(text: string, path: string): AssetInventory {
  const value = readStructuredInput(text, path, ASSETS_SCHEMA, 'assets file') as {
    assets?: RawAsset[];
    default?: RawAsset;
  } | null;
  const assets = (value?.assets ?? []).map((raw, index) => completeAsset(raw, `asset-${index}`));
  const inventory: AssetInventory = { assets };
  if (value?.default) inventory.defaultAsset = completeAsset(value.default, '(default)');
  return inventory;
}

export type AssetMatch = 'asset-id' | 'hostname' | 'address' | 'path' | 'default' | 'unspecified';

/** True when `folder` appears as whole path segments in `file` (separators normalised to /). */
function inFolder(file: string, folder: string): boolean {
  const segments = folder.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (segments === '') return false;
  return `/${file.replace(/\\/g, '/')}`.includes(`/${segments}/`);
}

/**
 * The asset a component runs on: by `Component.asset` id, then hostname, then address
 * (case-insensitive for names), then by the folder its inventory file sits in; otherwise the
 * inventory's default asset; otherwise UNKNOWN_ASSET.
 */
export function resolveAsset(
  component: Component,
  inventory: AssetInventory | undefined,
): { asset: AssetContext; matchedBy: AssetMatch } {
  const ref = component.asset;
  if (ref && inventory) {
    const byId = inventory.assets.find((asset) => asset.id === ref.id);
    if (byId) return { asset: byId, matchedBy: 'asset-id' };
    const names = [ref.hostname, ref.id]
      .filter((name): name is string => name !== undefined)
      .map((n) => n.toLowerCase());
    const byName = inventory.assets.find((asset) =>
      asset.hostnames.some((name) => names.includes(name.toLowerCase())),
    );
    if (byName) return { asset: byName, matchedBy: 'hostname' };
    const addresses = [ref.address, ref.id].filter((a): a is string => a !== undefined);
    const byAddress = inventory.assets.find((asset) =>
      asset.addresses.some((address) => addresses.includes(address)),
    );
    if (byAddress) return { asset: byAddress, matchedBy: 'address' };
  }
  if (inventory) {
    const file = component.location.file;
    const byPath = inventory.assets.find((asset) => asset.paths?.some((folder) => inFolder(file, folder)));
    if (byPath) return { asset: byPath, matchedBy: 'path' };
  }
  if (inventory?.defaultAsset) return { asset: inventory.defaultAsset, matchedBy: 'default' };
  return { asset: UNKNOWN_ASSET, matchedBy: 'unspecified' };
}

/**
 * SSVC Mission Prevalence when the asset does not state it: non-production environments support
 * no mission-essential function (minimal); otherwise critical → essential, high/medium → support,
 * low → minimal.
 */
export function missionPrevalenceOf(asset: AssetContext): { value: MissionPrevalence; derived: boolean } {
  if (asset.missionPrevalence) return { value: asset.missionPrevalence, derived: false };
  if (asset.environment !== 'production') return { value: 'minimal', derived: true };
  const value: MissionPrevalence =
    asset.criticality === 'critical' ? 'essential' : asset.criticality === 'low' ? 'minimal' : 'support';
  return { value, derived: true };
}

/** Property names an SBOM's `metadata.component` may carry to give its asset context. */
const SBOM_PROPERTY_PREFIX = 'ward:asset:';
const SBOM_ENUMS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['criticality', CRITICALITIES],
  ['environment', ENVIRONMENTS],
  ['exposure', EXPOSURES],
  ['missionPrevalence', ['minimal', 'support', 'essential']],
  ['publicWellBeing', ['minimal', 'material', 'irreversible']],
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True for a parsed CycloneDX document (the assets loader accepts one as its input). */
export function isCycloneDxDocument(value: unknown): boolean {
  return isRecord(value) && value.bomFormat === 'CycloneDX';
}

/**
 * Asset context from a CycloneDX SBOM's `metadata.component`: its id is the one the inventory
 * gives the SBOM's subject (bom-ref, else name@version), hostnames and addresses come from
 * `…hostname` / `…:ip` / `…address` properties (as the inventory reads them), tags from the
 * component's `tags`, and the context from `ward:asset:<field>` properties (criticality,
 * environment, exposure, owner, tag, missionPrevalence, publicWellBeing). The asset is also the
 * default, so an application SBOM (whose components carry no asset) gets it too.
 * CycloneDX has no standard fields for these, hence Ward-named properties (CycloneDX allows
 * namespaced property names for exactly this).
 */
export function assetsFromCycloneDx(doc: Record<string, unknown>, path: string): AssetInventory {
  const metadata = isRecord(doc.metadata) ? doc.metadata : undefined;
  const component = metadata && isRecord(metadata.component) ? metadata.component : undefined;
  if (!component || typeof component.name !== 'string' || component.name === '') {
    throw new WardError('input.invalid', 'an SBOM used as assets file needs metadata.component with a name', {
      file: path,
      field: 'metadata.component',
    });
  }
  const bomRef = typeof component['bom-ref'] === 'string' ? component['bom-ref'] : undefined;
  const version = typeof component.version === 'string' ? component.version : undefined;
  const raw: RawAsset & { tags: string[]; hostnames: string[]; addresses: string[] } = {
    id: bomRef ?? (version ? `${component.name}@${version}` : component.name),
    tags: Array.isArray(component.tags)
      ? component.tags.filter((tag): tag is string => typeof tag === 'string')
      : [],
    hostnames: [],
    addresses: [],
  };
  const properties = Array.isArray(component.properties) ? component.properties : [];
  properties.forEach((property, index) => {
    if (!isRecord(property) || typeof property.name !== 'string' || typeof property.value !== 'string')
      return;
    const name = property.name;
    const value = property.value;
    const field = `metadata.component.properties[${index}]`;
    const key = name.toLowerCase();
    if (key.endsWith('hostname')) raw.hostnames.push(value);
    else if (key.endsWith(':ip') || key.endsWith('address')) raw.addresses.push(value);
    if (!name.startsWith(SBOM_PROPERTY_PREFIX)) return;
    const what = name.slice(SBOM_PROPERTY_PREFIX.length);
    if (what === 'owner') raw.owner = value;
    else if (what === 'tag') raw.tags.push(value);
    else if (what === 'description') raw.description = value;
    else if (SBOM_ENUMS.has(what)) {
      const allowed = SBOM_ENUMS.get(what) ?? [];
      if (!allowed.includes(value)) {
        throw new WardError(
          'input.invalid',
          `${name}: expected one of ${allowed.join(', ')}, got "${value}"`,
          {
            file: path,
            field,
          },
        );
      }
      (raw as Record<string, unknown>)[what] = value;
    } else {
      throw new WardError('input.invalid', `unknown asset property ${name}`, { file: path, field });
    }
  });
  const asset = completeAsset(raw, raw.id as string);
  return { assets: [asset], defaultAsset: asset };
}
