/** Thrown by lib/db query functions when an id named by the caller does not exist (or is not in the project). */
export class NotFoundError extends Error {
  constructor(
    readonly entity: "project" | "run" | "failure-group" | "team",
    message: string,
  ) {
    super(message);
    this.name = "NotFoundError";
  }
}
