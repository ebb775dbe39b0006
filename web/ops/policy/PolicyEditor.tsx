import { useState } from "react";
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Space, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiProblem, api, call } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { KNOBS, changesBetween, fieldErrorsOf, knobValue, parsePolicy, pretty, withKnob } from "./policyJson";
import type { PolicyDocument } from "./queries";

const MONO = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: 12 };

/**
 * Edits the next policy version: the main knobs as a form, the whole document as JSON (both views
 * of one text, kept in a draft until the server accepts it), then publishes it as latest + 1.
 * The server validates; its invalid-policy details are shown next to the field they name.
 */
export function PolicyEditor({ inForce, latest, canPublish }: { inForce: PolicyDocument; latest: number; canPublish: boolean }) {
  const { t } = useTranslation("ops");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft("ops.policy", { text: "", note: "" });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const text = draft.text || pretty(inForce);
  const parsed = parsePolicy(text);
  const changes = parsed.ok ? changesBetween(inForce, parsed.value) : [];
  const setText = (next: string) => setDraft((d) => ({ ...d, text: next }));

  const publish = useMutation({
    mutationFn: (document: Record<string, unknown>) => call(api.POST("/api/v1/policy/versions", { body: { document: { ...document, version: latest + 1 }, note: draft.note } })),
    onSuccess: async (published) => {
      setProblem(null);
      clearDraft();
      void message.success(t("policy.published", { version: published.version }));
      await client.invalidateQueries({ queryKey: ["policy"] });
    },
    onError: async (e) => {
      setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, "network", problemText(e), undefined));
      // someone else published first: learn the new latest, keep the edit for another try
      if (e instanceof ApiProblem && e.status === 409) await client.invalidateQueries({ queryKey: ["policy"] });
    },
  });

  const fieldErrors = problem?.slug === "invalid-policy" ? fieldErrorsOf(problem.body) : [];
  const knobPaths = new Set(KNOBS.map((k) => k.path));
  const otherErrors = fieldErrors.filter((e) => !knobPaths.has(e.path));
  const problemTitle = problem?.status === 409 ? t("policy.conflict") : problem?.slug === "invalid-policy" ? t("policy.invalid") : t("error", { ns: "common" });

  return (
    <Row gutter={16}>
      <Col span={9}>
        <Card size="small" title={t("policy.knobs")}>
          <Form layout="vertical" size="small" disabled={!parsed.ok}>
            <Row gutter={12}>
              {KNOBS.map((knob) => {
                const error = fieldErrors.find((e) => e.path === knob.path);
                return (
                  <Col span={12} key={knob.key}>
                    <Form.Item label={t(`policy.${knob.key}`)} validateStatus={error ? "error" : undefined} help={error ? <span data-testid={`field-error-${knob.key}`}>{error.message}</span> : undefined}>
                      <InputNumber
                        style={{ width: "100%" }}
                        min={0}
                        precision={knob.unit === "yuan" ? 2 : knob.unit === "percent" ? 1 : 0}
                        value={parsed.ok ? knobValue(parsed.value, knob) : null}
                        onChange={(v) => parsed.ok && setText(pretty(withKnob(parsed.value, knob, typeof v === "number" ? v : null)))}
                        data-testid={`knob-${knob.key}`}
                      />
                    </Form.Item>
                  </Col>
                );
              })}
            </Row>
          </Form>
          <Form layout="vertical" size="small">
            <Form.Item label={t("policy.note")}>
              <Input value={draft.note} maxLength={500} placeholder={t("policy.notePlaceholder")} onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))} data-testid="policy-note" />
            </Form.Item>
          </Form>
          <Flex vertical gap={8}>
            {problem && (
              <Alert type="error" showIcon title={problemTitle} description={<span data-testid="policy-problem">{`${problemText(problem)} — ${t("policy.draftKept")}`}</span>} data-testid="policy-problem-alert" />
            )}
            <Typography.Text type="secondary">{changes.length === 0 ? t("policy.unchanged") : t("policy.nextVersion", { version: latest + 1 })}</Typography.Text>
            <Space>
              <Button type="primary" loading={publish.isPending} disabled={!canPublish || !parsed.ok || changes.length === 0} onClick={() => parsed.ok && publish.mutate(parsed.value)} data-testid="publish">
                {t("policy.publish")}
              </Button>
              <Button
                disabled={!draft.text && !draft.note}
                onClick={() => {
                  clearDraft();
                  setProblem(null);
                  void message.info(t("policy.resetDone"));
                }}
              >
                {t("policy.reset")}
              </Button>
            </Space>
          </Flex>
        </Card>
      </Col>
      <Col span={15}>
        <Card size="small" title={t("policy.document")} extra={<Typography.Text type="secondary">{t("policy.documentHelp")}</Typography.Text>}>
          <Form layout="vertical">
            <Form.Item validateStatus={parsed.ok ? undefined : "error"} help={parsed.ok ? undefined : <span data-testid="json-error">{t("policy.jsonError", { message: parsed.message })}</span>} style={{ marginBottom: 8 }}>
              <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} style={{ ...MONO, height: 560 }} data-testid="policy-json" />
            </Form.Item>
          </Form>
          {otherErrors.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t("policy.invalid")}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="document-errors">
                  {otherErrors.map((e) => (
                    <li key={`${e.path}:${e.message}`}>
                      <code>{e.path}</code> {e.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
