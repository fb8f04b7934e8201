import Link from "next/link";

export default function ProjectNotFound() {
  return (
    <div className="mx-auto max-w-7xl px-6 py-8">
      <div className="rounded-xl border border-border bg-card px-5 py-6" data-testid="not-found">
        <h1 className="text-lg font-semibold">Not found</h1>
        <p className="mt-1 text-sm text-muted">This project, run, test or failure group does not exist (it may have been deleted).</p>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-green-700 hover:underline">← All projects</Link>
      </div>
    </div>
  );
}
