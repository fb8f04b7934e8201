/** JSON from the app's API; a problem+json response becomes an Error carrying its `detail`. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}), ...init?.headers } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { detail?: string; errors?: { message: string }[] } | null;
    throw new Error(problem?.errors?.[0]?.message ?? problem?.detail ?? `${response.status} ${response.statusText}`);
  }
  // 204 No Content (a delete): nothing to parse.
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
