// The server process of `npm run bench:ingest`: the real upload and job routes behind node:http
// (lib/cli/testing/server), on a database that the bench migrated and gave a token beforehand in
// processes of their own, as a deployment does before `next start`. bench-ingest.ts compiles this
// file with esbuild (packages stay imports from node_modules) and runs it with plain Node, as a
// deployment runs compiled route code: under tsx's loader the same process held ~55 MiB more.
// Usage: node --conditions=react-server <compiled>.mjs '<database target JSON>'. Prints {url} once
// listening; "mark" on stdin restarts the RSS samples and the CPU count; "figures" prints {peakMiB,
// samples, cpuSeconds}; "stop" prints them and exits.
import { createInterface } from "node:readline";
import { startTestServer } from "@/lib/cli/testing/server";
import { setDatabase } from "@/lib/db/client";
import { settleBackgroundJobs } from "@/lib/db/jobs";
import { openDatabase } from "@/lib/db/connection";
import type { DatabaseTarget } from "@/lib/db/url";

const target = JSON.parse(process.argv[2] ?? "") as DatabaseTarget;
const db = await openDatabase(target, { holder: "bench:ingest" });
setDatabase(db);
const server = await startTestServer();
const samples: number[] = [];
const timer = setInterval(() => samples.push(process.memoryUsage.rss() / 1048576), 100);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
let cpuAtMark = process.cpuUsage();
const figures = () => {
  const cpu = process.cpuUsage(cpuAtMark);
  return `${JSON.stringify({ peakMiB: process.resourceUsage().maxRSS / 1024, samples, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`;
};
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "mark") {
    samples.length = 0;
    cpuAtMark = process.cpuUsage();
  }
  if (line === "figures") process.stdout.write(figures());
  if (line === "stop") break;
}
clearInterval(timer);
await server.close();
// The job's last steps (cleanup, live update) may still run after the CLI saw it done.
await settleBackgroundJobs();
await db.close();
// Exit once the figures are written (open handles would otherwise keep it alive until killed):
// --cpu-prof writes its profile on exit.
process.stdout.write(figures(), () => process.exit(0));
