// greenboard token – create, list and revoke a project's upload tokens against the database
import type { CliCommand } from "../command";
import { runToken, TOKEN_USAGE } from "../token";

export const command: CliCommand = { usage: TOKEN_USAGE, run: (args, io) => runToken(args, io) };
