// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside each browser file in
// the given folders, so that a server sends them compressed at no cost per request. Only the
// top level of each folder, only .js/.mjs/.css/.wasm, and neither the legacy nor the React
// Native builds (browsers never load them). A file whose compressed twins are newer is skipped,
// so running it again is cheap.
//
// Usage: node scripts/precompress.mjs <folder>...
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const browserFile = /\.(js|mjs|css|wasm)$/;
const neverLoaded = /legacy|native/;
let written = 0;
let rawBytes = 0;
let brotliBytes = 0;

for (const folder of process.argv.slice(2)) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const stat = statSync(path);
    if (!stat.isFile() || !browserFile.test(name) || neverLoaded.test(name)) continue;
    const fresh = (twin) => {
      try {
        return statSync(twin).mtimeMs >= stat.mtimeMs;
      } catch {
        return false;
      }
    };
    if (fresh(`${path}.br`) && fresh(`${path}.gz`)) continue;
    const raw = readFileSync(path);
    const brotli = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    writeFileSync(`${path}.br`, brotli);
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
    written += 1;
    rawBytes += raw.length;
    brotliBytes += brotli.length;
  }
}
if (written > 0) {
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  console.log(`precompressed ${written} files: ${mb(rawBytes)} MB -> ${mb(brotliBytes)} MB brotli`);
}
