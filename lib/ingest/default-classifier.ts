import { unclassified, type Classifier } from "./classifier";

/** The classifier the app uses for uploads, the demo loader and run completion. */
export const defaultClassifier: Classifier = unclassified;
