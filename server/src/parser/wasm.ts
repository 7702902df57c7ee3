import * as fs from 'node:fs';
import * as path from 'node:path';

/** The grammar and runtime wasm files, found next to the bundle (dist/) or in node_modules. */
export interface WasmPaths {
  runtime: string;
  bash: string;
}

function firstExisting(candidates: (() => string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    let file: string | undefined;
    try {
      file = candidate();
    } catch {
      continue;
    }
    if (file && fs.existsSync(file)) return file;
  }
  return undefined;
}

export function locateWasm(): WasmPaths {
  const runtime = firstExisting([
    () => path.join(__dirname, 'tree-sitter.wasm'),
    () => require.resolve('web-tree-sitter/tree-sitter.wasm'),
  ]);
  const bash = firstExisting([
    () => path.join(__dirname, 'tree-sitter-bash.wasm'),
    () => require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
  ]);
  if (!runtime || !bash) {
    throw new Error(
      `cannot find ${!runtime ? 'tree-sitter.wasm' : 'tree-sitter-bash.wasm'} next to ${__dirname} or in node_modules`,
    );
  }
  return { runtime, bash };
}
