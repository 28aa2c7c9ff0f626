import { Anchor, createTheme, MantineProvider, Stack, Text } from '@mantine/core';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BrowserRouter,
  Link,
  Navigate,
  Route,
  Routes,
  useLocation,
  useParams,
  useSearchParams,
} from 'react-router';
import { ApiError } from './api/client';
import { caseQuery } from './api/queries';
import { Layout } from './components/Layout';
import { Loading } from './components/TableParts';
import { CaseQueuePage } from './pages/CaseQueuePage';
import {
  filtersOf,
  queuesQuery,
  reportQuery,
  summaryQuery,
} from './pages/dashboard/dashboard-queries';
import { readsReports } from './pages/dashboard/report-readers';
import { loadCasePage } from './pages/lazy-pages';
import { SignInPage } from './pages/SignInPage';
import { SessionProvider, useSession } from './session/session';

// Every screen but signing in and the case queue is loaded when first opened (the bulk intake
// with its file readers after it): the first screen stays small on a slow connection.
const CasePage = lazy(loadCasePage);
// Opened at a case's address, the case page's code is asked for now, while the rest of the app
// is still being read, not once the router has got there.
if (/^\/cases\/(?!new(\/|$))[^/]+$/.test(window.location.pathname)) void loadCasePage();
const NewCasePage = lazy(() =>
  import('./pages/NewCasePage').then((m) => ({ default: m.NewCasePage })),
);
const BulkIntakePage = lazy(() =>
  import('./pages/BulkIntakePage').then((m) => ({ default: m.BulkIntakePage })),
);
const SearchPage = lazy(() =>
  import('./pages/search/SearchPage').then((m) => ({ default: m.SearchPage })),
);
const PerpetratorPage = lazy(() =>
  import('./pages/perpetrators/PerpetratorPage').then((m) => ({ default: m.PerpetratorPage })),
);
const TransfersPage = lazy(() =>
  import('./pages/TransfersPage').then((m) => ({ default: m.TransfersPage })),
);
const AdminRoutes = lazy(() =>
  import('./pages/admin/AdminRoutes').then((m) => ({ default: m.AdminRoutes })),
);
// With ECharts: its code comes only with the dashboard.
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const IncomingReferralsRoutes = lazy(() =>
  import('./pages/incoming/IncomingReferralsRoutes').then((m) => ({
    default: m.IncomingReferralsRoutes,
  })),
);
const RespondPage = lazy(() =>
  import('./pages/public/RespondPage').then((m) => ({ default: m.RespondPage })),
);
const SetPasswordPage = lazy(() =>
  import('./pages/public/SetPasswordPage').then((m) => ({ default: m.SetPasswordPage })),
);

/**
 * The case is asked for at once, while the case page's code is still on its way: on a slow
 * connection the two round trips overlap instead of following each other.
 */
function CaseRoute() {
  const { caseRef = '' } = useParams();
  useQuery(caseQuery(caseRef));
  return (
    <Screen>
      <CasePage />
    </Screen>
  );
}

/**
 * The dashboard's first requests (the queues' counts, the summary's case counts) go out at once,
 * while its code (with ECharts, the largest chunk) is still on its way.
 */
function DashboardRoute() {
  const { session } = useSession();
  const [params] = useSearchParams();
  const role = session?.user.role;
  const query = reportQuery(filtersOf(params), role === 'admin');
  useQuery({ ...summaryQuery(query, 'cases'), enabled: readsReports(role) });
  useQuery({ ...queuesQuery(), enabled: readsReports(role) });
  return (
    <Screen>
      <DashboardPage />
    </Screen>
  );
}

function Screen({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<Loading label={t('app.loading')} />}>{children}</Suspense>;
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
              <Route
                path="/respond"
                element={
                  <Screen>
                    <RespondPage />
                  </Screen>
                }
              />
              <Route
                path="/set-password"
                element={
                  <Screen>
                    <SetPasswordPage />
                  </Screen>
                }
              />
              <Route
                element={
                  <RequireSession>
                    <Layout />
                  </RequireSession>
                }
              >
                <Route path="/" element={<Navigate to="/cases" replace />} />
                <Route path="/cases" element={<CaseQueuePage />} />
                <Route
                  path="/cases/new"
                  element={
                    <Screen>
                      <NewCasePage />
                    </Screen>
                  }
                />
                <Route
                  path="/cases/new/bulk"
                  element={
                    <Screen>
                      <BulkIntakePage />
                    </Screen>
                  }
                />
                <Route path="/cases/:caseRef" element={<CaseRoute />} />
                <Route path="/dashboard" element={<DashboardRoute />} />
                <Route
                  path="/search"
                  element={
                    <Screen>
                      <SearchPage />
                    </Screen>
                  }
                />
                <Route
                  path="/perpetrators/:id"
                  element={
                    <Screen>
                      <PerpetratorPage />
                    </Screen>
                  }
                />
                <Route
                  path="/referrals/incoming/*"
                  element={
                    <Screen>
                      <IncomingReferralsRoutes />
                    </Screen>
                  }
                />
                <Route
                  path="/transfers"
                  element={
                    <Screen>
                      <TransfersPage />
                    </Screen>
                  }
                />
                <Route
                  path="/admin/*"
                  element={
                    <Screen>
                      <AdminRoutes />
                    </Screen>
                  }
                />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
