"use client";

import { usePathname } from "next/navigation";
import { useCallback } from "react";

/**
 * Puts a list's filters in the URL without a server round trip: Next.js keeps useSearchParams in
 * sync with history.pushState, and the page's queries refetch from their new keys. The URL stays
 * shareable — the server page reads the same params on a fresh load.
 */
export function useSearchNavigation(): (search: string) => void {
  const pathname = usePathname();
  return useCallback((search: string) => window.history.pushState(null, "", `${pathname}${search}`), [pathname]);
}
