"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { queryKeys } from "./keys";

export type LiveState = "connecting" | "live" | "offline";

/**
 * Keeps a project's open pages current: listens to the project's server-sent events and, on each
 * one, invalidates the queries an upload or a completed run changes (overview, runs, triage, tests).
 * Several events within a moment cause one refetch. EventSource reconnects by itself.
 */
export function useLiveProject(slug: string): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const source = new EventSource(`/api/v1/projects/${encodeURIComponent(slug)}/events`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => setState("live");
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    source.onmessage = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const queryKey of queryKeys.live(slug)) void queryClient.invalidateQueries({ queryKey });
      }, 150);
    };
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [slug, queryClient]);
  return state;
}
