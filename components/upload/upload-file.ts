// One browser upload: XMLHttpRequest, because fetch cannot report upload progress.
import type { UploadRunResponse } from "@/lib/api/runs";

export interface UploadProblem {
  status: number;
  title: string;
  detail: string;
}

export type UploadOutcome = { ok: true; status: number; body: UploadRunResponse } | { ok: false; problem: UploadProblem };

export interface UploadFields {
  runKey: string;
  branch?: string;
  commit?: string;
  completed?: boolean;
}

/** Sends one file (metadata fields first: the API checks them before the first file byte). */
export function uploadFile(url: string, file: File, fields: UploadFields, onProgress: (fraction: number) => void): Promise<UploadOutcome> {
  const form = new FormData();
  form.append("runKey", fields.runKey);
  if (fields.branch) form.append("branch", fields.branch);
  if (fields.commit) form.append("commit", fields.commit);
  if (fields.completed) form.append("completed", "true");
  form.append("files", file, file.name);

  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        onProgress(1);
        resolve({ ok: true, status: xhr.status, body: body as UploadRunResponse });
      } else {
        const problem = (body ?? {}) as Partial<UploadProblem>;
        resolve({ ok: false, problem: { status: xhr.status, title: problem.title ?? xhr.statusText ?? "Upload failed", detail: problem.detail ?? `The server answered ${xhr.status}` } });
      }
    };
    xhr.onerror = () => resolve({ ok: false, problem: { status: 0, title: "Network error", detail: "The server could not be reached" } });
    xhr.send(form);
  });
}
