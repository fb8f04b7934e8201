"use client";
// Members, invites and accounts: each change refreshes the lists it touches and the audit trail.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ProjectRole } from "@/lib/auth/roles";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

export interface MemberItem { userId: string; email: string; name: string; role: ProjectRole; instanceAdmin: boolean }
export interface AccountItem {
  id: string;
  email: string;
  name: string;
  instanceAdmin: boolean;
  createdAt: string;
  lastSeenAt: string | null;
  projects: { slug: string; role: ProjectRole }[];
}
export interface AccountEventItem { id: string; actor: string; action: string; target: string | null; note: string | null; createdAt: string }
export interface InviteLink { url: string; expiresAt: string }

const members = (slug: string) => `/api/v1/projects/${encodeURIComponent(slug)}/members`;

export function useMembers(slug: string) {
  return useQuery({ queryKey: queryKeys.members(slug), queryFn: () => fetchJson<{ members: MemberItem[] }>(members(slug)) });
}

function useMembersChanged(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.members(slug) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.audit(slug) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.settings(slug) }),
    ]);
}

export function useSetMember(slug: string) {
  const queryClient = useQueryClient();
  const changed = useMembersChanged(slug);
  return useMutation({
    mutationFn: (input: { email: string; role: ProjectRole }) => fetchJson<{ members: MemberItem[] }>(members(slug), { method: "PUT", body: JSON.stringify(input) }),
    onSuccess: (data) => queryClient.setQueryData(queryKeys.members(slug), data),
    onSettled: changed,
  });
}

export function useRemoveMember(slug: string) {
  const changed = useMembersChanged(slug);
  return useMutation({
    mutationFn: (userId: string) => fetchJson<null>(`${members(slug)}/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSettled: changed,
  });
}

export function useProjectInvite(slug: string) {
  const changed = useMembersChanged(slug);
  return useMutation({
    mutationFn: (input: { email?: string; role: ProjectRole }) =>
      fetchJson<InviteLink>(`/api/v1/projects/${encodeURIComponent(slug)}/invites`, { method: "POST", body: JSON.stringify(input) }),
    onSettled: changed,
  });
}

export function useAccounts() {
  return useQuery({ queryKey: queryKeys.accounts(), queryFn: () => fetchJson<{ accounts: AccountItem[]; events: AccountEventItem[] }>("/api/v1/accounts") });
}

function useAccountsChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.accounts() });
}

export function useAccountInvite() {
  const changed = useAccountsChanged();
  return useMutation({
    mutationFn: (input: { email?: string; instanceAdmin: boolean; projectSlug?: string; role?: ProjectRole }) =>
      fetchJson<InviteLink>("/api/v1/accounts/invites", { method: "POST", body: JSON.stringify(input) }),
    onSettled: changed,
  });
}

export function useSetInstanceAdmin() {
  const changed = useAccountsChanged();
  return useMutation({
    mutationFn: ({ userId, instanceAdmin }: { userId: string; instanceAdmin: boolean }) =>
      fetchJson<unknown>(`/api/v1/accounts/${encodeURIComponent(userId)}`, { method: "PATCH", body: JSON.stringify({ instanceAdmin }) }),
    onSettled: changed,
  });
}

export function useDeleteAccount() {
  const changed = useAccountsChanged();
  return useMutation({
    mutationFn: (userId: string) => fetchJson<null>(`/api/v1/accounts/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSettled: changed,
  });
}

export function useResetLink() {
  const changed = useAccountsChanged();
  return useMutation({
    mutationFn: (userId: string) => fetchJson<{ url: string; email: string }>(`/api/v1/accounts/${encodeURIComponent(userId)}/reset-link`, { method: "POST" }),
    onSettled: changed,
  });
}
