import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, Navigate } from "react-router-dom";
import { homeOf, useSession, type Role } from "./shared/session";

// One lazily loaded bundle per audience: a customer's phone never downloads the desk.
const CustomerApp = lazy(() => import("./customer/App"));
const LeaderApp = lazy(() => import("./leader/App"));
const AgentApp = lazy(() => import("./agent/App"));
const OpsApp = lazy(() => import("./ops/App"));
const DeskLogin = lazy(() => import("./login/DeskLogin"));
const PhoneLogin = lazy(() => import("./login/PhoneLogin"));
const CustomerEntry = lazy(() => import("./login/CustomerEntry"));

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div style={{ padding: 24, color: "#999" }}>…</div>}>{children}</Suspense>;
}

/** Lets in the roles an audience is for; anyone else goes to log in (or to their own home). */
function Only({ roles, login, children }: { roles: Role[]; login: string; children: ReactNode }) {
  const current = useSession();
  if (!current) return <Navigate to={`${login}?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!roles.includes(current.user.role)) return <Navigate to={homeOf(current.user.role)} replace />;
  return <Page>{children}</Page>;
}

function Home() {
  const current = useSession();
  return <Navigate to={current ? homeOf(current.user.role) : "/login"} replace />;
}

const DESK_ROLES: Role[] = ["agent", "supervisor", "warehouse", "finance", "supplier_quality", "integrator", "ops_admin"];

export const router = createBrowserRouter([
  { path: "/", element: <Home /> },
  { path: "/login", element: <Page><DeskLogin /></Page> },
  { path: "/m/login", element: <Page><PhoneLogin /></Page> },
  // the platform hands a customer over with #token=…; without one, the page says where to come from
  { path: "/m/customer/*", element: <Page><CustomerEntry><CustomerApp /></CustomerEntry></Page> },
  { path: "/m/leader/*", element: <Only roles={["leader"]} login="/m/login"><LeaderApp /></Only> },
  { path: "/desk/agent/*", element: <Only roles={DESK_ROLES} login="/login"><AgentApp /></Only> },
  { path: "/desk/ops/*", element: <Only roles={["ops_admin", "supervisor"]} login="/login"><OpsApp /></Only> },
  { path: "*", element: <Home /> },
]);
