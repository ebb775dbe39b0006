import type { ReactNode } from "react";
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Typography } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { api } from "./api";
import { setLanguage, useLanguage } from "./i18n";
import { session, useSession, type Role } from "./session";

export interface DeskNavItem {
  /** absolute path the item opens */
  path: string;
  label: string;
  roles: Role[];
}

/**
 * The desk frame (1440×900 and up): header with the app's sections the person may open,
 * language switch and logout; antd in the current language. Agent and ops screens live inside it.
 */
export function DeskShell({ nav, children }: { nav: DeskNavItem[]; children: ReactNode }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const current = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const role = current?.user.role;
  const items = nav.filter((n) => role && n.roles.includes(role));
  const selected = items.filter((n) => location.pathname.startsWith(n.path)).sort((a, b) => b.path.length - a.path.length)[0]?.path;

  const logout = async () => {
    await api.POST("/api/v1/auth/logout").catch(() => undefined); // the session ends here either way
    session.signOut();
    navigate("/login");
  };

  return (
    <ConfigProvider locale={language === "en" ? enUS : zhCN} theme={{ token: { colorPrimary: "#1677ff", borderRadius: 6 } }}>
      <AntApp>
        <Layout style={{ minHeight: "100vh" }}>
          <Layout.Header style={{ display: "flex", alignItems: "center", gap: 24, paddingInline: 24 }}>
            <Typography.Title level={4} style={{ color: "#fff", margin: 0, whiteSpace: "nowrap" }}>
              {t("appName")}
            </Typography.Title>
            <Menu
              theme="dark"
              mode="horizontal"
              selectedKeys={selected ? [selected] : []}
              items={items.map((n) => ({ key: n.path, label: n.label }))}
              onClick={(e) => navigate(e.key)}
              style={{ flex: 1, minWidth: 0 }}
            />
            <Space>
              <Typography.Text style={{ color: "rgba(255,255,255,.85)" }} data-testid="whoami">
                {current?.user.name} · {role ? t(`roles.${role}`) : ""}
              </Typography.Text>
              <Button size="small" onClick={() => setLanguage(language === "en" ? "zh" : "en")}>
                {t("language")}
              </Button>
              <Button size="small" onClick={() => void logout()}>
                {t("logout")}
              </Button>
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: 16 }}>{children}</Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
