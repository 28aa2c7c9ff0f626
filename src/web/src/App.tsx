import { Anchor, createTheme, MantineProvider, Stack, Text } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client';
import { Layout } from './components/Layout';
import { Loading } from './components/TableParts';
import { CasePage } from './pages/CasePage';
import { CaseQueuePage } from './pages/CaseQueuePage';
import { NewCasePage } from './pages/NewCasePage';
import { RespondPage } from './pages/public/RespondPage';
import { SetPasswordPage } from './pages/public/SetPasswordPage';
import { AdminRoutes } from './pages/admin/AdminRoutes';
import { SignInPage } from './pages/SignInPage';
import { SessionProvider, useSession } from './session/session';

// Loaded when first opened, with its file readers after it: the first screen stays small.
const BulkIntakePage = lazy(() =>
  import('./pages/BulkIntakePage').then((module) => ({ default: module.BulkIntakePage })),
);

function BulkIntakeRoute() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Loading label={t('bulkIntake.title')} />}>
      <BulkIntakePage />
    </Suspense>
  );
}

// WCAG 2.2 AA: Mantine's default blue (shade 6) under white text is 3.6:1; shade 8 is 4.9:1.
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8 });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Refused answers are final; a dropped connection is worth two more tries.
      retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function RequireSession({ children }: { children: ReactNode }) {
  const { session, ended } = useSession();
  const location = useLocation();
  if (!session)
    return (
      <Navigate
        to="/login"
        replace
        state={ended === 'signedOut' ? undefined : { from: location.pathname + location.search }}
      />
    );
  return children;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Text>{t('app.notFound')}</Text>
      <Anchor component={Link} to="/cases">
        {t('app.backHome')}
      </Anchor>
    </Stack>
  );
}

export function App() {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={() => ({
        variables: {},
        // Mantine's dimmed grey on white is 3.3:1 and its error red (shade 6) 3.6:1: too faint for
        // AA. Error red shade 9 is 5.4:1.
        light: {
          '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
          '--mantine-color-error': 'var(--mantine-color-red-9)',
        },
        dark: {},
      })}
    >
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<SignInPage />} />
              {/* Reached from emailed links, without an account: outside the signed-in frame. */}
              <Route path="/respond" element={<RespondPage />} />
              <Route path="/set-password" element={<SetPasswordPage />} />
              <Route
                element={
                  <RequireSession>
                    <Layout />
                  </RequireSession>
                }
              >
                <Route path="/" element={<Navigate to="/cases" replace />} />
                <Route path="/cases" element={<CaseQueuePage />} />
                <Route path="/cases/new" element={<NewCasePage />} />
                <Route path="/cases/new/bulk" element={<BulkIntakeRoute />} />
                <Route path="/cases/:caseRef" element={<CasePage />} />
                <Route path="/admin/*" element={<AdminRoutes />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
