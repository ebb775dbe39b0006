import { Card } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { shortDateTime } from "../../shared/format";
import { PhoneQuery } from "../../shared/PhoneStates";
import { useMessages } from "../queries";

/** The conversation on the case, oldest first: the customer on the left, staff on the right. */
export function Conversation({ caseId }: { caseId: string }) {
  const { t } = useTranslation("leader");
  const messages = useMessages(caseId);
  return (
    <Card title={t("detail.conversation")} style={{ margin: "8px 8px 0", borderRadius: 8 }} data-testid="conversation">
      <PhoneQuery query={messages} isEmpty={(d) => d.messages.length === 0} empty={<div style={{ color: "#999", fontSize: 13 }}>{t("detail.noMessages")}</div>}>
        {(page) => (
          <div style={{ display: "flex", flexDirection: "column", gap: 8 }}>
            {page.messages.map((m) => (
              <div key={m.id} data-testid="message" style={{ alignSelf: m.side === "staff" ? "flex-end" : "flex-start", maxWidth: "85%" }}>
                <div style={{ fontSize: 11, color: "#999", textAlign: m.side === "staff" ? "right" : "left" }}>
                  {m.author.label} · {shortDateTime(m.createdAt)}
                </div>
                <div style={{ background: m.side === "staff" ? "#e6f4ff" : "#f5f5f5", borderRadius: 8, padding: "6px 10px", fontSize: 14, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>{m.body}</div>
              </div>
            ))}
          </div>
        )}
      </PhoneQuery>
    </Card>
  );
}
