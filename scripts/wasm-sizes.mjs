// Where the browser's bytes are: reads a `--split` release build's `pkg` folder and prints
//   1. the main module (what every first page loads) by crate and by function, from the code
//      section and the function names that `scripts/wasm-sizes` keeps (wasm-opt -g);
//   2. each lazy page: how many files its first visit fetches, raw and gzip -9 (each file
//      compressed alone, as the server sends them), and how much of it it shares with other pages;
//   3. with a page named (its name in that table, or a part of it: `notes` for
//      `__notes_route_view`, `organization` for `organization_view`), that page's chunks by
//      crate and by function, as the main module's in 1.
//
// Usage: node scripts/wasm-sizes.mjs <pkg folder> [top functions, default 25] [page]
// Sizes are of the files without their name section: byte for byte what a build without `-g`
// ships (compared on this app's main module and chunks).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [folder, topArg, pageArg] = process.argv.slice(2);
if (!folder) {
  console.error("usage: node scripts/wasm-sizes.mjs <pkg folder> [top functions] [page]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const files = readdirSync(folder);

// ---- reading a module: function body sizes and their names -----------------------------------

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return [value, at];
  }
}

/** Skips one import's description (its kind and type), returning where the next one starts. */
function skipImport(bytes, at) {
  const kind = bytes[at++];
  const skipLimits = (p) => {
    const [flags, q] = leb(bytes, p);
    let [, r] = leb(bytes, q);
    if (flags & 1) [, r] = leb(bytes, r);
    return r;
  };
  if (kind === 0) return leb(bytes, at)[1]; // function: type index
  if (kind === 1) return skipLimits(at + 1); // table: element type, limits
  if (kind === 2) return skipLimits(at); // memory: limits
  if (kind === 3) return at + 2; // global: value type, mutability
  if (kind === 4) return leb(bytes, at + 1)[1]; // tag: attribute, type index
  throw new Error(`unknown import kind ${kind}`);
}

/** The module's sections in order: id, where its contents start and end, and a custom
 * section's name. */
function* sections(bytes) {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    const end = start + size;
    let custom = null;
    let contents = start;
    if (id === 0) {
      const [length, p] = leb(bytes, start);
      custom = bytes.toString("utf8", p, p + length);
      contents = p + length;
    }
    yield { id, header: at, start: contents, end, custom };
    at = end;
  }
}

function readModule(path) {
  const bytes = readFileSync(path);
  const bodies = []; // [function index, size]
  const names = new Map();
  let importedFunctions = 0;
  let dataBytes = 0;
  for (const { id, start, end, custom } of sections(bytes)) {
    if (id === 2) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        for (let field = 0; field < 2; field++) {
          const [length, q] = leb(bytes, p);
          p = q + length;
        }
        if (bytes[p] === 0) importedFunctions++;
        p = skipImport(bytes, p);
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [length, q] = leb(bytes, p);
        bodies.push([importedFunctions + i, q - p + length]);
        p = q + length;
      }
    } else if (id === 11) {
      dataBytes = end - start;
    } else if (custom === "name") {
      readNames(bytes, start, end, names);
    }
  }
  return { bytes, bodies, names, dataBytes };
}

function readNames(bytes, at, end, names) {
  while (at < end) {
    const kind = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (kind === 1) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [index, q] = leb(bytes, p);
        const [length, r] = leb(bytes, q);
        names.set(index, bytes.toString("utf8", r, r + length));
        p = r + length;
      }
    }
    at = start + size;
  }
}

// ---- Rust's legacy symbol mangling, which `--split` builds keep (wasm-bindgen --no-demangle) -----

const escapes = { SP: "@", BP: "*", RF: "&", LT: "<", GT: ">", LP: "(", RP: ")", C: "," };

function demangle(symbol) {
  const match = /^_?_ZN(.*)E$/.exec(symbol);
  if (!match) return symbol;
  const parts = [];
  let rest = match[1];
  while (rest.length) {
    const length = /^\d+/.exec(rest);
    if (!length) break;
    const start = length[0].length;
    parts.push(rest.slice(start, start + Number(length[0])));
    rest = rest.slice(start + Number(length[0]));
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? "")) parts.pop();
  return parts
    .map((part) =>
      part
        .replace(/^_\$/, "$")
        .replace(/\$([A-Z]+|u[0-9a-f]+)\$/g, (whole, code) =>
          code.startsWith("u") ? String.fromCodePoint(parseInt(code.slice(1), 16)) : (escapes[code] ?? whole),
        )
        .replace(/\.\./g, "::"),
    )
    .join("::");
}

/** The crate a function's code is charged to: the first path segment, or for
 * `<Type as Trait>::method`, the type's crate, or the trait's when the type is a generic
 * parameter or a primitive (`<T as tachys::view::Render>::build` is tachys's code). */
