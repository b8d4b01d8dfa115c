/**
 * A version scheme is the ordering rules of one ecosystem. Every scheme parses once into an opaque
 * value and compares parsed values, so a hot loop (matching 100,000 components) never re-parses.
 */
export interface VersionScheme<V = unknown> {
  /** OSV ecosystem name this scheme serves (the registry key), e.g. 'PyPI'. */
  readonly ecosystem: string;
  /** Normative specification the comparator follows. */
  readonly specUrl: string;
  /** undefined = not a valid version in this scheme. Never throws. */
  parse(raw: string): V | undefined;
  compare(a: V, b: V): -1 | 0 | 1;
  /**
   * False for a version in a corner where `compare` is not transitive (the ecosystem's own
   * comparator is not, and OSV orders as it does). Absent: every version is totally ordered.
   * Code that relies on transitivity (sorting boundaries once and placing versions among them by
   * binary search) must compare such versions one by one instead.
   */
  inTotalOrder?(version: V): boolean;
  /**
   * The ecosystem's own range syntax (npm `^1.2.3 || >=2`, PEP 440 `>=1,<2`, Maven `[1.0,2.0)`),
   * where it has one. undefined return = the range is not valid in this scheme.
   */
  satisfies?(version: V, range: string): boolean | undefined;
}
