import { Button, Descriptions, Input, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { useDraft } from "../../shared/draft";
import { fenOf, yuan } from "../../shared/format";
import { useSession } from "../../shared/session";
import { useCaseWrite, useLiability, type Liability } from "./queries";
import { WriteError } from "./WriteError";

type Share = Liability["suggested"][number];
type ShareDraft = { party: Share["party"]; partyId: string; amount: string; reason: string };

const READERS = new Set(["agent", "supervisor", "finance", "ops_admin"]);
const ASSIGNERS = new Set(["agent", "supervisor", "finance"]);

/** The split being edited: what was typed, else the current assignment, else the suggested default. */
function startingShares(l: Liability): ShareDraft[] {
  const from = l.current?.parties ?? l.suggested;
  return from.map((s) => ({ party: s.party, partyId: s.partyId, amount: (s.amountFen / 100).toFixed(2), reason: s.reason }));
}

function AssignForm({ caseId, liability }: { caseId: string; liability: Liability }) {
  const { t } = useTranslation("workspace");
  const [shares, setShares, clear] = useDraft<ShareDraft[] | null>(`workspace.${caseId}.liability`, null);
  const list = shares ?? startingShares(liability);
  const parsed = list.map((s) => ({ party: s.party, partyId: s.partyId, amountFen: fenOf(s.amount), reason: s.reason.trim() }));
  const complete = parsed.every((p) => p.amountFen !== null && p.reason);
  const total = parsed.reduce((sum, p) => sum + (p.amountFen ?? 0), 0);
  const assign = useCaseWrite(caseId, () =>
    call(api.POST("/api/v1/cases/{caseId}/liability", { params: { path: { caseId } }, body: { parties: parsed.map((p) => ({ ...p, amountFen: p.amountFen ?? 0 })) } })),
  );
  const edit = (i: number, patch: Partial<ShareDraft>) => setShares(list.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Space orientation="vertical" size={6} style={{ width: "100%" }}>
      {list.map((s, i) => (
        <Space.Compact key={`${s.party}-${s.partyId}`} style={{ width: "100%" }}>
          <Input readOnly style={{ width: "38%" }} value={`${t(`party.${s.party}`)} ${s.partyId}`} />
          <Input style={{ width: "24%" }} prefix="¥" value={s.amount} status={fenOf(s.amount) === null ? "error" : undefined} onChange={(e) => edit(i, { amount: e.target.value })} />
          <Input style={{ width: "38%" }} value={s.reason} placeholder={t("shareReason")} onChange={(e) => edit(i, { reason: e.target.value })} />
        </Space.Compact>
      ))}
      <Typography.Text type={total === liability.paidFen ? "secondary" : "warning"}>{t("shareTotal", { total: yuan(total), paid: yuan(liability.paidFen) })}</Typography.Text>
      <WriteError error={assign.error} />
      <Button block data-testid="liability-submit" disabled={!complete || list.length === 0} loading={assign.isPending} onClick={() => assign.mutate(undefined, { onSuccess: () => clear() })}>
        {liability.current ? t("reassignLiability") : t("assignLiability")}
      </Button>
    </Space>
  );
}

/** Who bears the case's cost once the customer is paid (先行赔付), for the roles that see it. */
export function LiabilityPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation("workspace");
  const role = useSession()?.user.role ?? "";
  const liability = useLiability(caseId, READERS.has(role));
  if (!READERS.has(role)) return <Typography.Text type="secondary">{t("liabilityNotForRole")}</Typography.Text>;
  return (
    <div data-testid="liability">
      <DeskQuery query={liability}>
        {(l) => (
          <Space orientation="vertical" size={8} style={{ width: "100%" }}>
            <Descriptions
              size="small"
              column={2}
              items={[
                { key: "paid", label: t("paidToCustomer"), children: yuan(l.paidFen) },
                { key: "assigned", label: t("assigned"), children: yuan(l.assignedFen) },
              ]}
            />
            {l.current && (
              <Space wrap size={4}>
                {l.current.parties.map((p) => (
                  <Tag key={`${p.party}-${p.partyId}`} color="geekblue">
                    {t(`party.${p.party}`)} {p.partyId} {yuan(p.amountFen)}
                  </Tag>
                ))}
                <Typography.Text type="secondary">{t("liabilityVersion", { version: l.current.version })}</Typography.Text>
              </Space>
            )}
            {l.paidFen === 0 ? (
              <Typography.Text type="secondary">{t("notPaidYet")}</Typography.Text>
            ) : (
              ASSIGNERS.has(role) && <AssignForm caseId={caseId} liability={l} />
            )}
          </Space>
        )}
      </DeskQuery>
    </div>
  );
}
