// The test identity rule. It keys every test's history: changing it silently breaks history.
// Written down in docs/test-identity.md — change both together, with a migration.

const WHITESPACE_RUN = /\s+/g;

const ALREADY_NORMAL = /^[^\s]+(?: [^\s]+)*$/;

/** Collapses every run of whitespace to one space and trims. */
export function normaliseWhitespace(value: string): string {
  if (value === "" || ALREADY_NORMAL.test(value)) return value;
  return value.replace(WHITESPACE_RUN, " ").trim();
}

const PYTEST_DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PYTEST_MODULE = /^test_|_test$/;
const PATH_WITH_EXTENSION = /[/\\][^/\\]*\.[A-Za-z0-9]{1,10}$/;

/**
 * `tests.test_x.TestY` → `tests/test_x.py`: the last dotted segment that looks like a pytest
 * module (`test_*` or `*_test`) ends the path. Java-style names (`com.acme.FooTest`) give null:
 * the language and source root cannot be known from the name alone.
 */
export function deriveFileFromDottedName(dotted: string): string | null {
  if (!PYTEST_DOTTED.test(dotted)) return null;
  const segments = dotted.split(".");
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (segment !== undefined && PYTEST_MODULE.test(segment)) {
      return `${segments.slice(0, i + 1).join("/")}.py`;
    }
  }
  return null;
}

/** A classname that is itself a path with an extension (vitest, some jest setups): `src/a.test.ts`. */
function deriveFileFromPathLikeName(classname: string): string | null {
  if (!PATH_WITH_EXTENSION.test(classname) || /\s/.test(classname)) return null;
  return classname.replace(/\\/g, "/");
}

export interface FileSources {
  /** testcase `file=` or `filepath=` attribute */
  fileAttribute: string | null;
  classname: string | null;
  name: string;
  /** `file=` of the innermost enclosing suite that has one */
  suiteFile: string | null;
}

/**
 * The test's file, first match wins: the testcase's file/filepath attribute; a path-like
 * classname; a pytest-style dotted classname; for an empty classname, a pytest-style dotted
 * name (pytest collection errors: `classname="" name="tests.test_x"`); the suite's file.
 */
export function resolveTestFile({ fileAttribute, classname, name, suiteFile }: FileSources): string | null {
  const attribute = fileAttribute?.trim();
  if (attribute) return attribute;
  const cls = classname?.trim() ?? "";
  if (cls) {
    const derived = deriveFileFromPathLikeName(cls) ?? deriveFileFromDottedName(cls);
    if (derived) return derived;
  } else {
    const fromName = deriveFileFromDottedName(name.trim());
    if (fromName) return fromName;
  }
  const suite = suiteFile?.trim();
  return suite ? suite : null;
}

/** `<classname, or file, or innermost suite name>::<name>`, whitespace-normalised, parameters kept. */
export function buildTestKey(classname: string | null, file: string | null, suite: string | null, name: string): string {
  const scope =
    (classname ? normaliseWhitespace(classname) : "") ||
    (file ? normaliseWhitespace(file) : "") ||
    (suite ? normaliseWhitespace(suite) : "");
  return `${scope}::${normaliseWhitespace(name)}`;
}

interface ClassnameFacts {
  normalised: string;
  derivedFile: string | null;
}

const CACHE_LIMIT = 10_000;
const RECENT_CLASSNAMES = 8;

/**
 * resolveTestFile + buildTestKey with the per-classname work memoised: a report repeats a
 * classname for every test of a class, and this runs once per testcase on the hot path.
 */
export function createTestIdentityResolver(): (sources: FileSources, suite: string | null) => { file: string | null; key: string } {
  const facts = new Map<string, ClassnameFacts>();
  // Each testcase brings a fresh classname string: comparing it with the last few classnames is
  // cheaper than hashing it for the map, and testcases of one class mostly come together.
  const recentClassnames: string[] = [];
  const recentFacts: ClassnameFacts[] = [];
  let nextRecent = 0;
  return (sources, suite) => {
    const classname = sources.classname ?? "";
    let known: ClassnameFacts | undefined;
    for (let r = 0; r < recentClassnames.length; r++) {
      if (recentClassnames[r] === classname) {
        known = recentFacts[r];
        break;
      }
    }
    if (known === undefined) {
      known = facts.get(classname);
      if (known === undefined) {
        const trimmed = classname.trim();
        known = {
          normalised: normaliseWhitespace(classname),
          derivedFile: trimmed ? (deriveFileFromPathLikeName(trimmed) ?? deriveFileFromDottedName(trimmed)) : null,
        };
        if (facts.size >= CACHE_LIMIT) facts.clear();
        facts.set(classname, known);
      }
      recentClassnames[nextRecent] = classname;
      recentFacts[nextRecent] = known;
      nextRecent = (nextRecent + 1) % RECENT_CLASSNAMES;
    }
    const attribute = sources.fileAttribute?.trim();
    let file: string | null;
    if (attribute) file = attribute;
    else if (known.derivedFile !== null) file = known.derivedFile;
    else if (known.normalised) file = sources.suiteFile?.trim() || null;
    else file = resolveTestFile({ fileAttribute: null, classname: "", name: sources.name, suiteFile: sources.suiteFile });
    const scope = known.normalised || (file ? normaliseWhitespace(file) : "") || (suite ? normaliseWhitespace(suite) : "");
    return { file, key: `${scope}::${normaliseWhitespace(sources.name)}` };
  };
}
