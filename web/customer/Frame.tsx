import type { ReactNode } from "react";
import { NavBar, TabBar } from "antd-mobile";
import { CustomerServiceOutlined, ShoppingOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { setLanguage, useLanguage } from "../shared/i18n";

/**
 * One screen of the customer's app: a title bar (back, language); the top-level lists (orders,
 * cases) have the tabs at the bottom, a screen reached from them has a back arrow instead.
 */
export function Frame({ title, back, children }: { title: string; back?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const language = useLanguage();
  const { pathname } = useLocation();
  const tab = pathname.includes("/m/customer/cases") ? "cases" : "orders";
  return (
    <div style={{ display: "flex", flexDirection: "column", minHeight: "100vh" }}>
      <NavBar
        style={{ background: "#fff", borderBottom: "1px solid #eee" }}
        back={back ? t("back") : null}
        onBack={back ? () => navigate(back) : undefined}
        right={
          <a role="button" data-testid="language" onClick={() => setLanguage(language === "en" ? "zh" : "en")} style={{ fontSize: 14 }}>
            {t("language")}
          </a>
        }
      >
        {title}
      </NavBar>
      <main style={{ flex: 1, paddingBottom: back ? 16 : 64 }}>{children}</main>
      {!back && (
        <TabBar
          activeKey={tab}
          onChange={(key) => navigate(`/m/customer/${key === "cases" ? "cases" : ""}`)}
          style={{ position: "fixed", bottom: 0, left: 0, right: 0, maxWidth: 560, margin: "0 auto", background: "#fff", borderTop: "1px solid #eee" }}
        >
          <TabBar.Item key="orders" title={t("customer:tabs.orders")} icon={<ShoppingOutlined />} />
          <TabBar.Item key="cases" title={t("customer:tabs.cases")} icon={<CustomerServiceOutlined />} />
        </TabBar>
      )}
    </div>
  );
}
