/** The input style the settings pages share. */
export const FIELD =
  "rounded-lg border border-border bg-card px-3 py-2 text-sm shadow-sm outline-none focus:border-green-500 focus:ring-2 focus:ring-green-500/20";
