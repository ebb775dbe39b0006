import { Button, Empty, Input, Select, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { useDraft } from "../../shared/draft";
import { useSession } from "../../shared/session";
import { useCaseWrite, useLinks } from "./queries";
import { WriteError } from "./WriteError";

/** Duplicates and related cases: link them, or merge this one into another of the same customer. */
export function LinksPanel({ caseId, onOpenCase }: { caseId: string; onOpenCase: (id: string) => void }) {
  const { t } = useTranslation("workspace");
  const role = useSession()?.user.role;
  const links = useLinks(caseId);
  const [form, setForm, clear] = useDraft(`workspace.${caseId}.link`, { otherCaseId: "", kind: "duplicate" as "duplicate" | "related" });
  const link = useCaseWrite(caseId, () => call(api.POST("/api/v1/cases/{caseId}/links", { params: { path: { caseId } }, body: { otherCaseId: form.otherCaseId.trim(), kind: form.kind } })));
  const merge = useCaseWrite(caseId, () => call(api.POST("/api/v1/cases/{caseId}/merge", { params: { path: { caseId } }, body: { intoCaseId: form.otherCaseId.trim() } })));
  const other = form.otherCaseId.trim();
  return (
    <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="links">
      <DeskQuery query={links} isEmpty={(d) => d.links.length === 0} empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noLinks")} />}>
        {(d) => (
          <Space orientation="vertical" size={4} style={{ width: "100%" }}>
            {d.links.map((l) => (
              <Space key={`${l.otherCaseId}-${l.kind}`} size={6} wrap>
                <Tag color={l.kind.startsWith("merged") ? "purple" : "blue"}>{t(`linkKind.${l.kind}`)}</Tag>
                <Typography.Link onClick={() => onOpenCase(l.otherCaseId)}>{l.otherCaseId}</Typography.Link>
                <Typography.Text type="secondary">
                  {t(`state.${l.otherState}`, { defaultValue: l.otherState })} · {t(`domain:problem.${l.otherProblemType}`, { defaultValue: l.otherProblemType })}
                  {l.sameCustomer ? ` · ${t("sameCustomer")}` : ""}
                </Typography.Text>
              </Space>
            ))}
          </Space>
        )}
      </DeskQuery>
      <Space.Compact style={{ width: "100%" }}>
        <Select style={{ width: 110 }} value={form.kind} onChange={(v: "duplicate" | "related") => setForm((f) => ({ ...f, kind: v }))} options={(["duplicate", "related"] as const).map((k) => ({ value: k, label: t(`linkKind.${k}`) }))} />
        <Input placeholder={t("otherCaseId")} value={form.otherCaseId} onChange={(e) => setForm((f) => ({ ...f, otherCaseId: e.target.value }))} />
      </Space.Compact>
      <WriteError error={link.error ?? merge.error} />
      <Space>
        <Button disabled={!other} loading={link.isPending} onClick={() => {
            merge.reset();
            link.mutate(undefined, { onSuccess: clear });
          }}>
          {t("addLink")}
        </Button>
        {(role === "agent" || role === "supervisor") && (
          <Button danger disabled={!other} loading={merge.isPending} onClick={() => {
              link.reset();
              merge.mutate(undefined, { onSuccess: clear });
            }}>
            {t("mergeInto")}
          </Button>
        )}
      </Space>
    </Space>
  );
}
