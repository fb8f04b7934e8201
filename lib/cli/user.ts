// `greenboard user`: accounts for scripted installs, straight against the database (like `token`).
// The password never goes on the command line (shell history, `ps`): it comes from stdin or
// GREENBOARD_PASSWORD.
import { parseArgs } from "node:util";
import { AccountInput, createAccount, listAccounts } from "@/lib/auth/accounts";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/auth/access";
import { ApiError } from "@/lib/api/errors";
import type { Database } from "@/lib/db/connection";
import { DatabaseLockedError } from "@/lib/db/pglite-lock";
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE, type CliIo } from "./io";
import { openAdminDatabase } from "./token";

export const USER_USAGE = `Usage: greenboard user create --email EMAIL [--name NAME] [--admin] [--project SLUG --role ROLE] [--password-stdin]
       greenboard user list

Manages accounts in the database DATABASE_URL names (default: the embedded database in .data/pglite).

  create   Creates an account with a password. The password is read from stdin with
           --password-stdin, else from the environment variable GREENBOARD_PASSWORD
           (at least 10 characters); it is never an argument.
  list     Lists accounts, their instance-admin flag and project roles

Options:
  --email EMAIL      The account's e-mail address (its sign-in name)
  --name NAME        Display name (default: the part of the address before @)
  --admin            Make the account an instance admin (creates projects, manages accounts)
  --project SLUG     Also make it a member of this project …
  --role ROLE        … with this role: ${PROJECT_ROLES.join(", ")}
  --password-stdin   Read the password from the first line of stdin
  -h, --help         Show this help

The embedded database allows one process at a time: stop the server first, or use PostgreSQL.
Exit status: 0 on success, 1 when the command failed, 64 for bad usage.
`;

type Env = Readonly<Record<string, string | undefined>>;
class UsageError extends Error {}

function parseUserArgs(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        admin: { type: "boolean", default: false },
        project: { type: "string" },
        role: { type: "string" },
        "password-stdin": { type: "boolean", default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, ...rest] = positionals;
    if (action !== "create" && action !== "list") throw new UsageError(action ? `unknown action ${JSON.stringify(action)}` : "no action given");
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    if (action === "create" && !values.email) throw new UsageError("--email EMAIL is required");
    if (Boolean(values.project) !== Boolean(values.role)) throw new UsageError("--project and --role go together");
    if (values.role && !(PROJECT_ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${PROJECT_ROLES.join(", ")}`);
    return { action, ...values, role: values.role as ProjectRole | undefined };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function readFirstLine(stdin: AsyncIterable<Buffer | string>): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0] ?? "";
}

export async function runUser(args: string[], io: CliIo, deps: { env: Env; stdin?: AsyncIterable<Buffer | string> } = { env: process.env, stdin: process.stdin }): Promise<number> {
  let parsed: ReturnType<typeof parseUserArgs>;
  try {
    parsed = parseUserArgs(args);
  } catch (error) {
    await io.stderr.write(`greenboard user: ${(error as Error).message}\n\n${USER_USAGE}`);
    return EXIT_USAGE;
  }
  let password = "";
  if (parsed.action === "create") {
    password = parsed["password-stdin"] ? await readFirstLine(deps.stdin ?? process.stdin) : (deps.env.GREENBOARD_PASSWORD ?? "");
    const check = AccountInput.shape.password.safeParse(password);
    if (!password || !check.success) {
      await io.stderr.write(`greenboard user: give a password of at least 10 characters with --password-stdin or GREENBOARD_PASSWORD\n`);
      return EXIT_USAGE;
    }
  }
  let db: Database;
  try {
    db = await openAdminDatabase(deps.env, io.cwd, "user");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await io.stderr.write(
      error instanceof DatabaseLockedError
        ? `greenboard user: ${reason}\nAdmin commands cannot share the embedded database with a running server. Stop the server and run this again, or invite the account from the Accounts page.\n`
        : `greenboard user: cannot open the database: ${reason}\n`,
    );
    return EXIT_ERROR;
  }
  try {
    if (parsed.action === "list") {
      const accounts = await listAccounts(db.prisma);
      if (accounts.length === 0) await io.stdout.write("No accounts yet: open the server's /setup page or run `greenboard user create --admin`.\n");
      for (const a of accounts) {
        await io.stdout.write(`${a.email}\t${a.name}\t${a.instanceAdmin ? "instance admin" : "-"}\t${a.projects.map((p) => `${p.slug}:${p.role}`).join(",") || "-"}\n`);
      }
      return EXIT_OK;
    }
    const email = parsed.email as string;
    let membership: { projectId: string; role: ProjectRole } | undefined;
    if (parsed.project && parsed.role) {
      const project = await db.prisma.project.findUnique({ where: { slug: parsed.project }, select: { id: true } });
      if (!project) throw new ApiError("not_found", `no project with the slug ${parsed.project}`);
      membership = { projectId: project.id, role: parsed.role };
    }
    const user = await createAccount(
      db.prisma,
      { email, name: parsed.name?.trim() || email.split("@")[0] || email, password },
      { instanceAdmin: parsed.admin, membership, actor: "greenboard user create" },
    );
    await io.stdout.write(`Created account ${user.email}${user.instanceAdmin ? " (instance admin)" : ""}${membership ? ` as ${parsed.role} of ${parsed.project}` : ""}.\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ApiError) {
      await io.stderr.write(`greenboard user: ${error.message}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof Error && error.name === "ZodError") {
      await io.stderr.write(`greenboard user: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  } finally {
    await db.close();
  }
}
