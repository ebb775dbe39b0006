import type { ReactNode } from "react";
import { Result } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useParams } from "react-router-dom";
import { DeskShell, type DeskNavItem } from "../shared/DeskShell";
import { useSession, type Role } from "../shared/session";
import "./locales";
import { QueuePage } from "./queue/QueuePage";
import { TasksPage } from "./tasks/TasksPage";
import { CaseWorkspace } from "./workspace/CaseWorkspace";

const QUEUE_ROLES: Role[] = ["agent", "supervisor"];
const TASK_ROLES: Role[] = ["warehouse", "finance", "supplier_quality"];

/** Where each desk role starts: its own work list. */
function homeList(role: Role | undefined): string | null {
  if (role && QUEUE_ROLES.includes(role)) return "queue";
  if (role && TASK_ROLES.includes(role)) return "tasks";
  if (role === "ops_admin") return "/desk/ops";
  return null;
}

function WorkspaceRoute() {
  const { caseId = "" } = useParams();
  return <CaseWorkspace key={caseId} caseId={caseId} />;
}

/** A list only some roles work from; anyone else lands on their own. */
function Only({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const role = useSession()?.user.role;
  if (role && roles.includes(role)) return <>{children}</>;
  const home = homeList(role);
  return home ? <Navigate to={home.startsWith("/") ? home : `/desk/agent/${home}`} replace /> : <NoDeskScreen />;
}

function NoDeskScreen() {
  const { t } = useTranslation("agent");
  return <Result status="info" title={t("noScreen")} data-testid="no-screen" />;
}

/** The agent desk: the queue for agents and supervisors, department tasks for the departments, and the case workspace. */
export default function AgentApp() {
  const { t } = useTranslation("agent");
  const role = useSession()?.user.role;
  const nav: DeskNavItem[] = [
    { path: "/desk/agent/queue", label: t("nav.queue"), roles: QUEUE_ROLES },
    { path: "/desk/agent/tasks", label: t("nav.tasks"), roles: TASK_ROLES },
    { path: "/desk/ops", label: t("nav.ops"), roles: ["supervisor"] },
  ];
  const home = homeList(role);
  return (
    <DeskShell nav={nav}>
      <Routes>
        <Route index element={home ? <Navigate to={home} replace /> : <NoDeskScreen />} />
        <Route path="queue" element={<Only roles={QUEUE_ROLES}><QueuePage /></Only>} />
        <Route path="tasks" element={<Only roles={TASK_ROLES}><TasksPage /></Only>} />
        <Route path="cases/:caseId" element={<WorkspaceRoute />} />
        <Route path="*" element={home ? <Navigate to={home.startsWith("/") ? home : `/desk/agent/${home}`} replace /> : <NoDeskScreen />} />
      </Routes>
    </DeskShell>
  );
}
