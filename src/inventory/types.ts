/**
 * What inventory parsers produce: components (the things that run) identified by purl, or by CPE
 * for network services and vendor products, each with the place it was read from.
 */

import type { Ecosystem } from '../core/ecosystem.js';
import type { Problem } from '../core/errors.js';

export interface SourceLocation {
  /** Path as given by the user (relative paths stay relative). */
  file: string;
  /** 1-based line of the declaration, when the format lets us know it. */
  line?: number;
}

/** A host, container or service endpoint that components run on. */
export interface AssetRef {
  /** Stable key: hostname, address, or an id from the SBOM metadata. */
  id: string;
  hostname?: string;
  address?: string;
  port?: number;
  protocol?: string;
}

export interface Component {
  /** OSV ecosystem, with release suffix for distributions (`Debian:12`, `Alpine:v3.19`). */
  ecosystem: Ecosystem;
  /** Name as the inventory spells it (`@babel/core`, `org.apache.logging.log4j:log4j-core`). */
  name: string;
  version: string;
  purl?: string;
  /** CPE 2.3 formatted string, for components known only that way (Nmap services, Windows). */
  cpe?: string;
  location: SourceLocation;
  /** true = declared directly by the project; false = transitive; undefined = the format does not say. */
  direct?: boolean;
  /** 'dev' | 'optional' | 'runtime' … as the format labels it. */
  scope?: string;
  /** Distro source package (dpkg `Source:`, rpm SOURCERPM, apk `o:`), used by distro advisories. */
  sourceName?: string;
  sourceVersion?: string;
  /** Asset the component was found on, for host and network inventories. */
  asset?: AssetRef;
  /** Windows: KB articles installed on the host (digits only), for KB-based remediation checks. */
  installedKbs?: string[];
}

export interface InventoryResult {
  /** Parser id, e.g. 'package-lock'. */
  parser: string;
  components: Component[];
  problems: Problem[];
  /** Assets described by the file (hosts in an Nmap scan, the host of a dpkg status). */
  assets: AssetRef[];
  /** Distro release found in the input (`Debian:12`), when the format carries one. */
  distro?: string;
  /**
   * Other files this one pulls in (requirements.txt `-r`/`-c`), as written, relative to this
   * file's folder. Parsers are pure, so the scan service follows them (and guards against loops).
   */
  includes?: string[];
}

export interface InventoryParser {
  /** Kebab-case id, also the module's file name: 'package-lock', 'cyclonedx-json'. */
  readonly id: string;
  /** Human label for `--type` help. */
  readonly description: string;
  /**
   * True when this parser should read `path` (base name test, plus a cheap content sniff when the
   * name is ambiguous, e.g. `*.json` SBOMs). `head` is the first few KiB of the file.
   */
  matches(path: string, head: string): boolean;
  /**
   * Pure: text in, result out. Must not touch the file system, the environment or the network.
   * Throws WardError('input.invalid', …, { file, line }) when the whole file is unreadable;
   * reports per-entry problems in `problems` and keeps going otherwise.
   */
  parse(text: string, path: string): InventoryResult;
}
