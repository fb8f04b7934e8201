import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { notePgClientReleased, registerPgClient } from "./pg-copy";
import { notePgliteTransaction } from "./pglite-direct";
import type { DatabaseTarget } from "./url";

/** pg type oids that adapter-pg cannot map (prisma/orm#27403): `name` (19) and `char` (18). */
const NAME_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type FieldLike = { dataTypeID: number };
type ResultLike = { fields?: FieldLike[] };

function presentNameAsText<T>(result: T): T {
  const fields = (result as ResultLike | undefined)?.fields;
  if (fields) for (const field of fields) if (NAME_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  return result;
}

/**
 * A pg client whose results report PostgreSQL's internal `name`/`char` columns as text.
 * The migration engine reads catalog tables with those types; without this, migrating
 * through @prisma/adapter-pg fails with UnsupportedNativeDataType (prisma/orm#27403).
 */
class CatalogTextClient extends pg.Client {
  // pg's overloads differ in callback vs promise form; we forward both unchanged.
  query(...args: unknown[]): never {
    const last = args[args.length - 1];
    const callback = typeof last === "function" ? (args.pop() as (err: Error | null, res?: unknown) => void) : null;
    const superQuery = super.query as unknown as (...a: unknown[]) => Promise<unknown>;
    const promise = superQuery.apply(this, args).then(presentNameAsText);
    if (callback) {
      promise.then((res) => callback(null, res), (err: Error) => callback(err));
      return undefined as never;
    }
    return promise as never;
  }
}

export function createPgPool(url: string, options: { max?: number; forMigrations?: boolean } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.forMigrations ? { Client: CatalogTextClient } : {}),
  });
  // An idle client whose server connection dies (PostgreSQL restarted, connection terminated) emits
  // on the pool; unhandled, that would crash the process. The pool replaces the client on next use.
  pool.on("error", (error) => console.warn(`[db] idle PostgreSQL connection lost: ${error.message}`));
  // Known by backend pid, so bulk ingestion can COPY on the connection its transaction runs on.
  pool.on("connect", registerPgClient);
  pool.on("release", (_error: Error | undefined, client: pg.PoolClient) => notePgClientReleased(client));
  return pool;
}

// PGlite and its adapter are loaded when an embedded database is opened: a server on PostgreSQL
// does not carry them.
// `sharedBuffersMb`: GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB, which openDatabase reads; a migration
// (a short-lived process of its own) keeps PostgreSQL's default.
export async function openPglite(dataDir: string, options: { sharedBuffersMb?: number } = {}): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const sharedBuffers = `shared_buffers=${options.sharedBuffersMb ?? 128}MB`;
  // random_page_cost 1.1, as for a database on SSD: the data directory is a local one the OS
  // caches, and at the default 4 the planner, once it had statistics (maintenance.ts), scanned a
  // 600,000-result table twice to compare two runs rather than going through their index
  // (~250 → ~450 ms, bench:read's data, ad hoc; with 1.1, ~250).
  const db = new PGlite({ dataDir, startParams: [...PGlite.defaultStartParams, "-c", sharedBuffers, "-c", "random_page_cost=1.1"] });
  await db.waitReady;
  return db;
}

/**
 * The adapter factory for the Prisma CLI (migrate): the same database the app would open.
 * The CLI disposes the adapter when it is done but neither adapter releases its resources on
 * dispose, which keeps the CLI process alive; ours close the PGlite instance / pg pool there.
 */
export async function createMigrationAdapter(target: DatabaseTarget): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (target.kind === "postgres") {
    const pool = createPgPool(target.url, { max: 2, forMigrations: true });
    return closingOnDispose(new PrismaPg(pool), () => pool.end());
  }
  const db = await openPglite(target.dataDir);
  return closingOnDispose(await pgliteAdapterFactory(db), () => db.close());
}

/**
 * pglite-prisma-adapter 0.6 is typed against @prisma/driver-adapter-utils 6.10, whose `argTypes`
 * shape differs from 6.19's. It never reads `argTypes` (PGlite infers parameter types from the
 * SQL), so the runtime contract holds; only the declared types disagree.
 */
export async function pgliteAdapterFactory(db: PGlite): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const factory = new PrismaPGlite(db);
  // Each interactive transaction's PGlite transaction is noted, so bulk ingestion can run its
  // statements on it directly (pglite-direct.ts). The adapter keeps it as the wrapper's `client`.
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: Parameters<typeof start>) => {
      const started = await start(...args);
      const client = (started as unknown as { client?: Transaction }).client;
      if (client && typeof client.query === "function") notePgliteTransaction(client);
      return started;
    };
    return adapter;
  };
  return factory as unknown as SqlMigrationAwareDriverAdapterFactory;
}

function closingOnDispose(
  factory: SqlMigrationAwareDriverAdapterFactory,
  release: () => Promise<void>,
): SqlMigrationAwareDriverAdapterFactory {
  let released: Promise<void> | null = null;
  const releaseOnce = () => (released ??= release());
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connectToShadowDb: () => factory.connectToShadowDb(),
    async connect() {
      const adapter = await factory.connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await releaseOnce();
      };
      return adapter;
    },
  };
}
