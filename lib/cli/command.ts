import type { CliIo } from "./io";

/** One `greenboard <name>` command: `lib/cli/commands/<name>.ts` exports it as `command`. */
export interface CliCommand {
  /** Printed by `greenboard <name> --help` and after a usage error. */
  usage: string;
  /** Receives the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CommandEntry {
  /** One line for `greenboard --help`. */
  summary: string;
  /** Loaded on demand so one command's dependencies (Prisma, the network) never slow another. */
  load(): Promise<{ command: CliCommand }>;
}
