/**
 * Elixir `mix.lock`: an Elixir map literal, one entry per line as mix writes it:
 *   "plug": {:hex, :plug, "1.11.1", "<inner hash>", [:mix], [deps…], "hexpm", "<outer hash>"},
 * The second element is the Hex package name (it may differ from the key, the app name).
 * `:git` and `:path` entries carry no Hex version and are reported as warnings.
 *
 * Read by hand: evaluating the file would mean running Elixir (never for untrusted input), and
 * there is no JavaScript reader for Elixir terms; the entries we need are fixed-shape tuples,
 * matched below by one anchored regex without nested quantifiers.
 * https://hexdocs.pm/mix/Mix.Tasks.Deps.html
 */
import {
  baseName,
  emptyResult,
  invalidInput,
  makeComponent,
  rejectBinary,
  splitLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

const HEX_ENTRY = /^"([^"]+)":\s*\{:hex,\s*:"?([A-Za-z0-9_]+)"?,\s*"([^"]+)"/;
const ANY_ENTRY = /^"([^"]+)":\s*\{:([a-z_]+)/;

export const mixLockParser: InventoryParser = {
  id: 'mix-lock',
  description: 'Elixir mix.lock (Hex packages)',
  matches(path) {
    return baseName(path) === 'mix.lock';
  },
  parse: parseMixLock,
};

export function parseMixLock(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('mix-lock');
  const lines = splitLines(text);
  const firstContent = lines.findIndex((line) => line.trim() !== '');
  if (firstContent === -1) return result;
  if (!(lines[firstContent] ?? '').trim().startsWith('%{')) {
    throw invalidInput(
      path,
      `expected a mix.lock map starting with %{, got ${JSON.stringify((lines[firstContent] ?? '').trim().slice(0, 40))}`,
      firstContent + 1,
    );
  }
  // A map that never closes is a truncated file: fail rather than report a partial inventory.
  const lastContent = lines.findLastIndex((line) => line.trim() !== '');
  if (!(lines[lastContent] ?? '').trim().endsWith('}')) {
    throw invalidInput(
      path,
      'expected the mix.lock map to end with }, got end of file (truncated?)',
      lastContent + 1,
    );
  }
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line.startsWith('"')) return;
    const hex = HEX_ENTRY.exec(line);
    if (hex !== null) {
      const [, , name, version] = hex;
      if (name !== undefined && version !== undefined) {
        result.components.push(makeComponent('Hex', name, version, path, index + 1));
      }
      return;
    }
    const other = ANY_ENTRY.exec(line);
    if (other !== null && other[2] !== 'hex') {
      result.problems.push({
        file: path,
        line: index + 1,
        message: `${other[1]} comes from :${other[2]}, not Hex; no version to match, not inventoried`,
        severity: 'warning',
      });
      return;
    }
    result.problems.push({
      file: path,
      line: index + 1,
      message: `expected "name": {:hex, :name, "version", …}, got ${JSON.stringify(line.slice(0, 60))}`,
      severity: 'error',
    });
  });
  return result;
}
