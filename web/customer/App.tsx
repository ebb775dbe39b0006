import { Route, Routes } from "react-router-dom";
import { PhoneShell } from "../shared/PhoneShell";
import "./locales";
import { OrdersPage } from "./OrdersPage";
import { OrderPage } from "./OrderPage";
import { ApplyPage } from "./apply/ApplyPage";
import { CasesPage } from "./CasesPage";
import { CasePage } from "./case/CasePage";

/** The customer's phone app: my orders → apply → decision → progress, conversation, rating. */
export default function CustomerApp() {
  return (
    <PhoneShell>
      <Routes>
        <Route index element={<OrdersPage />} />
        <Route path="orders/:orderId" element={<OrderPage />} />
        <Route path="orders/:orderId/apply" element={<ApplyPage />} />
        <Route path="cases" element={<CasesPage />} />
        <Route path="cases/:caseId" element={<CasePage />} />
        <Route path="*" element={<OrdersPage />} />
      </Routes>
    </PhoneShell>
  );
}
