import { createHash } from "node:crypto";
import type { Category } from "./types";

// A failure group is category + failure type + normalised message. Normalisation removes what
// changes between runs of the same cause (ports, pids, ids, times, tmp dirs) and keeps what tells
// causes apart (the fixture name, the imported symbol, the missing attribute).

const MAX_TITLE_LENGTH = 300;

// Applied in order to the whole line: ids, times and paths that contain digit runs the later
// steps would otherwise half-replace.
const WHOLE_LINE: ReadonlyArray<readonly [RegExp, string]> = [
  // `<Foo object at 0x7f…>` / `<MagicMock id='1403…'>`: keep the class, drop the address.
  [/<([\w.]+) object at 0x[0-9a-f]+>/gi, "<$1 object>"],
  [/<(\w*Mock)(?: (?:name|spec)='[^']*')* id='\d+'>/g, "<$1>"],
  // Temporary directories: pytest's tmp_path, mkdtemp, macOS /var/folders, Windows %TEMP%.
  [/(?:\/private)?\/var\/folders\/[^\s'"):,]+/g, "<tmp>"],
  [/\/tmp\/[^\s'"):,]+/g, "<tmp>"],
  [/[A-Z]:\\(?:Users\\[^\\]+\\AppData\\Local\\)?Temp\\[^\s'"):,]+/gi, "<tmp>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>"],
  [/\b\d{4}-\d{2}-\d{2}\b/g, "<date>"],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, "<time>"],
  // host:port → host:<port>; the host often names the service and is kept.
  [/\b((?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:]+\]|[a-z][\w.-]*\.[a-z]{2,}|[a-z][\w-]*):\d{2,5}\b/gi, "$1:<port>"],
];

// Applied to the text between IPv4 addresses, which are kept (they tell services apart).
const BETWEEN_ADDRESSES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi, "<hex>"],
  // Durations ("after 5.2s", "in 1500 ms", "timeout of 5000ms").
  [/\b\d+(?:\.\d+)?\s?(?:ms|milliseconds?|s|sec|seconds?|m|min|minutes?|h|hours?|µs|us|ns)\b/gi, "<duration>"],
  // Quoted values that look like generated ids (long, digit-bearing, no spaces).
  [/(['"])(?=[^'"\s]*\d)[\w-]{16,}\1/g, "$1<id>$1"],
  [/\b\d+(?:\.\d+)?\b/g, "<n>"],
];

const IPV4 = /(\b(?:\d{1,3}\.){3}\d{1,3}\b)/;

function replaceAll(text: string, replacements: ReadonlyArray<readonly [RegExp, string]>): string {
  let out = text;
  for (const [pattern, replacement] of replacements) out = out.replace(pattern, replacement);
  return out;
}

// Header lines that say where a failure happened rather than what it was: the cause follows.
const HEADER_LINE = /^(?:●\s*)?Test suite failed to run$|^failed on (?:setup|teardown) with "file .*, line \d+$/i;

function firstMeaningfulLine(message: string): string {
  const lines = message.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  // pytest repeats the raised exception on "E   …" lines below the source it shows.
  const raised = lines.find((line) => /^E\s{2,}\S/.test(line));
  if (raised && HEADER_LINE.test(lines[0] ?? "")) return raised.replace(/^E\s+/, "");
  return lines.find((line) => !HEADER_LINE.test(line)) ?? "";
}

/** The message reduced to what identifies its cause: first non-empty line, volatile parts replaced. */
export function normaliseMessage(message: string | null | undefined): string {
  if (!message) return "";
  let line = firstMeaningfulLine(message.length > 4096 ? message.slice(0, 4096) : message);
  line = replaceAll(line, WHOLE_LINE)
    .split(IPV4)
    .map((part, index) => (index % 2 === 1 ? part : replaceAll(part, BETWEEN_ADDRESSES)))
    .join("");
  line = line.replace(/\s+/g, " ").trim();
  return line.length > MAX_TITLE_LENGTH ? `${line.slice(0, MAX_TITLE_LENGTH - 1)}…` : line;
}

/** Display title of a failure group: the normalised message, or the type when there is none. */
export function groupTitle(type: string | null | undefined, message: string | null | undefined): string {
  return titleOf(type, normaliseMessage(message));
}

/** groupTitle for a message already normalised (normaliseMessage). */
export function titleOf(type: string | null | undefined, normalised: string): string {
  return normalised || type?.trim() || "(no message)";
}

/** sha256 (first 32 hex chars) of category + failure type + normalised message. */
export function fingerprintResult(category: Category, type: string | null | undefined, message: string | null | undefined): string {
  return fingerprintOf(category, type, normaliseMessage(message));
}

/** fingerprintResult for a message already normalised (normaliseMessage). */
export function fingerprintOf(category: Category, type: string | null | undefined, normalised: string): string {
  const canonical = [category, (type ?? "").trim(), normalised].join("\u0000");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}
