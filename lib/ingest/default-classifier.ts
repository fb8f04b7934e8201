import { createClassifier, type Classifier } from "./classifier";

/** The default rulebook alone; project rules (stored per project) come with the rules UI. */
export const defaultClassifier: Classifier = createClassifier();
