// `node dist/server.js --stdio`: the language server entry of the bundle.
import { runStdioServer } from './stdio';

if (require.main === module) {
  if (!process.argv.includes('--stdio')) {
    process.stderr.write('usage: node server.js --stdio\n');
    process.exit(2);
  }
  runStdioServer();
}
