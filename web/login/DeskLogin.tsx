import { Alert, App as AntApp, Button, Card, ConfigProvider, Form, Input, Typography } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { setLanguage, useLanguage } from "../shared/i18n";
import { session } from "../shared/session";
import { afterLogin, useStaffLogin } from "./useStaffLogin";

/** Staff login at a desk. */
export default function DeskLogin() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const login = useStaffLogin();
  const { failure } = login;

  return (
    <ConfigProvider locale={language === "en" ? enUS : zhCN}>
      <AntApp>
        <div style={{ minHeight: "100vh", display: "grid", placeItems: "center", background: "#f0f2f5" }}>
          <Card style={{ width: 380 }}>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {t("appName")} · {t("login.title")}
            </Typography.Title>
            {session.wasExpired() && !login.error && <Alert type="warning" showIcon title={t("login.expired")} style={{ marginBottom: 16 }} />}
            {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="login-error" />}
            <Form layout="vertical" onFinish={(values: { login: string; password: string }) => login.mutate(values, { onSuccess: (role) => navigate(afterLogin(role), { replace: true }) })}>
              <Form.Item name="login" label={t("login.login")} rules={[{ required: true }]}>
                <Input autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item name="password" label={t("login.password")} rules={[{ required: true }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={login.isPending}>
                {t("login.submit")}
              </Button>
            </Form>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
              {t("login.customerHint")}
            </Typography.Paragraph>
            <Button type="link" style={{ padding: 0 }} onClick={() => setLanguage(language === "en" ? "zh" : "en")}>
              {t("language")}
            </Button>
          </Card>
        </div>
      </AntApp>
    </ConfigProvider>
  );
}
