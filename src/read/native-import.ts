/**
 * Imports a large plain-JavaScript package without tsx's transform when the worker boot file
 * (ingest/worker-boot.mjs) offers a native `import`: tsx rewrites every module it loads (for
 * dynamic imports and source maps), which costs pdfjs several seconds per worker. Elsewhere
 * (tests, the main thread) it is an ordinary dynamic import.
 */
type NativeImport = (specifier: string) => Promise<unknown>;

export async function importNative<T>(specifier: string, fallback: () => Promise<T>): Promise<T> {
  const native = (globalThis as { factdeskNativeImport?: NativeImport }).factdeskNativeImport;
  return native ? ((await native(specifier)) as T) : fallback();
}
