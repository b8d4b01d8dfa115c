/**
 * Incremental splitter for large JSON documents whose bulk is one top-level array
 * (NVD API pages `vulnerabilities[]`, NVD 1.1 feeds `CVE_Items[]`, the KEV catalog, or a bare
 * top-level array of records). Text is pushed chunk by chunk; each element of a streamed array is
 * returned as its own JSON text (with its 1-based line), every other top-level member is parsed.
 * Memory is bounded by the largest single element, not by the document.
 *
 * Written by hand because no streaming JSON parser is among Ward's dependencies and this job
 * needs only bracket/string tracking: element texts are still parsed by JSON.parse, so validity
 * is decided by the platform parser, not by this scanner.
 */
import { WardError } from '../core/errors.js';

export type JsonSplitEvent =
  | { kind: 'member'; key: string; value: unknown }
  | { kind: 'item'; key: string; index: number; line: number; text: string }
  | { kind: 'array-end'; key: string; count: number };

type State =
  | 'top'
  | 'key-or-end'
  | 'key'
  | 'colon'
  | 'value'
  | 'member-value'
  | 'after-member'
  | 'item-or-end'
  | 'item'
  | 'after-item'
  | 'done';

/** The key used for elements of a top-level array. */
export const TOP_LEVEL_ARRAY = '$';

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xfeff;
}

export class JsonSplitter {
  private state: State = 'top';
  private line = 1;
  private key = '';
  private streamKey = '';
  private index = 0;
  // Capture of the current key/value/element: finished pieces plus the start within the chunk.
  private pieces: string[] = [];
  private captured = 0;
  private captureLine = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;

  constructor(
    private readonly streamKeys: ReadonlySet<string>,
    private readonly maxElementChars: number,
  ) {}

  /** Feeds one chunk; returns the events completed inside it. */
  push(chunk: string): JsonSplitEvent[] {
    const events: JsonSplitEvent[] = [];
    let start = this.isCapturing() ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (this.isCapturing()) {
        const ended = this.scanCapture(code);
        if (ended === 'continue') {
          if (code === NEWLINE) this.line++;
          continue;
        }
        // 'inclusive': the char belongs to the value; 'exclusive': it is the delimiter after a scalar.
        const end = ended === 'inclusive' ? i + 1 : i;
        this.pieces.push(chunk.slice(Math.max(start, 0), end));
        const text = this.pieces.join('');
        this.pieces = [];
        this.captured = 0;
        start = -1;
        this.finishCapture(text, events);
        if (ended === 'inclusive') {
          if (code === NEWLINE) this.line++;
          continue;
        }
      }
      if (code === NEWLINE) this.line++;
      if (isSpace(code)) continue;
      if (this.step(code, events)) start = i;
    }
    if (this.isCapturing() && start !== -1) {
      const rest = chunk.slice(start);
      this.captured += rest.length;
      if (this.captured > this.maxElementChars) {
        throw new WardError(
          'input.invalid',
          `a JSON value starting at line ${this.captureLine} is larger than ${this.maxElementChars} characters`,
          { line: this.captureLine },
        );
      }
      this.pieces.push(rest);
    }
    return events;
  }

  /** Call after the last chunk: throws when the document is incomplete. */
  end(): void {
    if (this.state !== 'done') {
      throw new WardError(
        'input.invalid',
        `unexpected end of JSON (truncated document?) at line ${this.line}`,
        {
          line: this.line,
        },
      );
    }
  }

  private isCapturing(): boolean {
    return this.state === 'key' || this.state === 'member-value' || this.state === 'item';
  }

  /** Handles one significant char outside a capture; returns true when a capture starts at it. */
  private step(code: number, events: JsonSplitEvent[]): boolean {
    switch (this.state) {
      case 'top':
        if (code === OPEN_BRACE) this.state = 'key-or-end';
        else if (code === OPEN_BRACKET) this.openArray(TOP_LEVEL_ARRAY);
        else
          this.fail(`expected '{' or '[' at the start of the document, got '${String.fromCharCode(code)}'`);
        return false;
      case 'key-or-end':
      case 'after-member':
        if (code === CLOSE_BRACE) {
          this.state = 'done';
          return false;
        }
        if (this.state === 'after-member') {
          if (code !== COMMA)
            this.fail(`expected ',' or '}' between members, got '${String.fromCharCode(code)}'`);
          this.state = 'key-or-end';
          return false;
        }
        if (code !== QUOTE) this.fail(`expected a member name, got '${String.fromCharCode(code)}'`);
        this.beginCapture('key', code);
        return true;
      case 'colon':
        if (code !== COLON) this.fail(`expected ':' after "${this.key}"`);
        this.state = 'value';
        return false;
      case 'value':
        if (code === OPEN_BRACKET && this.streamKeys.has(this.key)) {
          this.openArray(this.key);
          return false;
        }
        this.beginCapture('member-value', code);
        return true;
      case 'item-or-end':
      case 'after-item':
        if (code === CLOSE_BRACKET) {
          events.push({ kind: 'array-end', key: this.streamKey, count: this.index });
          this.state = this.streamKey === TOP_LEVEL_ARRAY ? 'done' : 'after-member';
          return false;
        }
        if (this.state === 'after-item') {
          if (code !== COMMA)
            this.fail(`expected ',' or ']' between elements, got '${String.fromCharCode(code)}'`);
          this.state = 'item-or-end';
          return false;
        }
        this.beginCapture('item', code);
        return true;
      case 'done':
        this.fail('unexpected content after the end of the document');
        return false;
      default:
        return false;
    }
  }

  private openArray(key: string): void {
    this.streamKey = key;
    this.index = 0;
    this.state = 'item-or-end';
  }

  private beginCapture(state: 'key' | 'member-value' | 'item', code: number): void {
    this.state = state;
    this.captureLine = this.line;
    this.depth = code === OPEN_BRACE || code === OPEN_BRACKET ? 1 : 0;
    this.inString = code === QUOTE;
    this.escaped = false;
    this.scalar = !this.inString && this.depth === 0;
    this.captured = 0;
  }

  private scanCapture(code: number): 'continue' | 'inclusive' | 'exclusive' {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (code === BACKSLASH) this.escaped = true;
      else if (code === QUOTE) {
        this.inString = false;
        if (this.depth === 0) return 'inclusive';
      }
      return 'continue';
    }
    if (this.scalar) {
      return code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)
        ? 'exclusive'
        : 'continue';
    }
    if (code === QUOTE) this.inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth === 0) return 'inclusive';
    }
    return 'continue';
  }

  private finishCapture(text: string, events: JsonSplitEvent[]): void {
    if (this.state === 'key') {
      this.key = this.parse(text) as string;
      this.state = 'colon';
    } else if (this.state === 'member-value') {
      events.push({ kind: 'member', key: this.key, value: this.parse(text) });
      this.state = 'after-member';
    } else {
      events.push({ kind: 'item', key: this.streamKey, index: this.index++, line: this.captureLine, text });
      this.state = 'after-item';
    }
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      this.fail(`invalid JSON value starting at line ${this.captureLine}: ${(error as Error).message}`);
    }
  }

  private fail(message: string): never {
    throw new WardError('input.invalid', message, { line: this.line });
  }
}
