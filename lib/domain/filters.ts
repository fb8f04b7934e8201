// Filters of the dashboard's lists as they appear in the URL, so a link shows what its sender saw.
// Shared by route handlers, server pages and client components (no server-only imports here).
import { z } from "zod";
import { CATEGORIES, GROUP_STATUSES, OPEN_GROUP_STATUSES, RESULT_STATUSES, type GroupStatus } from "./vocabulary";

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** Runs list: `?branch=&page=`. */
export const RunListFilters = z.object({ branch: optionalText(200), page });
export type RunListFilters = z.infer<typeof RunListFilters>;

export const RESULT_SORTS = ["status", "duration", "name"] as const;
export type ResultSort = (typeof RESULT_SORTS)[number];

/** A run's results table: `?status=&category=&q=&sort=&page=`. */
export const ResultFilters = z.object({
  status: z.enum(RESULT_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  q: optionalText(200),
  sort: z.enum(RESULT_SORTS).default("status"),
  page,
});
export type ResultFilters = z.infer<typeof ResultFilters>;

/**
 * The triage queue: `?status=&category=&team=&branch=&page=`. `status` is a comma list
 * (default: the open statuses) or `all`; `team` is a team slug or `unassigned`.
 */
export const GroupFilters = z.object({
  status: z
    .string()
    .optional()
    .transform((value, ctx): GroupStatus[] => {
      if (!value) return [...OPEN_GROUP_STATUSES];
      if (value === "all") return [...GROUP_STATUSES];
      const parts = [...new Set(value.split(",").map((s) => s.trim()).filter(Boolean))];
      const bad = parts.filter((s) => !(GROUP_STATUSES as readonly string[]).includes(s));
      if (bad.length > 0) ctx.addIssue({ code: "custom", message: `Unknown status: ${bad.join(", ")}` });
      // Vocabulary order, so equal selections give equal URLs and query keys.
      return GROUP_STATUSES.filter((s) => parts.includes(s));
    }),
  category: z.enum(CATEGORIES).optional(),
  team: optionalText(100),
  branch: optionalText(200),
  page,
});
export type GroupFilters = z.infer<typeof GroupFilters>;

/** The flaky tests list: `?branch=` (default: the project's default branch). */
export const FlakyFilters = z.object({ branch: optionalText(200) });
export type FlakyFilters = z.infer<typeof FlakyFilters>;

type SearchInput = URLSearchParams | Record<string, string | string[] | undefined>;

function plain(input: SearchInput): Record<string, string> {
  if (input instanceof URLSearchParams) return Object.fromEntries(input);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

/** For pages: filters from the URL, dropping any invalid one (a hand-edited link still opens). API routes parse strictly instead. */
export function filtersFromSearch<Schema extends z.ZodObject>(schema: Schema, input: SearchInput): z.infer<Schema> {
  const values = plain(input);
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
  return schema.parse(Object.fromEntries(Object.entries(values).filter(([key]) => !bad.has(key))));
}

/** The query string of filters, without defaults, in a stable order. */
export function searchOf(values: Record<string, string | number | readonly string[] | undefined | null>, defaults: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined || raw === null) continue;
    const value = Array.isArray(raw) ? raw.join(",") : String(raw);
    if (value === "" || value === String(defaults[key] ?? "")) continue;
    params.set(key, value);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}
