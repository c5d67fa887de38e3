/**
 * What a frontend bundle pays for `@pixasocial/client`: esbuild bundles one-line entries that
 * import a single export (minified ESM, `firebase/*` left external since the app has it anyway)
 * and prints the bytes, gzipped bytes and whether zod or schemas came along. Needs the client
 * built (`npm run build`), not the emulators.
 */
import { build } from "esbuild";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const ENTRY_DIR = join(process.cwd(), "client", "dist", "client", "src");

const ENTRIES: Record<string, string> = {
  dmChannelId: `import { dmChannelId } from "@pixasocial/client"; console.log(dmChannelId("a", "b"));`,
  "callables()": `import { callables } from "@pixasocial/client"; console.log(callables);`,
  isCreditLimitError: `import { isCreditLimitError } from "@pixasocial/client"; console.log(isCreditLimitError);`,
  "personas (one typed collection)": `import { personas } from "@pixasocial/client"; console.log(personas);`,
  sendMessage: `import { sendMessage } from "@pixasocial/client"; console.log(sendMessage);`,
  "everything (import *)": `import * as client from "@pixasocial/client"; console.log(client);`,
};

export async function measureClientBundles(): Promise<
  Array<{ entry: string; bytes: number; gzip: number; zodBytes: number; schemaModules: number }>
> {
  const rows = [];
  for (const [entry, contents] of Object.entries(ENTRIES)) {
    const result = await build({
      stdin: { contents, resolveDir: process.cwd(), loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      external: ["firebase/*"],
      alias: { "@pixasocial/client": join(ENTRY_DIR, "index.js") },
      logLevel: "silent",
    });
    const code = result.outputFiles[0].contents;
    const [output] = Object.values(result.metafile.outputs);
    const inputs = Object.entries(output.inputs).filter(([, used]) => used.bytesInOutput > 0);
    const zodBytes = inputs.filter(([path]) => path.includes("node_modules/zod/")).reduce((sum, [, used]) => sum + used.bytesInOutput, 0);
    rows.push({
      entry,
      bytes: code.byteLength,
      gzip: gzipSync(code).byteLength,
      zodBytes,
      schemaModules: inputs.filter(([path]) => path.includes("functions/src/models/")).length,
    });
  }
  return rows;
}

export async function run(): Promise<void> {
  for (const row of await measureClientBundles()) {
    console.log(
      `${row.entry}: ${row.bytes} B minified, ${row.gzip} B gzipped, zod ${row.zodBytes} B of it, ${row.schemaModules} model modules`,
    );
  }
}
