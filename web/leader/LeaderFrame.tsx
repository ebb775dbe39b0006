import type { ReactNode } from "react";
import { NavBar, TabBar } from "antd-mobile";
import { AlertOutlined, InboxOutlined, TrophyOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { setLanguage, useLanguage } from "../shared/i18n";

const TABS = [
  { key: "/m/leader", tab: "cases", icon: <UnorderedListOutlined /> },
  { key: "/m/leader/returns", tab: "returns", icon: <InboxOutlined /> },
  { key: "/m/leader/report", tab: "report", icon: <AlertOutlined /> },
  { key: "/m/leader/me", tab: "me", icon: <TrophyOutlined /> },
] as const;

/**
 * One leader screen: a title bar (back when it is a detail, the language switch), the content
 * scrolling in between, and the tab bar kept in reach of the thumb.
 */
export function LeaderFrame({ title, back, children }: { title: string; back?: string; children: ReactNode }) {
  const { t } = useTranslation("leader");
  const { t: common } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = TABS.find((tab) => tab.key !== "/m/leader" && pathname.startsWith(tab.key))?.key ?? "/m/leader";
  return (
    <div style={{ display: "flex", flexDirection: "column", height: "100dvh" }}>
      <NavBar
        style={{ background: "#fff", flex: "none", borderBottom: "1px solid #eee" }}
        backIcon={back !== undefined}
        onBack={back !== undefined ? () => navigate(back) : undefined}
        right={
          <a data-testid="language-switch" onClick={() => setLanguage(language === "en" ? "zh" : "en")}>
            {common("language")}
          </a>
        }
      >
        {title}
      </NavBar>
      <div style={{ flex: 1, overflowY: "auto", overflowX: "hidden" }} data-testid="leader-content">
        {children}
      </div>
      <TabBar activeKey={active} onChange={(key) => navigate(key)} style={{ background: "#fff", flex: "none", borderTop: "1px solid #eee" }}>
        {TABS.map((tab) => (
          <TabBar.Item key={tab.key} icon={tab.icon} title={t(`tabs.${tab.tab}`)} data-testid={`tab-${tab.tab}`} />
        ))}
      </TabBar>
    </div>
  );
}
