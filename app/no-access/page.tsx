import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-form";
import { currentUser } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "No access" };

export default async function NoAccessPage({ searchParams }: { searchParams: Promise<{ project?: string; needed?: string }> }) {
  const [{ project, needed }, user] = await Promise.all([searchParams, currentUser()]);
  return (
    <AuthShell
      title="You don't have access to this page"
      intro={
        project
          ? `It takes the ${needed ?? "viewer"} role in project "${project}". Ask one of its admins to add ${user ? user.email : "you"}.`
          : "It is for instance admins."
      }
    >
      <Link className="text-sm text-accent underline" href="/">Back to your projects</Link>
    </AuthShell>
  );
}
