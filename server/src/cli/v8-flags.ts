import * as v8 from 'node:v8';

// V8 settings of the CLI (not of the language server, which lives long). Flags are process-wide:
// the worker threads share them.

/**
 * A smaller inlining budget for the optimising compiler (default 920 bytes of bytecode): a lint
 * runs ~100 rule checks and the lexer over each file, and with less inlined into each of them
 * TurboFan spends far less time compiling and recompiling them than it wins back. Aports lint,
 * 2 threads: 7.7 -> 6.95 s CPU; 250 gave 7.15 s, 50 was unsteady (6.9-7.6 s).
 */
export function useSmallInliningBudget(): void {
  v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
}

/**
 * Which of V8's WebAssembly compilers the grammar runs on. A short run (one file, a few dozen)
 * is best on the baseline compiler (Liftoff) alone: TurboFan's background recompilation of the
 * 1.3 MB grammar otherwise holds a finished process open for 0.4-1 s. A long run (a tree linted
 * on worker threads) earns that back: optimised code parses the aports tree with ~8% less CPU.
 * Flags are process-wide and read when a module is compiled, so this is set before the parser
 * of a thread loads.
 */
export function useBaselineWasmOnly(): void {
  v8.setFlagsFromString('--liftoff-only');
}

/** Undoes useBaselineWasmOnly: `--liftoff-only` also turned tier-up off, so that comes back too. */
export function allowOptimizedWasm(): void {
  v8.setFlagsFromString('--no-liftoff-only');
  v8.setFlagsFromString('--wasm-tier-up');
  v8.setFlagsFromString('--wasm-dynamic-tiering');
}
