/**
 * OSV's GCS bucket layout (https://google.github.io/osv.dev/data/#data-dumps): per ecosystem an
 * `all.zip` of every record, `modified_id.csv` listing `<modified>,<id>` newest first (the
 * documented way to sync incrementally), and one `<id>.json` per record; `ecosystems.txt` at the
 * root names the ecosystems.
 */
import { WardError } from '../../core/errors.js';

export function osvEcosystemsUrl(base: string): string {
  return `${trimSlash(base)}/ecosystems.txt`;
}

export function osvArchiveUrl(base: string, ecosystem: string): string {
  return `${trimSlash(base)}/${encodeURIComponent(ecosystem)}/all.zip`;
}

export function osvModifiedIdsUrl(base: string, ecosystem: string): string {
  return `${trimSlash(base)}/${encodeURIComponent(ecosystem)}/modified_id.csv`;
}

export function osvRecordUrl(base: string, ecosystem: string, id: string): string {
  return `${trimSlash(base)}/${encodeURIComponent(ecosystem)}/${encodeURIComponent(id)}.json`;
}

/** `ecosystems.txt`: one name a line; blank lines ignored. */
export function parseEcosystemList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export interface ModifiedId {
  /** RFC 3339 timestamp as written by OSV (compared as an instant). */
  modified: string;
  id: string;
}

/** Position in an ecosystem's change list: everything at or before it is stored. */
export interface OsvWatermark {
  modified: string;
  id: string;
}

/**
 * Parses `modified_id.csv`. The format has no quoting (ids never contain commas), so a split is
 * exact; a malformed line is an error naming the line, since skipping it would lose a change.
 */
export function parseModifiedIds(text: string, file: string): ModifiedId[] {
  const rows: ModifiedId[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trim();
    if (line === '') continue;
    const comma = line.indexOf(',');
    const modified = line.slice(0, comma);
    const id = line.slice(comma + 1);
    if (comma <= 0 || id === '' || Number.isNaN(Date.parse(modified))) {
      throw new WardError(
        'input.invalid',
        `expected "<RFC 3339 timestamp>,<id>", got ${JSON.stringify(line.slice(0, 120))}`,
        {
          file,
          line: index + 1,
        },
      );
    }
    rows.push({ modified, id: id.includes('/') ? id.slice(id.lastIndexOf('/') + 1) : id });
  }
  return rows;
}

/** Rows after the watermark, oldest first (so a batch's last row is a safe new watermark). */
export function changesAfter(rows: readonly ModifiedId[], watermark: OsvWatermark | undefined): ModifiedId[] {
  const after = watermark === undefined ? [...rows] : rows.filter((row) => compareChange(row, watermark) > 0);
  return after.sort(compareChange);
}

export function compareChange(a: ModifiedId, b: ModifiedId): number {
  const byTime = Date.parse(a.modified) - Date.parse(b.modified);
  if (byTime !== 0) return byTime < 0 ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function trimSlash(base: string): string {
  return base.replace(/\/+$/, '');
}
