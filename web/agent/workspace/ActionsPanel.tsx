import { Button, Card, Divider, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { useSession } from "../../shared/session";
import type { CaseActionName } from "./CaseActionDialogs";
import type { OwnershipActionName } from "./OwnershipDialogs";
import { useCaseWrite, type CaseView } from "./queries";
import { WriteError } from "./WriteError";

export type DialogName = CaseActionName | OwnershipActionName;

/** The keys that open an action (see useShortcuts), shown on its button. */
export const SHORTCUT_OF: Partial<Record<DialogName, string>> = { approve: "a", reject: "r", request_info: "i", escalate: "e" };

const CASE_ACTIONS: CaseActionName[] = ["approve", "reject", "request_info", "receive_return", "reship_delivered", "close", "cancel"];
const CASE_ACTION_SET = new Set<string>(CASE_ACTIONS);
export const isCaseAction = (a: string): a is CaseActionName => CASE_ACTION_SET.has(a);

/**
 * What the agent may do now. Case actions are exactly the case's `allowedActions`; ownership
 * follows the routes' roles (take: an unowned case; hand over: your own, or any for a supervisor).
 */
/** The ownership dialogs this person may open on the case, by the routes' roles: the panel's buttons and the shortcuts alike. */
export function ownershipDialogs(kase: CaseView, user: { id: string; role: string } | null | undefined): Set<DialogName> {
  const role = user?.role;
  const worker = role === "agent" || role === "supervisor";
  const open = new Set<DialogName>();
  if (worker && kase.ownerId && (kase.ownerId === user?.id || role === "supervisor")) open.add("handover");
  if (role === "supervisor") open.add("assign");
  if (worker || role === "leader") open.add("escalate");
  return open;
}

export function ActionsPanel({ kase, onOpen }: { kase: CaseView; onOpen: (dialog: DialogName) => void }) {
  const { t } = useTranslation("workspace");
  const user = useSession()?.user;
  const role = user?.role;
  const worker = role === "agent" || role === "supervisor";
  const ownership = ownershipDialogs(kase, user);
  const take = useCaseWrite(kase.id, () => call(api.POST("/api/v1/cases/{caseId}/take", { params: { path: { caseId: kase.id } } })));
  const caseActions = kase.allowedActions.filter(isCaseAction);
  const label = (a: DialogName) => `${t(`action.${a}`)}${SHORTCUT_OF[a] ? ` (${SHORTCUT_OF[a]})` : ""}`;
  return (
    <Card size="small" title={t("actions")} data-testid="actions">
      {caseActions.length === 0 ? (
        <Typography.Text type="secondary" data-testid="no-actions">
          {t("noCaseActions")}
        </Typography.Text>
      ) : (
        <Space wrap size={8}>
          {caseActions.map((a) => (
            <Button key={a} type={a === "approve" ? "primary" : "default"} danger={a === "reject" || a === "cancel"} onClick={() => onOpen(a)} data-testid={`action-${a}`}>
              {label(a)}
            </Button>
          ))}
        </Space>
      )}
      {(worker || role === "leader") && (
        <>
          <Divider style={{ margin: "10px 0" }} />
          <Space wrap size={8}>
            {worker && !kase.ownerId && (
              <Button onClick={() => take.mutate(undefined)} loading={take.isPending} data-testid="action-take">
                {t("action.take")}
              </Button>
            )}
            {ownership.has("handover") && (
              <Button onClick={() => onOpen("handover")} data-testid="action-handover">
                {label("handover")}
              </Button>
            )}
            {ownership.has("assign") && (
              <Button onClick={() => onOpen("assign")} data-testid="action-assign">
                {label("assign")}
              </Button>
            )}
            <Button onClick={() => onOpen("escalate")} data-testid="action-escalate">
              {label("escalate")}
            </Button>
          </Space>
          {take.error ? <div style={{ marginTop: 8 }}><WriteError error={take.error} /></div> : null}
        </>
      )}
    </Card>
  );
}
