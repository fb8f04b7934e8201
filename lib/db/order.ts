import { z } from "zod";

/**
 * A new order must name every current id exactly once; otherwise a 400 (ZodError) on `ruleIds`
 * saying which ids are unknown and which were left out.
 */
export function assertCompleteOrder(currentIds: readonly string[], ruleIds: readonly string[], what: string): void {
  const known = new Set(currentIds);
  const given = new Set(ruleIds);
  const unknown = ruleIds.filter((id) => !known.has(id));
  const left = currentIds.filter((id) => !given.has(id));
  if (unknown.length === 0 && left.length === 0 && given.size === ruleIds.length) return;
  throw new z.ZodError([
    {
      code: "custom",
      path: ["ruleIds"],
      message: `ruleIds must list every ${what} of the project exactly once${unknown.length > 0 ? `; unknown: ${unknown.join(", ")}` : ""}${left.length > 0 ? `; not listed: ${left.join(", ")}` : ""}`,
      input: ruleIds,
    },
  ]);
}
