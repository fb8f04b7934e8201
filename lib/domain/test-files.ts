// Matching test files on a runner's disk with the files reports name: shared by `greenboard parse`
// (lib/cli) and run completion (lib/ingest), which both report test files that produced no test case.

/**
 * Whether a report's file names this on-disk test file. Reports made on CI carry the runner's
 * paths (`/home/runner/work/app/app/tests/x.py`), and a runner started in a subdirectory reports
 * paths relative to it (`tests/x.py` for `backend/tests/x.py`), so whole trailing path segments
 * match too — as long as the reported path has a directory part, since a bare `x.py` says too little.
 */
export function isReported(file: string, reported: ReadonlySet<string>): boolean {
  if (reported.has(file)) return true;
  for (const candidate of reported) {
    if (candidate.endsWith(`/${file}`)) return true;
    if (candidate.includes("/") && !candidate.startsWith("../") && file.endsWith(`/${candidate}`)) return true;
  }
  return false;
}

/** The key of the stand-in test that carries a test file's `missing` result. */
export function fileTestKey(file: string): string {
  return `${file}::(file)`;
}

/** SQL LIKE pattern matching every `fileTestKey`. */
export const FILE_TEST_KEY_LIKE = "%::(file)";
