// `greenboard token`: admin commands on a project's upload tokens, straight against the database.
// The embedded database (PGlite) allows one process: while the server runs, these refuse with
// the holder's name instead of corrupting it. With PostgreSQL they run alongside the server.
import { parseArgs } from "node:util";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/api/tokens";
import { openDatabase, type Database } from "@/lib/db/connection";
import { migrateDatabase } from "@/lib/db/migrate";
import { DatabaseLockedError } from "@/lib/db/pglite-lock";
import { ensureProject, getProjectBySlug, ProjectInput } from "@/lib/db/projects";
import { resolveDatabaseTarget } from "@/lib/db/url";
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE, type CliIo } from "./io";

export const TOKEN_USAGE = `Usage: greenboard token create --project SLUG [--name NAME]
       greenboard token list --project SLUG
       greenboard token revoke --project SLUG PREFIX

Manages a project's upload tokens in the database DATABASE_URL names (default: the embedded
database in .data/pglite).

  create   Creates the project if it does not exist and a new token; the token is printed once,
           alone on the last line of output (e.g. \`TOKEN=$(greenboard token create … | tail -n 1)\`)
  list     Lists the project's tokens by prefix (the secret is never stored)
  revoke   Revokes the token with this prefix (\`gb_abcd1234\` or \`abcd1234\`)

Options:
  --project SLUG   The project's slug
  --name NAME      A name to tell the token apart (default: "CI upload")
  -h, --help       Show this help

The embedded database allows one process at a time: stop the server first, or use PostgreSQL.
Exit status: 0 on success, 1 when the command failed, 64 for bad usage.
`;

type Env = Readonly<Record<string, string | undefined>>;

class UsageError extends Error {}
class CommandError extends Error {}

function parseTokenArgs(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { project: { type: "string" }, name: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
    const [action, ...rest] = positionals;
    if (action !== "create" && action !== "list" && action !== "revoke") {
      throw new UsageError(action ? `unknown action ${JSON.stringify(action)}` : "no action given");
    }
    if (!values.project) throw new UsageError("--project SLUG is required");
    const slug = ProjectInput.shape.slug.safeParse(values.project);
    if (!slug.success) throw new UsageError(`--project: ${slug.error.issues[0]?.message ?? "not a valid slug"}`);
    if (action === "revoke" && rest.length !== 1) throw new UsageError("revoke takes exactly one token PREFIX");
    if (action !== "revoke" && rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    return { action, project: slug.data, name: values.name?.trim() || "CI upload", prefix: rest[0] ?? "" };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Opens the configured database for an admin command; a fresh embedded directory is migrated first. */
export async function openAdminDatabase(env: Env, cwd: string, command = "token"): Promise<Database> {
  const target = resolveDatabaseTarget(env.DATABASE_URL, cwd);
  const db = await openDatabase(target, { holder: `greenboard ${command} (pid ${process.pid})`, poolSize: 2 });
  // PostgreSQL is migrated by the server's start-up (`npm start`); an admin command must not
  // change the schema under a running server of another version.
  if (target.kind === "pglite") {
    try {
      await migrateDatabase(db.sql);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

function formatDate(date: Date | null): string {
  return date ? date.toISOString().replace("T", " ").slice(0, 16) : "never";
}

async function runAction(parsed: ReturnType<typeof parseTokenArgs>, db: Database, io: CliIo): Promise<number> {
  const prisma = db.prisma;
  if (parsed.action === "create") {
    const { project, created } = await ensureProject(prisma, parsed.project);
    if (created) await io.stdout.write(`Created project ${project.slug}.\n`);
    const token = await createApiToken(prisma, project.id, parsed.name);
    await io.stdout.write(
      `Created upload token "${token.name}" (gb_${token.prefix}) for project ${project.slug}. ` +
        `It is shown once; store it as the CI secret GREENBOARD_TOKEN:\n${token.token}\n`,
    );
    return EXIT_OK;
  }
  const project = await getProjectBySlug(prisma, parsed.project);
  if (!project) throw new CommandError(`no project with the slug ${parsed.project}`);
  if (parsed.action === "list") {
    const tokens = await listApiTokens(prisma, project.id);
    if (tokens.length === 0) {
      await io.stdout.write(`Project ${project.slug} has no upload tokens.\n`);
      return EXIT_OK;
    }
    const rows = tokens.map((t) => [`gb_${t.prefix}`, t.name, formatDate(t.createdAt), formatDate(t.lastUsedAt), t.revokedAt ? `revoked ${formatDate(t.revokedAt)}` : "active"]);
    const header = ["PREFIX", "NAME", "CREATED", "LAST USED", "STATUS"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
    await io.stdout.write([line(header), ...rows.map(line)].join("\n") + "\n");
    return EXIT_OK;
  }
  const revoked = await revokeApiToken(prisma, project.id, parsed.prefix);
  if (revoked.length === 0) throw new CommandError(`project ${project.slug} has no active token ${parsed.prefix}`);
  for (const token of revoked) await io.stdout.write(`Revoked upload token "${token.name}" (gb_${token.prefix}) of project ${project.slug}.\n`);
  return EXIT_OK;
}

/** Runs `greenboard token` with the arguments after `token`; resolves to the exit code. */
export async function runToken(args: string[], io: CliIo, deps: { env: Env } = { env: process.env }): Promise<number> {
  let parsed: ReturnType<typeof parseTokenArgs>;
  try {
    parsed = parseTokenArgs(args);
  } catch (error) {
    await io.stderr.write(`greenboard token: ${(error as Error).message}\n\n${TOKEN_USAGE}`);
    return EXIT_USAGE;
  }
  let db: Database;
  try {
    db = await openAdminDatabase(deps.env, io.cwd);
  } catch (error) {
    if (!(error instanceof DatabaseLockedError)) {
      await io.stderr.write(`greenboard token: cannot open the database: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_ERROR;
    }
    await io.stderr.write(
      `greenboard token: ${error.message}\n` +
        `Admin commands cannot share the embedded database with a running server. Stop the server and run this again, ` +
        `or run Greenboard on PostgreSQL (DATABASE_URL=postgres://…).\n`,
    );
    return EXIT_ERROR;
  }
  try {
    return await runAction(parsed, db, io);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    await io.stderr.write(`greenboard token: ${error.message}\n`);
    return EXIT_ERROR;
  } finally {
    await db.close();
  }
}
