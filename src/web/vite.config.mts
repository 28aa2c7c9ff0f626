import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// No React plugin: Vite compiles JSX itself (tsconfig's react-jsx); the plugin only adds fast
// refresh in development, and its optional Babel peers do not resolve beside Jest's Babel.
// Built into dist/web, which the service serves at `/` (src/app.factory.ts); `npm run build`
// builds it after the service. In development, `vite` proxies the API to a service on :3000.
export default defineConfig({
  root,
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Regency offices work over slow connections: one entry, split by Vite where it pays.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components, which this app
      // does not use: the directive means nothing in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' },
  },
});
