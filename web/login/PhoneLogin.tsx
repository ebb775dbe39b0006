import { Button, Form, Input, NavBar, NoticeBar } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { setLanguage, useLanguage } from "../shared/i18n";
import { PhoneShell } from "../shared/PhoneShell";
import { session } from "../shared/session";
import { afterLogin, useStaffLogin } from "./useStaffLogin";

/** Staff login on a phone (group leaders at their pickup points). */
export default function PhoneLogin() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const login = useStaffLogin();
  const { failure } = login;

  return (
    <PhoneShell>
      <NavBar backIcon={false} right={<a onClick={() => setLanguage(language === "en" ? "zh" : "en")}>{t("language")}</a>}>
        {t("login.title")}
      </NavBar>
      {session.wasExpired() && !login.error && <NoticeBar content={t("login.expired")} color="alert" />}
      {failure && <NoticeBar content={failure} color="error" data-testid="login-error" />}
      <Form
        layout="horizontal"
        onFinish={(values: { login: string; password: string }) => login.mutate(values, { onSuccess: (role) => navigate(afterLogin(role), { replace: true }) })}
        footer={
          <Button block type="submit" color="primary" size="large" loading={login.isPending}>
            {t("login.submit")}
          </Button>
        }
      >
        <Form.Item name="login" label={t("login.login")} rules={[{ required: true }]}>
          <Input autoComplete="username" clearable />
        </Form.Item>
        <Form.Item name="password" label={t("login.password")} rules={[{ required: true }]}>
          <Input type="password" autoComplete="current-password" clearable />
        </Form.Item>
      </Form>
    </PhoneShell>
  );
}
