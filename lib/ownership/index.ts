export * from "./codeowners";
export * from "./patterns";
export * from "./precedence";
