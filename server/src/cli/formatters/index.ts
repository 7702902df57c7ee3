export { FORMATTERS, FORMAT_NAMES, formatterFor } from './all';
