/**
 * Every inventory parser Ward knows, registered by hand (Renovate's `api.ts`): one alphabetical
 * array, so adding a format is one import and one entry, and a reviewer sees the whole list.
 */
import type { InventoryParser } from './types.js';

/** Alphabetical by id. Keep it that way: the registry meta-test checks it. */
export const INVENTORY_PARSERS: readonly InventoryParser[] = [];

/** Parsers whose `matches` accepts this file (base name test plus a cheap sniff of `head`). */
export function detectParsers(path: string, head: string): InventoryParser[] {
  return INVENTORY_PARSERS.filter((parser) => parser.matches(path, head));
}

/** The parser registered under `id`, or undefined. */
export function getParser(id: string): InventoryParser | undefined {
  return INVENTORY_PARSERS.find((parser) => parser.id === id);
}
