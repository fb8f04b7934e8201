// npm run demo — loads the Golden Path demo data into the database DATABASE_URL names.
// On the embedded database this must run while the server is stopped (PGlite is single-process);
// with the server running, use "Load demo data" on the onboarding page instead.
import { openDatabase } from "@/lib/db/connection";
import { DatabaseLockedError } from "@/lib/db/pglite-lock";
import { resolveDatabaseTarget } from "@/lib/db/url";
import { DemoAlreadyLoadedError, loadDemoData } from "@/lib/demo/load";
import { getEnv } from "@/lib/env.mjs";
import { defaultClassifier } from "@/lib/ingest/default-classifier";

async function main() {
  const db = await openDatabase(resolveDatabaseTarget(getEnv().DATABASE_URL), { holder: "npm run demo" });
  try {
    const loaded = await loadDemoData(db.prisma, {
      classifier: defaultClassifier,
      onProgress: (done, total) => process.stdout.write(`\rIngesting demo runs: ${done}/${total}`),
    });
    console.log(`\nLoaded ${loaded.runs} runs (${loaded.results} results) into project "${loaded.projectSlug}".`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseLockedError) {
    console.error(`${error.message}\nWith the server running, use "Load demo data" on the onboarding page instead.`);
  } else if (error instanceof DemoAlreadyLoadedError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
