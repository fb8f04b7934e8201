-- Issue 7, teams and ownership: a path rule may have no owner (a CODEOWNERS line without owners
-- un-owns what it matches), and a rule records where it came from (a CODEOWNERS import).
-- AlterTable
ALTER TABLE "ownership_rules" ALTER COLUMN "teamId" DROP NOT NULL,
ADD COLUMN     "source" TEXT;
