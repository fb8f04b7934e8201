// Builds the Next.js app unless .next holds a production build newer than every source file,
// so `npm start` on a fresh clone builds once and later starts are immediate.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "components", "lib", "public", "package.json", "package-lock.json", "next.config.js", "postcss.config.mjs", "tsconfig.json"];
const SKIP = new Set(["node_modules", "generated", ".next", "fixtures"]);

function newestMtime(target: string): number {
  let stats;
  try {
    stats = statSync(target);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (SKIP.has(entry) || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

let builtAt = 0;
try {
  builtAt = statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs;
} catch {
  builtAt = 0;
}
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (builtAt > sourcesAt) {
  console.log("Production build is up to date.");
} else {
  console.log(builtAt ? "Sources changed since the last build: building…" : "No production build yet: building…");
  // The CLI bundle served at /cli/greenboard.mjs is part of the build (npm run build does the same).
  const cli = spawnSync("npx", ["tsx", "scripts/build-cli.ts"], { cwd: root, stdio: "inherit" });
  // A failed bundle must stop `npm start` before `next start` serves a build without its CLI;
  // the child's exit status is passed on (1 when it was killed by a signal).
  if (cli.status !== 0) process.exit(cli.status ?? 1);
  const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  process.exit(result.status ?? 1);
}
