export type ClassifyErrorCode = "invalid-rule" | "duplicate-rule-id" | "invalid-allure-categories";

/** The one error type of lib/classify; `code` lets lib/api map it to a 4xx problem response. */
export class ClassifyError extends Error {
  readonly code: ClassifyErrorCode;
  readonly ruleId: string | null;

  constructor(code: ClassifyErrorCode, message: string, options: { ruleId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ClassifyError";
    this.code = code;
    this.ruleId = options.ruleId ?? null;
  }
}

export function isClassifyError(error: unknown): error is ClassifyError {
  return error instanceof ClassifyError;
}
