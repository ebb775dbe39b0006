import { useEffect, type ReactNode } from "react";
import { ErrorBlock } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { PhoneShell } from "../shared/PhoneShell";
import { session, useSession } from "../shared/session";

/**
 * A customer arrives from the group-buying platform with `#token=…` (the platform issued it with
 * POST /api/v1/customer-tokens). The token is kept and removed from the address bar.
 */
export default function CustomerEntry({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { hash, pathname, search } = useLocation();
  const navigate = useNavigate();
  const handedOver = new URLSearchParams(hash.slice(1)).get("token");
  useEffect(() => {
    if (!handedOver) return;
    if (session.token() !== handedOver) session.adoptCustomerToken(handedOver);
    navigate(pathname + search, { replace: true });
  }, [handedOver, navigate, pathname, search]);
  const current = useSession();
  if (handedOver) return null; // adopting it
  if (!current || current.user.role !== "customer")
    return (
      <PhoneShell>
        <ErrorBlock status="disconnected" title={t(session.wasExpired() ? "login.expired" : "appName")} description={t("login.customerHint")} fullPage />
      </PhoneShell>
    );
  return <>{children}</>;
}
