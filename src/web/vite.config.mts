import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));

// No React plugin: Vite compiles JSX itself (tsconfig's react-jsx); the plugin only adds fast
// refresh in development, and its optional Babel peers do not resolve beside Jest's Babel.
// Built into dist/web, which the service serves at `/` (src/app.factory.ts); `npm run build`
// builds it after the service. In development, `vite` proxies the API to a service on :3000.
export default defineConfig({
  root,
  plugins: [
    // A service worker keeps the app's page and code on the computer: a caseworker coming back
    // opens a case without first waiting a slow connection's round trip for the page, and the
    // code is read from disk already compiled. It keeps no answer of the API (cases, people):
    // those pass it by, as they pass the browser's cache by (no-store).
    VitePWA({
      strategies: 'generateSW',
      // Registered by main.tsx once the first screen has loaded, not by an injected script.
      injectRegister: false,
      manifest: false,
      workbox: {
        // The page and what it loads first: a few hundred kilobytes, fetched once per version.
        // The screens' own chunks are kept as they are first opened (below), not all at once
        // over an office's slow line.
        globPatterns: ['index.html', 'assets/index-*.{js,css}'],
        navigateFallback: 'index.html',
        // The service's own paths, and files (an extension in the path's last segment), are
        // never answered with the app's page: the same split as the service's (SERVICE_PATH and
        // webAppScreen in src/app.factory.ts). Workbox matches these against the path and the
        // query together; a queue's query holds region codes with dots, which stay screens.
        navigateFallbackDenylist: [
          /^\/(?:api|docs|health|metrics)(?:[/?#.]|$)/i,
          /^[^?#]*\.[^/?#]*(?:[?#].*)?$/,
        ],
        runtimeCaching: [
          {
            // Named by their content: a name always holds the same bytes.
            urlPattern: ({ sameOrigin, url }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'jejak-assets',
              expiration: { maxEntries: 200, maxAgeSeconds: 60 * 60 * 24 * 90 },
            },
          },
        ],
        // A new version, found when the app is opened, takes over as soon as it is kept: the
        // screen open keeps the code it runs, and every later page load is the new version's.
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        inlineWorkboxRuntime: true,
        sourcemap: false,
      },
    }),
  ],
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
