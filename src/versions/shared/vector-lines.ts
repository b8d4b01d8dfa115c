/**
 * The `a <op> b` comparison-vector format used by OSV's version test data and by Ward's own
 * fixture tables (test/fixtures/versions/<ecosystem>.txt): one comparison per line, single-space
 * separated, `#`/`//` comment lines and blank lines skipped. Pure: text in, lines out; a malformed
 * line is a Problem-like entry, never dropped silently.
 */
export type VectorOp = '<' | '=' | '>';

export interface VectorLine {
  readonly line: number;
  readonly a: string;
  readonly op: VectorOp;
  readonly b: string;
}

export interface VectorParse {
  readonly vectors: VectorLine[];
  readonly malformed: { line: number; text: string }[];
}

export function parseVectorLines(text: string): VectorParse {
  const vectors: VectorLine[] = [];
  const malformed: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) return;
    const pieces = trimmed.split(' ');
    const [a, op, b] = pieces;
    if (
      pieces.length !== 3 ||
      a === undefined ||
      b === undefined ||
      (op !== '<' && op !== '=' && op !== '>')
    ) {
      malformed.push({ line: index + 1, text: raw });
      return;
    }
    vectors.push({ line: index + 1, a, op, b });
  });
  return { vectors, malformed };
}

export function opOf(diff: number): VectorOp {
  if (diff < 0) return '<';
  return diff > 0 ? '>' : '=';
}

export function invertOp(op: VectorOp): VectorOp {
  if (op === '<') return '>';
  return op === '>' ? '<' : '=';
}

/** Which OSV vector files (../shared/data/version-vectors) hold each ecosystem's vectors. */
export const VECTOR_FILES: ReadonlyMap<string, readonly string[]> = new Map([
  ['Alpine', ['alpine-versions.txt', 'alpine-versions-generated.txt']],
  ['CRAN', ['cran-versions.txt', 'cran-versions-generated.txt']],
  ['crates.io', ['semver-versions.txt']],
  ['Debian', ['debian-versions.txt', 'debian-versions-generated.txt']],
  ['Go', ['semver-versions.txt']],
  ['Hackage', ['hackage-versions.txt']],
  ['Hex', ['semver-versions.txt']],
  ['Maven', ['maven-versions.txt', 'maven-versions-generated.txt']],
  ['npm', ['semver-versions.txt']],
  ['NuGet', ['nuget-versions.txt']],
  ['Packagist', ['packagist-versions.txt', 'packagist-versions-generated.txt']],
  ['Pub', ['pub-versions.txt']],
  ['PyPI', ['pypi-versions.txt', 'pypi-versions-generated.txt']],
  ['Red Hat', ['redhat-versions.txt']],
  ['RubyGems', ['rubygems-versions.txt', 'rubygems-versions-generated.txt']],
  ['Ubuntu', ['debian-versions.txt', 'debian-versions-generated.txt']],
]);

/** The distinct versions named by some vectors, in first-seen order. */
export function distinctVersions(vectors: readonly VectorLine[]): string[] {
  const seen = new Set<string>();
  for (const vector of vectors) {
    seen.add(vector.a);
    seen.add(vector.b);
  }
  return [...seen];
}
