// greenboard user – create and list accounts against the database (scripted installs)
import type { CliCommand } from "../command";
import { runUser, USER_USAGE } from "../user";

export const command: CliCommand = { usage: USER_USAGE, run: (args, io) => runUser(args, io) };
