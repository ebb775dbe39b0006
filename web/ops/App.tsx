import { Navigate, Route, Routes } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { DeskShell, type DeskNavItem } from "../shared/DeskShell";
import { DashboardPage } from "./dashboard/DashboardPage";
import { PolicyPage } from "./policy/PolicyPage";
import "./locales";

/** The operations desk: the KPI dashboard and the policy editor; supervisors also reach the agents' queue. */
export default function OpsApp() {
  const { t } = useTranslation("ops");
  const nav: DeskNavItem[] = [
    { path: "/desk/ops/dashboard", label: t("nav.dashboard"), roles: ["ops_admin", "supervisor"] },
    { path: "/desk/ops/policy", label: t("nav.policy"), roles: ["ops_admin", "supervisor"] },
    { path: "/desk/agent/queue", label: t("nav.queue"), roles: ["supervisor"] },
  ];
  return (
    <DeskShell nav={nav}>
      <Routes>
        <Route index element={<Navigate to="dashboard" replace />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="policy" element={<PolicyPage />} />
        <Route path="*" element={<Navigate to="dashboard" replace />} />
      </Routes>
    </DeskShell>
  );
}
