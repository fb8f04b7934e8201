// `greenboard <command> …`: a table of commands and a dispatcher. To add a command, write
// lib/cli/commands/<name>.ts exporting `command: CliCommand` and add one entry to COMMANDS.
import type { CommandEntry } from "./command";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, processIo, type CliIo } from "./io";

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  parse: {
    summary: "Parse JUnit XML reports or archives and print what they contain (no server needed)",
    load: () => import("./commands/parse"),
  },
  upload: {
    summary: "Upload report files to a Greenboard server (for CI)",
    load: () => import("./commands/upload"),
  },
  token: {
    summary: "Create, list and revoke a project's upload tokens (admin)",
    load: () => import("./commands/token"),
  },
  user: {
    summary: "Create and list accounts, e.g. the first instance admin of a scripted install (admin)",
    load: () => import("./commands/user"),
  },
};

function formatHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((name) => name.length));
  const rows = names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]?.summary ?? ""}`);
  return [
    "Usage: greenboard <command> [options]",
    "",
    "Commands:",
    ...rows,
    "",
    "Run `greenboard <command> --help` for a command's options.",
    "",
  ].join("\n");
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    await io.stderr.write(formatHelp());
    return EXIT_USAGE;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    await io.stdout.write(formatHelp());
    return EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    await io.stderr.write(`greenboard: unknown command ${JSON.stringify(name)}\n\n${formatHelp()}`);
    return EXIT_FAILURE;
  }
  const { command } = await entry.load();
  const flags = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
  if (flags.includes("--help") || flags.includes("-h")) {
    await io.stdout.write(command.usage);
    return EXIT_OK;
  }
  return command.run(args, io);
}
