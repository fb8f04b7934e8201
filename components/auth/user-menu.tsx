"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";

/** Who is signed in, their role here, and the way out. Anonymous readers (public read) get a sign-in link. */
export function UserMenu({ user, role, next }: { user: { name: string; email: string; instanceAdmin: boolean } | null; role: string | null; next: string }) {
  const router = useRouter();
  if (!user) {
    return (
      <Link href={`/login?next=${encodeURIComponent(next)}`} className="block rounded-md px-3 py-2 text-sm text-accent hover:bg-slate-50">
        Sign in
      </Link>
    );
  }
  return (
    <div className="grid min-w-0 gap-1 text-sm" data-testid="user-menu">
      <div className="min-w-0 px-3">
        <div className="truncate font-medium" title={user.email}>{user.name}</div>
        <div className="truncate text-xs text-muted" title={user.email}>{user.email}</div>
        {role && <div className="text-xs text-muted" data-testid="project-role">{user.instanceAdmin ? "instance admin" : role}</div>}
      </div>
      {user.instanceAdmin && (
        <Link href="/admin/accounts" className="rounded-md px-3 py-1.5 text-muted hover:bg-slate-50 hover:text-foreground">Accounts</Link>
      )}
      <button
        type="button"
        className="rounded-md px-3 py-1.5 text-left text-muted hover:bg-slate-50 hover:text-foreground"
        onClick={async () => {
          await authClient.signOut();
          router.replace("/login");
          router.refresh();
        }}
      >
        Sign out
      </button>
    </div>
  );
}
