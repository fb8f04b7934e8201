// lib/junit — JUnit XML reports: bytes in, typed results out. No Prisma, no Next.
export { AttemptMerger, mergeAttempts } from "./attempts";
export { ARCHIVE_ERROR_CODES, openReportSource, parseReportSource, DEFAULT_ARCHIVE_LIMITS } from "./archive";
export type { ArchiveLimits, ReportEntry, ReportSourceOptions, ParsedReportEntry } from "./archive";
export { JUnitParseError, isJUnitParseError } from "./errors";
export type { JUnitErrorCode } from "./errors";
export { buildTestKey, normaliseWhitespace, resolveTestFile } from "./identity";
export { isSkipStatusWord, parseDurationMs } from "./outcome";
export {
  DEFAULT_PARSE_LIMITS,
  JUnitStreamParser,
  collectJUnitReport,
  parseJUnitBuffer,
  parseJUnitFile,
  parseJUnitStream,
} from "./parse";
export type * from "./types";
