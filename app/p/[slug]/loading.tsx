import { LoadingState } from "@/components/ui/page-state";

// Shown at once while a project page renders on the server (every page prefetches its data).
export default function ProjectLoading() {
  return <LoadingState />;
}
