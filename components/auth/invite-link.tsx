"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A link shown once (invite, password reset): copy it and hand it over; it is not stored in clear. */
export function OneTimeLink({ url, note, testId }: { url: string; note: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="grid gap-2 rounded-lg border border-green-200 bg-green-50 p-3 text-sm" role="status">
      <p>{note}</p>
      <div className="flex items-center gap-2">
        <code data-testid={testId} className="flex-1 overflow-x-auto whitespace-nowrap rounded bg-card px-2 py-1.5 font-mono text-xs">{url}</code>
        <Button variant="secondary" className="px-3! py-1.5!" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}

export const roleField = "rounded-lg border border-border bg-card px-2.5 py-1.5 text-sm outline-none focus:border-accent focus:ring-2 focus:ring-green-100";
