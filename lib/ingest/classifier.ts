import { createHash } from "node:crypto";
import type { Category, ResultStatus } from "@/lib/domain/vocabulary";

export interface ClassifierInput {
  status: ResultStatus;
  type: string | null;
  message: string | null;
  trace: string | null;
  file: string | null;
  name: string;
  classname: string | null;
}

export interface Classification {
  category: Category;
  ruleId: string;
  fingerprint: string;
  /** The normalised message: the failure group's signature. */
  title: string;
}

/** What ingestion needs from lib/classify: one verdict per non-passing result. */
export interface Classifier {
  classify(input: ClassifierInput): Classification;
}

/** Placeholder until lib/classify lands: everything is `other`, grouped by type + first message line. */
export const unclassified: Classifier = {
  classify(input) {
    const title = (input.message ?? input.type ?? input.status).split("\n").find((l) => l.trim())?.trim().slice(0, 300) ?? "";
    const fingerprint = createHash("sha256").update(`other\0${input.type ?? ""}\0${title}`).digest("hex").slice(0, 32);
    return { category: "other", ruleId: "default:unmatched", fingerprint, title };
  },
};
