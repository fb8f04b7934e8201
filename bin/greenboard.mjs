#!/usr/bin/env node
// The `greenboard` command. Plain JS so it runs straight after `npm install`: tsx compiles the
// TypeScript CLI on the fly. The tsconfig is named explicitly because tsx would otherwise look
// for one in the caller's working directory, where the `@/…` paths would not resolve.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The server's modules guard themselves with `import "server-only"`, which loads only under the
// react-server export condition (Next.js sets it for server code); commands such as `user` run
// those modules, so the command runs under that condition too: started without it, it starts
// itself again with it (stdio passed through, its exit status returned).
if (!process.execArgv.includes("--conditions=react-server")) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (child.error) {
    console.error(`greenboard: could not start ${process.execPath}: ${child.error.message}`);
    // Exit now: the rest of this file is the command itself, which must not run without the condition.
    process.exit(1);
  }
  // Ended by a signal (Ctrl-C, a CI timeout): end by the same one, so the caller sees what happened.
  if (child.signal) process.kill(process.pid, child.signal);
  // The child was the command: its exit status is this one's, and nothing below may run again.
  process.exit(child.status ?? 1);
}

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });

// `greenboard parse --json … | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
