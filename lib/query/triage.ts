"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { searchOf, type GroupFilters } from "@/lib/domain/filters";
import type { GroupStatus } from "@/lib/domain/vocabulary";
import type { GroupDetail, GroupList, UpdateGroupResult } from "@/lib/db/triage";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

const groupsApi = (slug: string) => `/api/v1/projects/${encodeURIComponent(slug)}/groups`;

/** The URL form of the status filter: the default (open statuses) is left out. */
export function groupSearch(filters: GroupFilters): string {
  const status = filters.status.join(",");
  return searchOf({ ...filters, status: status === "new,investigating" ? undefined : status }, { page: 1 });
}

export function useGroupList(slug: string, filters: GroupFilters) {
  return useQuery({
    queryKey: queryKeys.groupList(slug, filters),
    queryFn: () => fetchJson<GroupList>(`${groupsApi(slug)}${groupSearch(filters)}`),
    placeholderData: keepPreviousData,
  });
}

export function useGroupDetail(slug: string, groupId: string) {
  return useQuery({
    queryKey: queryKeys.group(slug, groupId),
    queryFn: () => fetchJson<GroupDetail>(`${groupsApi(slug)}/${encodeURIComponent(groupId)}`),
  });
}

export interface GroupChangeInput {
  status?: GroupStatus;
  assigneeTeamId?: string | null;
  /** `false` gives the group back to the ownership rules. */
  assignedManually?: false;
  externalIssueUrl?: string | null;
}

/** Triage changes touch the queue, the group page, and (through open-group counts) the overview. */
function useInvalidateTriage(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.groups(slug) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.overviews(slug) }),
    ]);
}

export function useUpdateGroup(slug: string, groupId: string) {
  const invalidate = useInvalidateTriage(slug);
  return useMutation({
    mutationFn: (changes: GroupChangeInput) =>
      fetchJson<{ group: UpdateGroupResult }>(`${groupsApi(slug)}/${encodeURIComponent(groupId)}`, { method: "PATCH", body: JSON.stringify(changes) }),
    onSettled: invalidate,
  });
}

export function useAddNote(slug: string, groupId: string) {
  const invalidate = useInvalidateTriage(slug);
  return useMutation({
    mutationFn: (body: string) =>
      fetchJson<{ group: UpdateGroupResult }>(`${groupsApi(slug)}/${encodeURIComponent(groupId)}/notes`, { method: "POST", body: JSON.stringify({ body }) }),
    onSettled: invalidate,
  });
}

export function useBulkUpdateGroups(slug: string) {
  const invalidate = useInvalidateTriage(slug);
  return useMutation({
    mutationFn: (input: { groupIds: string[] } & Omit<GroupChangeInput, "externalIssueUrl" | "assignedManually">) =>
      fetchJson<{ groups: UpdateGroupResult[] }>(`${groupsApi(slug)}/bulk`, { method: "POST", body: JSON.stringify(input) }),
    onSettled: invalidate,
  });
}