function crateOf(name) {
  if (name.startsWith("_R")) return v0Crate(name) ?? "(other: wasm-bindgen's shims and exports)";
  const path = name.replace(/^<+(&(mut )?)?(dyn )?/, "");
  const qualified = /^([A-Za-z0-9_\[\]&;]+) as (.*)$/s.exec(path.split(">::")[0]);
  const crate = (text) => /^([a-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(text)?.[1];
  const owner = qualified && !crate(qualified[1]) ? crate(qualified[2].replace(/^<+/, "")) : crate(path);
  return owner ?? "(other: wasm-bindgen's shims and exports)";
}

/** A v0-mangled name's crate (precompiled std's names, and every name on nightly Rust, whose
 * default this is): its first crate root, `C`, an optional `s<hash>_`, then the crate's name as
 * `<length><name>`. The first root is the function's own path's, or an impl's module's. */
function v0Crate(name) {
  for (let i = name.indexOf("C"); i !== -1; i = name.indexOf("C", i + 1)) {
    const root = /^C(?:s[0-9A-Za-z]*_)?(\d+)_?/.exec(name.slice(i));
    if (!root) continue;
    const start = i + root[0].length;
    const crate = name.slice(start, start + Number(root[1]));
    if (/^[a-z_][a-z0-9_]*$/.test(crate) && crate.length === Number(root[1])) return crate;
  }
  return undefined;
}

/** The module as shipped: without its name section (the only difference `-g` makes). */
function withoutNames(bytes) {
  const kept = [bytes.subarray(0, 8)];
  for (const { header, end, custom } of sections(bytes)) {
    if (custom !== "name") kept.push(bytes.subarray(header, end));
  }
  return Buffer.concat(kept);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1).padStart(7)} KB`;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// ---- 1. the main module ----------------------------------------------------------------------

const mainFile = files.find((f) => f.endsWith(".wasm") && !/^(chunk|split)_/.test(f));
/** A module's functions: the size of each one's body, and its name. */
const functionsOf = (module) =>
  module.bodies.map(([index, size]) => ({
    size,
    name: demangle(module.names.get(index) ?? `function ${index}`),
  }));

/** Code by crate, then the `top` largest functions. */
function printCode(functions) {
  const codeBytes = functions.reduce((sum, f) => sum + f.size, 0);
  const byCrate = new Map();
  for (const f of functions) {
    const crate = crateOf(f.name);
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + f.size);
  }
  console.log("\n  code by crate (generic code is charged to the crate that defines it):");
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`  ${kb(size)} ${((100 * size) / codeBytes).toFixed(1).padStart(5)}%  ${crate}`);
  }
  console.log(`\n  the ${top} largest functions:`);
  for (const f of [...functions].sort((a, b) => b.size - a.size).slice(0, top)) {
    console.log(`  ${kb(f.size)}  ${f.name.slice(0, 150)}`);
  }
}

const main = readModule(join(folder, mainFile));
const functions = functionsOf(main);
const codeBytes = functions.reduce((sum, f) => sum + f.size, 0);
const shipped = withoutNames(main.bytes);
console.log(
  `main module ${mainFile}: ${kb(shipped.length)} raw, ${kb(gzip(shipped))} gzip -9, ` +
    `${kb(brotli(shipped))} brotli 11\n  code ${kb(codeBytes)} in ${functions.length} functions, ` +
    `data ${kb(main.dataBytes)}`,
);
if (main.names.size === 0) console.log("  (no name section: build with scripts/wasm-sizes for names)");
printCode(functions);

// ---- 2. the lazy pages -----------------------------------------------------------------------

const manifestFile = files.find((f) => f.startsWith("__wasm_split_manifest") && f.endsWith(".json"));
if (!manifestFile) process.exit(0);
const manifest = JSON.parse(readFileSync(join(folder, manifestFile), "utf8"));
const sizes = new Map();
const pagesUsing = new Map();
for (const chunks of Object.values(manifest)) {
  for (const stem of chunks) {
    if (!sizes.has(stem)) {
      const bytes = withoutNames(readFileSync(join(folder, `${stem}.wasm`)));
      sizes.set(stem, { raw: bytes.length, gzip: gzip(bytes) });
    }
    pagesUsing.set(stem, (pagesUsing.get(stem) ?? 0) + 1);
  }
}
console.log("\nlazy pages: what a first visit fetches beyond the main module (gzip, each file alone)");
console.log(`  ${"function".padEnd(36)} files        raw       gzip  of it shared with other pages`);
const rows = Object.entries(manifest).map(([name, chunks]) => {
  const total = (pick) => chunks.reduce((sum, stem) => sum + pick(stem), 0);
  return {
    name: name.replace(/_\d+$/, ""),
    chunks,
    files: chunks.length,
    raw: total((s) => sizes.get(s).raw),
    gzip: total((s) => sizes.get(s).gzip),
    shared: total((s) => (pagesUsing.get(s) > 1 ? sizes.get(s).gzip : 0)),
  };
});
for (const row of rows.sort((a, b) => b.gzip - a.gzip)) {
  console.log(
    `  ${row.name.padEnd(36)} ${String(row.files).padStart(5)} ${kb(row.raw)} ${kb(row.gzip)}  ${kb(row.shared)}`,
  );
}

// ---- 3. one page's chunks, as the main module above ------------------------------------------

if (pageArg) {
  // `notes` is `__notes_route_view`, `organization` is `organization_view`; else a part of one.
  const exact = [pageArg, `__${pageArg}_route_view`, `${pageArg}_view`];
  const matching = rows.filter((row) => exact.includes(row.name));
  const named = matching.length ? matching : rows.filter((row) => row.name.includes(pageArg));
  if (named.length !== 1) {
    console.error(`\n"${pageArg}" names ${named.length} of the pages above; give a part of one name only`);
    process.exit(2);
  }
  const [page] = named;
  const pageFunctions = page.chunks.flatMap((stem) => functionsOf(readModule(join(folder, `${stem}.wasm`))));
  console.log(`\n${page.name}: ${kb(page.raw)} raw in ${page.files} files, ${kb(page.gzip)} gzip`);
  printCode(pageFunctions);
}
