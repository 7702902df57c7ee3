import * as v8 from 'node:v8';

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
