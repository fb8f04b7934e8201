// Filled by the database test harness (lib/db/testing). Kept as a no-op entry point until then.
export default async function setup() {}
