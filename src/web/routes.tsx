// Every client route. Pages are loaded on demand (React.lazy), each in its own chunk; the guards
// decide between the public frame, the forced password change and the signed-in frame.
import { type ComponentType, lazy, useEffect } from 'react';
import { createBrowserRouter, Navigate, useSearchParams } from 'react-router';
import type { RoleName } from '../contract/auth';
import { useSession } from './auth/session';
import { landingPath, NotFound, RequireAuth, RequireRole, RouteError } from './ui/guards';
import { AppLayout, PublicLayout, SessionLayout } from './ui/layouts';
import { PageLoader } from './ui/page';

/** A lazily loaded named export. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const HomePage = page(() => import('./home/home-page'), 'HomePage');
const CatalogPage = page(() => import('./catalog/catalog-page'), 'CatalogPage');
const CoursePage = page(() => import('./catalog/course-page'), 'CoursePage');
const VerifyPage = page(() => import('./certificates/verify-page'), 'VerifyPage');
const LoginPage = page(() => import('./auth/login-page'), 'LoginPage');
const SignupPage = page(() => import('./auth/signup-page'), 'SignupPage');
const RecoveryRequestPage = page(() => import('./auth/recovery-page'), 'RecoveryRequestPage');
const RecoverySetPage = page(() => import('./auth/recovery-page'), 'RecoverySetPage');
const EmailConfirmPage = page(() => import('./auth/recovery-page'), 'EmailConfirmPage');
const PasswordPage = page(() => import('./auth/password-page'), 'PasswordPage');
const ProfilePage = page(() => import('./auth/profile-page'), 'ProfilePage');
const CabinetPage = page(() => import('./cabinet/cabinet-page'), 'CabinetPage');
const TerritoriesPage = page(() => import('./directory/territories-page'), 'TerritoriesPage');
const OrganizationsPage = page(() => import('./directory/organizations-page'), 'OrganizationsPage');
const ProvidersPage = page(() => import('./directory/providers-page'), 'ProvidersPage');
const ProviderPage = page(() => import('./directory/provider-page'), 'ProviderPage');
const PositionsPage = page(() => import('./directory/positions-page'), 'PositionsPage');
const UsersPage = page(() => import('./accounts/users-page'), 'UsersPage');
const AuditPage = page(() => import('./audit/audit-page'), 'AuditPage');
const ConversationsPage = page(() => import('./conversations/conversations-page'), 'ConversationsPage');
const ThreadPage = page(() => import('./conversations/thread-page'), 'ThreadPage');
const CourseThreadPage = page(() => import('./conversations/thread-page'), 'CourseThreadPage');
const NotificationsPage = page(() => import('./notifications/notifications-page'), 'NotificationsPage');
const OutboxPage = page(() => import('./notifications/outbox-page'), 'OutboxPage');
const ProgramsPage = page(() => import('./workspace/programs-page'), 'ProgramsPage');
const ProgramPage = page(() => import('./workspace/program-page'), 'ProgramPage');
const CoursesPage = page(() => import('./workspace/courses-page'), 'CoursesPage');
const CourseEditorPage = page(() => import('./workspace/course-page'), 'CourseEditorPage');
const MyApplicationsPage = page(() => import('./applications/mine-page'), 'MyApplicationsPage');
const ApplicationPage = page(() => import('./applications/application-page'), 'ApplicationPage');
const MethodistBasketPage = page(() => import('./applications/methodist-basket-page'), 'MethodistBasketPage');
const ProviderBasketPage = page(() => import('./applications/provider-basket-page'), 'ProviderBasketPage');
const RegionBasketPage = page(() => import('./applications/region-basket-page'), 'RegionBasketPage');
const CourseAttendancePage = page(
  () => import('./attendance/course-attendance-page'),
  'CourseAttendancePage',
);
const TerritoryAttendancePage = page(() => import('./attendance/territory-page'), 'TerritoryAttendancePage');
const ArchivePage = page(() => import('./archive/archive-page'), 'ArchivePage');
const ArchivedCoursePage = page(() => import('./archive/archived-course-page'), 'ArchivedCoursePage');
const ReportsPage = page(() => import('./reports/reports-page'), 'ReportsPage');
const MyCpdPage = page(() => import('./cpd/cpd-pages'), 'MyCpdPage');
const TeacherCpdPage = page(() => import('./cpd/cpd-pages'), 'TeacherCpdPage');
const OverduePage = page(() => import('./cpd/cpd-pages'), 'OverduePage');
const Form1pkPage = page(() => import('./form1pk/form1pk-page'), 'Form1pkPage');
const PeriodDocumentsPage = page(() => import('./certificates/period-documents-page'), 'PeriodDocumentsPage');
const MyJobsPage = page(() => import('./jobs/my-jobs-page'), 'MyJobsPage');
const TeachersPage = page(() => import('./teachers/teachers-page'), 'TeachersPage');
const TeacherPage = page(() => import('./teachers/teacher-page'), 'TeacherPage');
const ImportPage = page(() => import('./teachers/import-page'), 'ImportPage');
const InvitationPage = page(() => import('./auth/recovery-page'), 'InvitationPage');

/** Who works with programs and courses: the department's staff, and readers above them. */
const WORKSPACE_ROLES: RoleName[] = ['manager', 'head', 'provider_admin', 'operator'];
const workspace = (path: string, element: React.ReactNode) => ({
  path,
  element: <RequireRole roles={WORKSPACE_ROLES}>{element}</RequireRole>,
});

