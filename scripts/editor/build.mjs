// Bundle main.js and its npm dependencies into one file, headed by the name, version and
// licence of every package that went into it (read from node_modules, so it cannot drift).
import { build } from "esbuild";
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
const result = await build({
  entryPoints: [join(here, "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  metafile: true,
  write: false,
});
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.set(m[1], true);
}
const notices = [...packages.keys()].sort().map((name) => {
  const dir = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const licence = readFileSync(join(dir, "LICENSE"), "utf8").trim();
  return `${name} ${meta.version} (${meta.license})\n\n${licence}`;
});
const header =
  "/*! kaiping-kg query editor: scripts/editor/main.js and the npm packages below, bundled\n" +
  " * by scripts/vendor_editor.sh (esbuild). Do not edit; rebuild it.\n *\n" +
  notices.map((n) => n.split("\n").map((l) => (" * " + l).trimEnd()).join("\n")).join("\n *\n * ---\n *\n") +
  "\n */\n";
const tmp = out + ".tmp";
writeFileSync(tmp, header + result.outputFiles[0].text);
renameSync(tmp, out);
console.log(`${out}: ${packages.size} packages, ${(header.length + result.outputFiles[0].contents.length)} bytes`);
