// Bundles `greenboard upload` (lib/cli/standalone.ts) into public/cli/greenboard.mjs: one ESM file
// with no dependencies that the app serves at /cli/greenboard.mjs, so a CI step is
// `curl -fsSL $GREENBOARD_URL/cli/greenboard.mjs -o gb.mjs && node gb.mjs upload …`.
// Runs in `npm run build` before `next build`; esbuild comes with tsx.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
export const CLI_BUNDLE_PATH = path.join(root, "public/cli/greenboard.mjs");

const ENTRY = `import { standaloneMain } from "./standalone";
// A reader that closes the pipe early (\`… | head\`) is not an error: stop quietly, as Unix tools do.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
process.exitCode = await standaloneMain(process.argv.slice(2));
`;

export async function buildCliBundle(outfile = CLI_BUNDLE_PATH): Promise<string> {
  await mkdir(path.dirname(outfile), { recursive: true });
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: path.join(root, "lib/cli"), sourcefile: "greenboard-entry.ts", loader: "ts" },
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    legalComments: "inline",
    logLevel: "warning",
    metafile: true,
    // CommonJS dependencies (picomatch) call require() for Node built-ins, which ESM lacks.
    banner: {
      js: [
        "#!/usr/bin/env node",
        "// greenboard upload — built from lib/cli by scripts/build-cli.ts; needs Node.js 20 or newer and nothing else.",
        'import { createRequire as __greenboardCreateRequire } from "node:module";',
        "const require = __greenboardCreateRequire(import.meta.url);",
      ].join("\n"),
    },
  });
  const inputs = Object.keys(result.metafile.inputs);
  // A guard against an import that would drag the server in: the bundle must stay small and standalone.
  const forbidden = inputs.filter((input) => /prisma|pglite|lib\/db\/|lib\/ingest\/|lib\/junit\//.test(input));
  if (forbidden.length > 0) throw new Error(`The CLI bundle must not include ${forbidden.join(", ")}`);
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outfile = await buildCliBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`Built ${path.relative(process.cwd(), outfile)}`);
}
