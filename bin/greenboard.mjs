#!/usr/bin/env node
// The `greenboard` command. Plain JS so it runs straight after `npm install`: tsx compiles the
// TypeScript CLI on the fly. The tsconfig is named explicitly because tsx would otherwise look
// for one in the caller's working directory, where the `@/…` paths would not resolve.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });

// `greenboard parse --json … | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
