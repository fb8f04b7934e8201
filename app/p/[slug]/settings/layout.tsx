import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <main className="mx-auto max-w-5xl px-6 py-8">
      <p className="text-sm text-muted">Project</p>
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <SettingsTabs slug={slug} />
      <div className="mt-6">{children}</div>
    </main>
  );
}
