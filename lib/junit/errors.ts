export type JUnitErrorCode =
  | "EMPTY"
  | "MALFORMED"
  | "NOT_JUNIT"
  | "DTD_FORBIDDEN"
  | "ATTRIBUTE_TOO_LARGE"
  | "TAG_TOO_LARGE"
  | "TOO_DEEP"
  | "UNSUPPORTED_ENCODING"
  | "ARCHIVE_TOO_LARGE"
  | "COMPRESSION_RATIO"
  | "UNSAFE_PATH"
  | "ARCHIVE_CORRUPT"
  | "TOO_MANY_MEMBERS";

/** The one error type of lib/junit: a code for the API layer to map, and where in the file it happened. */
export class JUnitParseError extends Error {
  readonly code: JUnitErrorCode;
  readonly line: number | null;
  readonly column: number | null;
  readonly fileName: string | null;

  constructor(
    code: JUnitErrorCode,
    detail: string,
    position: { line?: number | null; column?: number | null; fileName?: string | null } = {},
  ) {
    const line = position.line ?? null;
    const column = position.column ?? null;
    const fileName = position.fileName ?? null;
    const where = [fileName, line !== null ? `line ${line}` : null, column !== null ? `column ${column}` : null]
      .filter((part) => part !== null)
      .join(", ");
    super(where ? `${detail} (${where})` : detail);
    this.name = "JUnitParseError";
    this.code = code;
    this.line = line;
    this.column = column;
    this.fileName = fileName;
  }
}

export function isJUnitParseError(error: unknown): error is JUnitParseError {
  return error instanceof JUnitParseError;
}
