// Brotli and gzip copies of the built web app's text files, written once at build time so that
// the service sends them compressed (@fastify/static `preCompressed`) without compressing on each
// request: a partner on a slow phone connection downloads a quarter of the bytes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../../dist/web', import.meta.url));
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

async function* files(directory) {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

let raw = 0;
let brotli = 0;
for await (const path of files(root)) {
  const content = await readFile(path);
  const br = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  await writeFile(`${path}.br`, br);
  await writeFile(`${path}.gz`, gzipSync(content, { level: 9 }));
  raw += content.length;
  brotli += br.length;
}
console.log(
  `web app: ${Math.round(raw / 1024)} KB of text, ${Math.round(brotli / 1024)} KB as brotli`,
);
