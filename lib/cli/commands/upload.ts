// greenboard upload – send report files to a Greenboard server from CI
import type { CliCommand } from "../command";
import { runUpload, UPLOAD_USAGE } from "../upload";

export const command: CliCommand = { usage: UPLOAD_USAGE, run: (args, io) => runUpload(args, io) };
