-- AlterTable
ALTER TABLE "classification_rules" ADD COLUMN     "caseSensitive" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "dotAll" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "run_test_files" (
    "runId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "commentedOut" BOOLEAN,

    CONSTRAINT "run_test_files_pkey" PRIMARY KEY ("runId","path")
);

-- AddForeignKey
ALTER TABLE "run_test_files" ADD CONSTRAINT "run_test_files_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
