// Adapters that make wiring an LSP request to a pure feature a one-liner, and keep a failing
// feature from taking the server down.
import type { Connection } from 'vscode-languageserver';
import type { FeatureDocument } from '../features/document';
import type { DocumentStore } from './document-store';

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/**
 * A handler for any request whose params name a text document: the feature gets the analysed
 * document, or the request is answered with `fallback` when the document is not open or the
 * feature throws (the error is logged through window/logMessage).
 */
export function onDocument<P extends { textDocument: { uri: string } }, R, F>(
  connection: Connection,
  store: DocumentStore,
  fallback: F,
  feature: (doc: FeatureDocument, params: P) => R,
): (params: P) => R | F {
  return (params) => {
    const uri = params?.textDocument?.uri;
    const doc = typeof uri === 'string' ? store.get(uri) : undefined;
    if (!doc) return fallback;
    try {
      return feature(doc, params);
    } catch (e) {
      connection.console.error(`${uri}: ${errorText(e)}`);
      return fallback;
    }
  };
}
