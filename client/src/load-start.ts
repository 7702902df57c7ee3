// Imported first by extension.ts, so this runs before the language client's modules load.
export const LOAD_START = performance.now();
