import { jsonFormatter } from './json';
import { textFormatter } from './text';
import { Formatter } from './types';

const FORMATTERS: Formatter[] = [textFormatter, jsonFormatter];

export const FORMAT_NAMES = FORMATTERS.map((f) => f.name);

export function formatterFor(name: string): Formatter | undefined {
  return FORMATTERS.find((f) => f.name === name);
}
