import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES_DOCUMENT } from '../cli/formatters/rule-docs';

/** docs/rules.md of the checkout or package the server runs from, as a file: URI; undefined when absent. */
export function localRulesDocument(from: string = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, RULES_DOCUMENT);
    if (fs.existsSync(candidate)) return pathToFileURL(candidate).href;
    dir = path.dirname(dir);
  }
  return undefined;
}
