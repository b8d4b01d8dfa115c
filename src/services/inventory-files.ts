/**
 * Finds and reads inventory files: walks directories, picks the parser for each file, follows
 * includes (requirements `-r`), and turns every unreadable file into a reported problem so one
 * bad file never stops a directory scan.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type Problem, WardError } from '../core/errors.js';
import { applyOsReleases } from '../inventory/os-release.js';
import { detectParsers, getParser } from '../inventory/registry.js';
import type { AssetRef, Component, InventoryResult } from '../inventory/types.js';

/** Directories a scan does not descend into unless asked (`--include-vendored`). */
export const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'vendor',
  'third_party',
  'bower_components',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  'target',
  '.gradle',
  '.idea',
  '.vscode',
  'dist',
  'build',
]);

/** Files larger than this are refused with a clear problem rather than read into memory. */
export const MAX_INVENTORY_BYTES = 256 * 1024 * 1024;
const HEAD_BYTES = 8192;

export interface InventoryReadOptions {
  /** Descend into node_modules, vendor, … as well. */
  includeVendored?: boolean;
  /** Force one parser for every file given (required for stdin). */
  parserId?: string;
  /** Text for the path '-' (stdin). */
  stdinText?: string;
  /** Paths are reported relative to this directory (default: the process's cwd). */
  relativeTo?: string;
}

export interface InventoryRead {
  components: Component[];
  assets: AssetRef[];
  problems: Problem[];
  filesScanned: number;
  filesFailed: number;
  /** Parser id per file read, for the report. */
  files: Array<{ file: string; parser: string; components: number }>;
}

async function* walk(directory: string, includeVendored: boolean): AsyncGenerator<string> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!includeVendored && SKIPPED_DIRECTORIES.has(entry.name)) continue;
      yield* walk(path, includeVendored);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Position of the first NUL (no text inventory format contains one), or undefined. */
function binaryPosition(text: string): { line: number; offset: number } | undefined {
  const offset = text.indexOf('\u0000');
  if (offset < 0) return undefined;
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1))
    line += 1;
  return { line, offset };
}

function problemFrom(error: unknown, file: string): Problem {
  if (error instanceof WardError) {
    return {
      file: error.file ?? file,
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...(error.field !== undefined ? { field: error.field } : {}),
      message: error.message,
      severity: 'error',
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { file, message, severity: 'error' };
}

/**
 * Reads every inventory under `paths`. A directory is walked and only files some parser claims
 * are read; a file named explicitly must be claimed (or `parserId` given) or it is a problem.
 */
export async function readInventories(
  paths: readonly string[],
  options: InventoryReadOptions = {},
): Promise<InventoryRead> {
  const result: InventoryRead = {
    components: [],
    assets: [],
    problems: [],
    filesScanned: 0,
    filesFailed: 0,
    files: [],
  };
  const base = options.relativeTo ?? process.cwd();
  const seen = new Set<string>();
  // os-release files read in this scan: their release qualifies the host packages beside them.
  const releases: Array<{ file: string; distro: string }> = [];
  const forced = options.parserId ? getParser(options.parserId) : undefined;
  if (options.parserId && !forced)
    throw new WardError('input.invalid', `unknown --type '${options.parserId}'`);

  const display = (path: string): string => {
    const rel = relative(base, path);
    return rel.startsWith('..') ? path : rel || basename(path);
  };

  // A file the user named (or stdin) that cannot be read is an input error for the whole command;
  // a bad file met while walking a directory is reported and the walk goes on.
  const fail = (problem: Problem, explicit: boolean): undefined => {
    if (explicit) {
      throw new WardError('input.invalid', problem.message, {
        file: problem.file,
        ...(problem.line !== undefined ? { line: problem.line } : {}),
        ...(problem.field !== undefined ? { field: problem.field } : {}),
      });
    }
    result.problems.push(problem);
    result.filesFailed += 1;
    return undefined;
  };

  const parseText = (
    text: string,
    file: string,
    parserIds: readonly string[],
    explicit: boolean,
  ): InventoryResult | undefined => {
    const binary = binaryPosition(text);
    if (binary)
      return fail(
        {
          file,
          line: binary.line,
          message: `binary content (NUL byte at character ${binary.offset}): not an inventory file`,
          severity: 'error',
        },
        explicit,
      );
    for (const id of parserIds) {
      const parser = getParser(id);
      if (!parser) continue;
      try {
        const parsed = parser.parse(text, file);
        result.filesScanned += 1;
        result.files.push({ file, parser: parser.id, components: parsed.components.length });
        result.components.push(...parsed.components);
        result.assets.push(...parsed.assets);
        result.problems.push(...parsed.problems);
        if (parser.id === 'os-release' && parsed.distro) releases.push({ file, distro: parsed.distro });
        return parsed;
      } catch (error) {
        return fail(problemFrom(error, file), explicit);
      }
    }
    return undefined;
  };

  const readFileAt = async (path: string, explicit: boolean): Promise<void> => {
    const absolute = resolve(path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const file = display(absolute);
    let parserIds: string[];
    try {
      const info = await stat(absolute);
      if (info.size > MAX_INVENTORY_BYTES) {
        fail(
          {
            file,
            message: `file is ${info.size} bytes: too large to read (the limit is ${MAX_INVENTORY_BYTES} bytes, exceeded at byte ${MAX_INVENTORY_BYTES})`,
            severity: 'error',
          },
          explicit,
        );
        return;
      }
      if (forced) parserIds = [forced.id];
      else {
        const head = await readHead(absolute);
        parserIds = detectParsers(absolute, head).map((parser) => parser.id);
      }
    } catch (error) {
      if (error instanceof WardError) throw error;
      fail(problemFrom(error, file), explicit);
      return;
    }
    if (parserIds.length === 0) {
      if (explicit)
        fail(
          {
            file,
            message: 'not a recognised inventory file (use --type to name its format)',
            severity: 'error',
          },
          true,
        );
      return;
    }
    // go.sum only lists checksums; when go.mod sits beside it, go.mod is the truth (osv-scanner does the same).
    if (!explicit && basename(absolute) === 'go.sum' && seen.has(join(dirname(absolute), 'go.mod'))) return;
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      fail(problemFrom(error, file), explicit);
      return;
    }
    const parsed = parseText(text, file, parserIds, explicit);
    for (const include of parsed?.includes ?? []) {
      const target = resolve(dirname(absolute), include);
      await readFileAt(target, true);
    }
  };

  for (const path of paths) {
    if (path === '-') {
      if (!forced)
        throw new WardError('input.invalid', 'reading from stdin (-) needs --type to name the format');
      parseText(options.stdinText ?? '', '<stdin>', [forced.id], true);
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      throw new WardError('input.invalid', `no such file or directory: ${path}`);
    }
    if (info.isDirectory()) {
      const files: string[] = [];
      for await (const file of walk(resolve(path), options.includeVendored ?? false)) files.push(file);
      // go.mod before go.sum so the go.sum rule above sees it.
      files.sort((a, b) => dirname(a).localeCompare(dirname(b)) || rank(a) - rank(b) || a.localeCompare(b));
      for (const file of files) await readFileAt(file, false);
    } else {
      await readFileAt(path, true);
    }
  }
  applyOsReleases(result.components, releases);
  return result;
}

function rank(path: string): number {
  return basename(path) === 'go.sum' ? 1 : 0;
}
