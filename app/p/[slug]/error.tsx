"use client";

import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/page-state";

// An unexpected failure while rendering a project page; the details are in the server log.
export default function ProjectError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState title="This page could not be loaded" message={error.digest ? `Error reference ${error.digest}` : error.message}>
      <Button type="button" onClick={reset}>Try again</Button>
    </ErrorState>
  );
}
