import type { ReactNode } from "react";
import { ConfigProvider } from "antd-mobile";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import { useLanguage } from "./i18n";
import "./react19-antd-mobile";

/** The phone frame (375×667 and up): antd-mobile in the current language, one column, safe-area padding. */
export function PhoneShell({ children }: { children: ReactNode }) {
  const language = useLanguage();
  return (
    <ConfigProvider locale={language === "en" ? enUS : zhCN}>
      <div style={{ maxWidth: 560, margin: "0 auto", minHeight: "100vh", background: "#f5f5f5", paddingBottom: "env(safe-area-inset-bottom)" }}>{children}</div>
    </ConfigProvider>
  );
}