/** Who writes in conversations: the course's department and the territory's methodists. */
const CONVERSATION_ROLES: RoleName[] = ['methodist', 'manager', 'head'];
const conversation = (path: string, element: React.ReactNode) => ({
  path,
  element: <RequireRole roles={CONVERSATION_ROLES}>{element}</RequireRole>,
});

/** Who searches the course archive: the providers' staff, the methodists and the operator. */
const ARCHIVE_ROLES: RoleName[] = ['manager', 'head', 'provider_admin', 'methodist', 'operator'];
/** Who reads a provider's documents for a period: its administrator, its departments' staff, the operator. */
const PERIOD_DOCUMENT_ROLES: RoleName[] = ['provider_admin', 'head', 'manager', 'operator'];
/** Who reads statistics: everyone but a teacher, each within their scope. */
const REPORT_ROLES: RoleName[] = ['manager', 'head', 'provider_admin', 'methodist', 'operator'];
/** Who follows teachers' CPD: the territory's methodists and the operator. */
const CPD_ROLES: RoleName[] = ['methodist', 'operator'];
const only = (roles: RoleName[], path: string, element: React.ReactNode) => ({
  path,
  element: <RequireRole roles={roles}>{element}</RequireRole>,
});

/** The forced password change: only for a signed-in user; others go to login or their cabinet. */
function PasswordRoute() {
  const { me, loading, unverified, verify } = useSession();
  useEffect(() => {
    if (unverified) verify();
  }, [unverified, verify]);
  if (loading || unverified) return <PageLoader />;
  if (!me) return <Navigate to="/login" replace />;
  if (!me.mustChangePassword) return <Navigate to="/cabinet" replace />;
  return <PasswordPage />;
}

/**
 * Visitors only: a signed-in user has nothing to do on the login and sign-up pages. This also
 * moves a user on the moment they sign in, so it goes where the login page would: to `next`.
 */
