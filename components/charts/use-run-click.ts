"use client";

import { useRouter } from "next/navigation";
import { runAtIndex } from "./chart-style";

/**
 * A chart's click-through: clicking over a run's position opens `runHref(runId)`. Spread
 * `onClick` on the Recharts chart and `className` on its container (a pointer cursor).
 */
export function useRunClick(data: readonly { runId: string }[], runHref: ((runId: string) => string) | undefined) {
  const router = useRouter();
  return {
    onClick: (state: { activeIndex?: unknown }) => {
      const runId = runAtIndex(data, state.activeIndex);
      if (runId && runHref) router.push(runHref(runId));
    },
    className: runHref ? "[&_.recharts-surface]:cursor-pointer" : "",
  };
}
