import { Navigate, Route, Routes } from "react-router-dom";
import { PhoneShell } from "../shared/PhoneShell";
import "./locales";
import "../shared/react19-antd-mobile";
import { CasesScreen } from "./CasesScreen";
import { CaseScreen } from "./case/CaseScreen";
import { ReturnsScreen } from "./ReturnsScreen";
import { BatchReportScreen } from "./report/BatchReportScreen";
import { ScoresScreen } from "./ScoresScreen";

/** The group leader's phone app (团长端): cases of my pickup points, returns, batch reports, my scores. */
export default function LeaderApp() {
  return (
    <PhoneShell>
      <Routes>
        <Route index element={<CasesScreen />} />
        <Route path="cases/:caseId" element={<CaseScreen />} />
        <Route path="returns" element={<ReturnsScreen />} />
        <Route path="report" element={<BatchReportScreen />} />
        <Route path="me" element={<ScoresScreen />} />
        <Route path="*" element={<Navigate to="" replace />} />
      </Routes>
    </PhoneShell>
  );
}