function GuestOnly({ children }: { children: React.ReactNode }) {
  const { me, loading } = useSession();
  const [params] = useSearchParams();
  if (loading) return <PageLoader />;
  if (me)
    return <Navigate to={me.mustChangePassword ? '/password' : landingPath(params.get('next'))} replace />;
  return children;
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'verify', element: <VerifyPage /> },
          { path: 'verify/:number', element: <VerifyPage /> },
          {
            path: 'login',
            element: (
              <GuestOnly>
                <LoginPage />
              </GuestOnly>
            ),
          },
          {
            path: 'signup',
            element: (
              <GuestOnly>
                <SignupPage />
              </GuestOnly>
            ),
          },
          { path: 'recovery', element: <RecoveryRequestPage /> },
          { path: 'recovery/:token', element: <RecoverySetPage /> },
          { path: 'invitation/:token', element: <InvitationPage /> },
          { path: 'email/confirm/:token', element: <EmailConfirmPage /> },
          { path: 'password', element: <PasswordRoute /> },
        ],
      },
      {
        element: <SessionLayout />,
        children: [
          { path: 'catalog', element: <CatalogPage /> },
          { path: 'catalog/:id', element: <CoursePage /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { path: 'cabinet', element: <CabinetPage /> },
              { path: 'profile', element: <ProfilePage /> },
              {
                path: 'territories',
                element: (
                  <RequireRole roles={['operator']}>
                    <TerritoriesPage />
                  </RequireRole>
                ),
              },
              {
                path: 'organizations',
                element: (
                  <RequireRole roles={['operator']}>
                    <OrganizationsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'providers',
                element: (
                  <RequireRole roles={['operator']}>
                    <ProvidersPage />
                  </RequireRole>
                ),
              },
              {
                path: 'providers/:providerId',
                element: (
                  <RequireRole roles={['operator', 'provider_admin']}>
                    <ProviderPage />
                  </RequireRole>
                ),
              },
              {
                path: 'positions',
                element: (
                  <RequireRole roles={['operator']}>
                    <PositionsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'users',
                element: (
                  <RequireRole roles={['operator', 'provider_admin', 'head']}>
                    <UsersPage />
                  </RequireRole>
                ),
              },
              workspace('workspace/programs', <ProgramsPage />),
              workspace('workspace/programs/:id', <ProgramPage />),
              workspace('workspace/courses', <CoursesPage />),
              workspace('workspace/courses/:id', <CourseEditorPage />),
              // The journal: the department, the readers above it and the learners' methodists.
              {
                path: 'workspace/courses/:id/attendance',
                element: (
                  <RequireRole roles={[...WORKSPACE_ROLES, 'methodist']}>
                    <CourseAttendancePage />
                  </RequireRole>
                ),
              },
              {
                path: 'attendance',
                element: (
                  <RequireRole roles={['methodist', 'operator']}>
                    <TerritoryAttendancePage />
                  </RequireRole>
                ),
              },
              {
                path: 'audit',
                element: (
                  <RequireRole roles={['operator']}>
                    <AuditPage />
                  </RequireRole>
                ),
              },
              { path: 'notifications', element: <NotificationsPage /> },
              conversation('conversations', <ConversationsPage />),
              conversation('conversations/:id', <ThreadPage />),
              conversation('conversations/courses/:courseId/territories/:territoryId', <CourseThreadPage />),
              {
                path: 'applications/mine',
                element: (
                  <RequireRole roles={['teacher']}>
                    <MyApplicationsPage />
                  </RequireRole>
                ),
              },
              // Anyone the server lets see it: the teacher, the territory's methodists, the department.
              { path: 'applications/:id', element: <ApplicationPage /> },
              {
                path: 'baskets/methodist',
                element: (
                  <RequireRole roles={['methodist']}>
                    <MethodistBasketPage />
                  </RequireRole>
                ),
              },
              {
                path: 'baskets/provider',
                element: (
                  <RequireRole roles={['manager', 'head', 'provider_admin']}>
                    <ProviderBasketPage />
                  </RequireRole>
                ),
              },
              only(['operator'], 'baskets/region', <RegionBasketPage />),
              only(['teacher'], 'cpd', <MyCpdPage />),
              only(CPD_ROLES, 'teachers/overdue', <OverduePage />),
              only(CPD_ROLES, 'teachers', <TeachersPage />),
              only(CPD_ROLES, 'teachers/import', <ImportPage />),
              only(CPD_ROLES, 'teachers/:id', <TeacherPage />),
              only(CPD_ROLES, 'teachers/:id/cpd', <TeacherCpdPage />),
              only(PERIOD_DOCUMENT_ROLES, 'providers/:providerId/documents', <PeriodDocumentsPage />),
              { path: 'jobs', element: <MyJobsPage /> },
              only(ARCHIVE_ROLES, 'archive', <ArchivePage />),
              only(ARCHIVE_ROLES, 'archive/:id', <ArchivedCoursePage />),
              only(['operator', 'provider_admin'], 'reports/form-1pk', <Form1pkPage />),
              only(REPORT_ROLES, 'reports', <ReportsPage />),
              {
                path: 'outbox',
                element: (
                  <RequireRole roles={['operator']}>
                    <OutboxPage />
                  </RequireRole>
                ),
              },
            ],
          },
        ],
      },
      { element: <PublicLayout />, children: [{ path: '*', element: <NotFound /> }] },
    ],
  },
]);
