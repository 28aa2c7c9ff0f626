import '@mantine/core/styles.css';
import './app.css';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The service worker (built by vite.config.mts) is registered once the first screen has loaded,
// so that fetching what it keeps does not compete with that screen on a slow line. The app works
// the same without it (a browser that refuses it, a development server): a refusal is not an error.
if ('serviceWorker' in navigator && import.meta.env.PROD)
  window.addEventListener(
    'load',
    () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined),
    { once: true },
  );
