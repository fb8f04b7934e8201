// The CLI as served at /cli/greenboard.mjs: `greenboard upload` alone, so CI machines run it with
// plain Node and no install. scripts/build-cli.ts bundles this module (and only what it imports:
// no Prisma, no PGlite, no parser) into one dependency-free file.
import { EXIT_OK, EXIT_USAGE, processIo, type CliIo } from "./io";
import { runUpload, UPLOAD_USAGE } from "./upload";

const HELP = `Usage: node greenboard.mjs upload [options] FILE|DIR|GLOB...

The Greenboard upload command as a single file. The full CLI (parse, token) comes with the
greenboard package.

${UPLOAD_USAGE}`;

export async function standaloneMain(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    await io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (name !== "upload") {
    await io.stderr.write(`${name === undefined ? "" : `greenboard: this file only has the upload command (got ${JSON.stringify(name)})\n\n`}${HELP}`);
    return EXIT_USAGE;
  }
  const flags = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
  if (flags.includes("--help") || flags.includes("-h")) {
    await io.stdout.write(UPLOAD_USAGE);
    return EXIT_OK;
  }
  return runUpload(args, io);
}
