// A language server that answers `initialize` and then dies: the e2e test points
// apkbuild.server.path at it. Each start appends a line to $CRASHING_SERVER_LOG.
const fs = require('node:fs');
if (process.env.CRASHING_SERVER_LOG) fs.appendFileSync(process.env.CRASHING_SERVER_LOG, 'started\n');
let buffer = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const header = buffer.indexOf('\r\n\r\n');
    if (header < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())[1]);
    if (buffer.length < header + 4 + length) return;
    const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString());
    buffer = buffer.subarray(header + 4 + length);
    if (message.method === 'initialize') {
      const body = JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { capabilities: { textDocumentSync: 1 } } });
      process.stdout.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    if (message.method === 'initialized') setTimeout(() => process.exit(3), 200);
  }
});
