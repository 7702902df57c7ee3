import { githubFormatter } from './github';
import { gitlabFormatter } from './gitlab';
import { jsonFormatter } from './json';
import { rdjsonFormatter } from './rdjson';
import { sarifFormatter } from './sarif';
import { textFormatter } from './text';
import { Formatter } from './types';

/** Every report format of `lint --format`: the editor ones and the merge-request ones. */
export const FORMATTERS: readonly Formatter[] = [textFormatter, jsonFormatter, gitlabFormatter, sarifFormatter, rdjsonFormatter, githubFormatter];

export const FORMAT_NAMES = FORMATTERS.map((f) => f.name);

export function formatterFor(name: string): Formatter | undefined {
  return FORMATTERS.find((f) => f.name === name);
}
