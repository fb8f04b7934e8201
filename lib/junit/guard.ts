import type { JUnitErrorCode } from "./errors";

// saxes buffers a whole attribute value, text run, CDATA section, comment or DOCTYPE before it
// reports it. This pre-scanner sees the decoded text first, so it can refuse DTDs before they
// are read, reject an oversized attribute or tag while it streams, and cut long text runs
// (a multi-GB test.log in <system-out>) to a bounded length before saxes holds them.

const S_START = 0;
const S_TEXT = 1;
const S_LT = 2;
const S_BANG = 3;
const S_TAG = 4;
const S_ATTR = 5;
const S_COMMENT = 6;
const S_CDATA = 7;
const S_PI = 8;

const MAX_PI_LENGTH = 64 * 1024;
const ENTITY_WINDOW = 40;

// Complete tags, CDATA sections and comments, each after the text before it — exactly what the
// states below accept as one construct. Every alternative is linear, so a failed try is too.
const MARKUP_RUN = /(?:[^<]*(?:<(?![!?])[^"'>]*(?:"[^"]*"[^"'>]*|'[^']*'[^"'>]*)*>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->))*/y;
const MARKUP_RUN_WINDOW = 64 * 1024;

export interface GuardLimits {
  maxAttributeLength: number;
  maxTagLength: number;
  /** Longest text run / CDATA section / comment passed on; the rest is dropped. */
  maxTextRun: number;
}

export type GuardFailure = (code: JUnitErrorCode, message: string, chunk: string, offset: number) => never;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export class MarkupGuard {
  /** Text runs cut to maxTextRun. */
  truncatedRuns = 0;
  sawContent = false;
  /** Offsets in the emitted text where content was cut; the parser marks the element truncated. */
  readonly cuts: number[] = [];
  private emitted = 0;

  private state = S_START;
  private pending = "";
  private tagLength = 0;
  private attrLength = 0;
  private quote = '"';
  private runLength = 0;
  private dropping = false;
  private tail = "";
  private keepFrom = 0;
  private chunk = "";
  /** No limit can be reached inside this many characters. */
  private readonly runWindow: number;

  constructor(
    private readonly limits: GuardLimits,
    private readonly sink: (text: string) => void,
    private readonly fail: GuardFailure,
  ) {
    this.runWindow = Math.min(MARKUP_RUN_WINDOW, limits.maxTextRun, limits.maxAttributeLength, limits.maxTagLength);
  }

  write(chunk: string): void {
    this.chunk = chunk;
    this.keepFrom = 0;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case S_START:
          i = this.scanStart(chunk, i);
          break;
        case S_TEXT:
          if (!this.dropping) i = this.scanMarkup(chunk, i);
          if (this.state === S_TEXT && i < n) i = this.scanText(chunk, i);
          break;
        case S_LT: {
          const c = chunk.charCodeAt(i);
          if (c === 0x21 /* ! */) {
            this.state = S_BANG;
            this.pending = "";
            i++;
          } else if (c === 0x3f /* ? */) {
            this.state = S_PI;
            this.tail = "";
            this.runLength = 0;
            i++;
          } else {
            this.state = S_TAG;
            this.tagLength = 1;
          }
          break;
        }
        case S_BANG:
          i = this.scanBang(chunk, i);
          break;
        case S_TAG:
          i = this.scanTag(chunk, i);
          break;
        case S_ATTR:
          i = this.scanAttribute(chunk, i);
          break;
        case S_COMMENT:
          i = this.scanSection(chunk, i, "-->");
          break;
        case S_CDATA:
          i = this.scanSection(chunk, i, "]]>");
          break;
        default:
          i = this.scanSection(chunk, i, "?>");
      }
    }
    if (this.keepFrom === 0) this.emit(chunk);
    else if (this.keepFrom < n) this.emit(chunk.slice(this.keepFrom));
    this.chunk = "";
  }

  private emit(text: string): void {
    this.emitted += text.length;
    this.sink(text);
  }

  private cutAt(from: number, to: number): void {
    this.cuts.push(this.emitted + (from - this.keepFrom));
    this.truncatedRuns++;
    this.dropping = true;
    this.drop(from, to);
  }

  private drop(from: number, to: number): void {
    if (from > this.keepFrom) this.emit(this.chunk.slice(this.keepFrom, from));
    if (to > this.keepFrom) this.keepFrom = to;
  }

  private scanStart(chunk: string, start: number): number {
    let i = start;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      // Leading whitespace or a stray BOM before the declaration is tolerated, not an error.
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) i++;
      else break;
    }
    this.drop(start, i);
    if (i < n) {
      this.sawContent = true;
      if (chunk.charCodeAt(i) === 0x3c) {
        this.state = S_LT;
        return i + 1;
      }
      this.state = S_TEXT;
    }
    return i;
  }

  /**
   * The common case in one loop: text, and tags, CDATA sections and comments that end within
   * this chunk under every limit. Anything else (a construct cut by the chunk's end, a limit
   * reached, a `<?` or a `<!` that is neither) stops the loop just after its `<`, in S_LT, so the
   * general states take over from exactly the state they would have reached themselves. Text
   * that runs to the chunk's end or past maxTextRun is returned, still in S_TEXT, for scanText.
   */
  private scanMarkup(chunk: string, start: number): number {
    const n = chunk.length;
    const maxTextRun = this.limits.maxTextRun;
    let i = start;
    for (;;) {
      // Markup often follows markup directly: no search needed then.
      const lt = i < n && chunk.charCodeAt(i) === 0x3c ? i : chunk.indexOf("<", i);
      if (lt === -1 || this.runLength + (lt - i) > maxTextRun) return i;
      this.runLength = 0;
      const runEnd = this.skipMarkupRun(chunk, lt);
      if (runEnd > lt) {
        i = runEnd;
        continue;
      }
      const next = lt + 1;
      let end = -1;
      if (next < n) {
        const c = chunk.charCodeAt(next);
        if (c === 0x21 /* ! */) end = this.skipBang(chunk, next + 1);
        else if (c !== 0x3f /* ? */) end = this.skipTag(chunk, next);
      }
      if (end === -1) {
        this.state = S_LT;
        return next;
      }
      i = end;
    }
  }

  /**
   * The end of the constructs that follow one another from `start` and all end within
   * runWindow characters, found by the regular expression engine in one go. A construct that
   * reaches past the window is left to the caller, which checks the limits one by one.
   */
  private skipMarkupRun(chunk: string, start: number): number {
    const isWhole = chunk.length - start <= this.runWindow;
    const text = isWhole ? chunk : chunk.slice(start, start + this.runWindow);
    const from = isWhole ? start : 0;
    MARKUP_RUN.lastIndex = from;
    MARKUP_RUN.test(text);
    return start + (MARKUP_RUN.lastIndex - from);
  }

  /** After `<!`: the end of a CDATA section or comment that closes in this chunk within maxTextRun, else -1. */
  private skipBang(chunk: string, start: number): number {
    if (chunk.startsWith("[CDATA[", start)) return this.skipSection(chunk, start + 7, "]]>");
    if (chunk.startsWith("--", start)) return this.skipSection(chunk, start + 2, "-->");
    return -1;
  }

  /** Just past the terminator when it is in this chunk and the content is within maxTextRun, else -1. */
  private skipSection(chunk: string, contentStart: number, terminator: string): number {
    const found = chunk.indexOf(terminator, contentStart);
    if (found === -1 || found - contentStart > this.limits.maxTextRun) return -1;
    return found + terminator.length;
  }

  /** The end of a tag that closes in this chunk within both size limits, else -1 (counts as scanTag does). */
  private skipTag(chunk: string, start: number): number {
    const n = chunk.length;
    let tagLength = 1;
    let from = start;
    for (let k = start; k < n; k++) {
      const c = chunk.charCodeAt(k);
      if (c === 0x3e /* > */) return k + 1;
      if (c === 0x22 || c === 0x27) {
        const close = chunk.indexOf(c === 0x22 ? '"' : "'", k + 1);
        if (close === -1) return -1;
        const valueLength = close - k - 1;
        tagLength += k - from + 1 + valueLength;
        if (valueLength > this.limits.maxAttributeLength || tagLength > this.limits.maxTagLength) return -1;
        k = close;
        from = close + 1;
      }
    }
    return -1;
  }

  private scanText(chunk: string, i: number): number {
    const lt = chunk.indexOf("<", i);
    const end = lt === -1 ? chunk.length : lt;
    if (this.dropping) {
      this.drop(i, end);
    } else if (this.runLength + (end - i) > this.limits.maxTextRun) {
      this.cutAt(this.safeTextCut(chunk, i, i + (this.limits.maxTextRun - this.runLength), end), end);
    } else {
      this.runLength += end - i;
    }
    if (lt === -1) return chunk.length;
    this.state = S_LT;
    this.dropping = false;
    this.runLength = 0;
    return lt + 1;
  }

  /** Never cut inside a character reference or between the halves of a surrogate pair. */
  private safeTextCut(chunk: string, start: number, cut: number, end: number): number {
    let at = cut;
    for (let j = at - 1; j >= start && j >= at - ENTITY_WINDOW; j--) {
      const c = chunk.charCodeAt(j);
      if (c === 0x3b /* ; */) break;
      if (c === 0x26 /* & */) {
        return j;
      }
    }
    // A reference that began before this chunk: extend to its ';' if one follows closely.
    for (let j = at; j < end && j < at + ENTITY_WINDOW; j++) {
      const c = chunk.charCodeAt(j);
      if (c === 0x3b) {
        at = j + 1;
        break;
      }
      if (c === 0x26 || c === 0x3c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    }
    if (at > start && isHighSurrogate(chunk.charCodeAt(at - 1))) at--;
    return at;
  }

  private scanBang(chunk: string, start: number): number {
    let i = start;
    while (i < chunk.length) {
      this.pending += chunk[i];
      i++;
      if (this.pending === "--") {
        this.state = S_COMMENT;
        this.tail = "";
        this.runLength = 0;
        this.dropping = false;
        return i;
      }
      if (this.pending === "[CDATA[") {
        this.state = S_CDATA;
        this.tail = "";
        this.runLength = 0;
        this.dropping = false;
        return i;
      }
      if (!"--".startsWith(this.pending) && !"[CDATA[".startsWith(this.pending)) {
        this.fail(
          "DTD_FORBIDDEN",
          `Document type and entity declarations are not allowed (found "<!${this.pending}")`,
          chunk,
          i,
        );
      }
    }
    return i;
  }

  private scanTag(chunk: string, start: number): number {
    const n = chunk.length;
    let i = start;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (c === 0x22 || c === 0x27) {
        this.tagLength += i - start + 1;
        this.quote = c === 0x22 ? '"' : "'";
        this.attrLength = 0;
        this.state = S_ATTR;
        return i + 1;
      }
      if (c === 0x3e) {
        this.state = S_TEXT;
        this.runLength = 0;
        this.dropping = false;
        return i + 1;
      }
      i++;
    }
    this.tagLength += n - start;
    if (this.tagLength > this.limits.maxTagLength) {
      this.fail("TAG_TOO_LARGE", `A tag is longer than ${this.limits.maxTagLength} characters`, chunk, n);
    }
    return n;
  }

  private scanAttribute(chunk: string, i: number): number {
    const close = chunk.indexOf(this.quote, i);
    const end = close === -1 ? chunk.length : close;
    this.attrLength += end - i;
    this.tagLength += end - i;
    if (this.attrLength > this.limits.maxAttributeLength) {
      this.fail(
        "ATTRIBUTE_TOO_LARGE",
        `An attribute value is longer than ${this.limits.maxAttributeLength} characters`,
        chunk,
        end,
      );
    }
    if (this.tagLength > this.limits.maxTagLength) {
      this.fail("TAG_TOO_LARGE", `A tag is longer than ${this.limits.maxTagLength} characters`, chunk, end);
    }
    if (close === -1) return chunk.length;
    this.state = S_TAG;
    return close + 1;
  }

  /** Comment, CDATA section or processing instruction: find its terminator, cap its content. */
  private scanSection(chunk: string, i: number, terminator: string): number {
    const keepTail = terminator.length - 1;
    let terminatorEnd = -1;
    if (this.tail !== "") {
      const boundary = this.tail + chunk.slice(i, i + keepTail);
      const k = boundary.indexOf(terminator);
      if (k !== -1) {
        terminatorEnd = i + k + terminator.length - this.tail.length;
        // Terminator characters that ended the previous chunk were dropped with it: restore them.
        if (this.dropping && k < this.tail.length) {
          this.drop(i, i);
          this.emit(terminator.slice(0, this.tail.length - k));
        }
      }
    }
    if (terminatorEnd === -1) {
      const found = chunk.indexOf(terminator, i);
      if (found !== -1) terminatorEnd = found + terminator.length;
    }
    const contentEnd = terminatorEnd === -1 ? chunk.length : Math.max(i, terminatorEnd - terminator.length);

    if (this.state === S_PI) {
      this.runLength += contentEnd - i;
      if (this.runLength > MAX_PI_LENGTH) {
        this.fail("TAG_TOO_LARGE", `A processing instruction is longer than ${MAX_PI_LENGTH} characters`, chunk, contentEnd);
      }
    } else if (this.dropping) {
      this.drop(i, contentEnd);
    } else if (this.runLength + (contentEnd - i) > this.limits.maxTextRun) {
      let cut = i + (this.limits.maxTextRun - this.runLength);
      if (cut > i && isHighSurrogate(chunk.charCodeAt(cut - 1))) cut--;
      if (this.state === S_COMMENT) while (cut > i && chunk.charCodeAt(cut - 1) === 0x2d) cut--;
      this.cutAt(cut, contentEnd);
    } else {
      this.runLength += contentEnd - i;
    }

    if (terminatorEnd === -1) {
      this.tail = (this.tail + chunk.slice(Math.max(i, chunk.length - keepTail))).slice(-keepTail);
      return chunk.length;
    }
    this.tail = "";
    this.state = S_TEXT;
    this.runLength = 0;
    this.dropping = false;
    return terminatorEnd;
  }
}
