// How a build log line is shown in a terminal: container paths turned into host paths (so that
// they can be clicked and matched), abuild's messages coloured as abuild colours them.
import { CONTAINER_APORTS } from './entry-script';
import { stripAnsi } from './log-parser';

const RED = '\x1b[1;31m';
const YELLOW = '\x1b[1;33m';
const GREEN = '\x1b[1;32m';
const BOLD = '\x1b[1;39m';
const RESET = '\x1b[0m';

export function hostPaths(line: string, aportsDir: string): string {
  return line.split(CONTAINER_APORTS + '/').join(aportsDir.replace(/\/$/, '') + '/');
}

export function colorize(line: string): string {
  const plain = stripAnsi(line);
  if (plain.startsWith('>>> ERROR:')) return `${RED}>>> ERROR:${BOLD}${plain.slice(10)}${RESET}`;
  if (plain.startsWith('>>> WARNING:')) return `${YELLOW}>>> WARNING:${BOLD}${plain.slice(12)}${RESET}`;
  if (plain.startsWith('>>> ')) return `${GREEN}>>> ${BOLD}${plain.slice(4)}${RESET}`;
  if (/APKBUILD: line \d+: /.test(plain) || /:\d+:(\d+:)? (fatal )?error: /.test(plain)) return `${RED}${plain}${RESET}`;
  return plain;
}

/** A terminal line: CRLF, since a pseudoterminal does no newline translation. */
export function terminalLine(line: string, aportsDir: string, prefix = ''): string {
  return `${prefix}${colorize(hostPaths(line, aportsDir))}\r\n`;
}
