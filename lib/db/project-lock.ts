import type { TransactionClient } from "@/lib/generated/prisma/internal/prismaNamespace";

/**
 * Serialises the writers of one project's tests, failure groups and results, for the rest of the
 * caller's transaction: uploads (into any of its runs), run completion, and run or project
 * deletion take it first.
 * Two uploads that add the same new tests, or the same new failure fingerprints, in different
 * orders would otherwise each wait on the other's uncommitted rows (a deadlock) — or the second
 * would wait out the first's whole upload anyway; and a run deleted while another run's upload is
 * still storing could take a failure group that upload's results point at (docs/decisions.md).
 */
export async function lockProjectWrites(tx: Pick<TransactionClient, "$executeRawUnsafe">, projectId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, `greenboard:project-writes:${projectId}`);
}
