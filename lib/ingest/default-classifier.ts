import { createClassifier, type Classifier } from "./classifier";

/** The default rulebook alone: for the demo loader, offline parsing and tests. Ingestion into a project uses `loadProjectClassifier` (lib/db/rules.ts). */
export const defaultClassifier: Classifier = createClassifier();
