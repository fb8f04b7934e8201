// greenboard parse – print what the parser sees in report files and archives (no server)
import type { CliCommand } from "../command";
import { PARSE_USAGE, runParse } from "../parse";

export const command: CliCommand = { usage: PARSE_USAGE, run: runParse };
