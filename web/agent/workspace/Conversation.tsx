import { useEffect, useRef } from "react";
import { Empty, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { dateTime } from "../../shared/format";
import { useMessages, type Message } from "./queries";
import { ReplyComposer } from "./ReplyComposer";

function Bubble({ m, readByCustomer }: { m: Message; readByCustomer: boolean }) {
  const { t } = useTranslation("workspace");
  const staff = m.side === "staff";
  return (
    <div style={{ display: "flex", justifyContent: staff ? "flex-end" : "flex-start" }} data-testid={staff ? "message-staff" : "message-customer"}>
      <div style={{ maxWidth: "85%", background: staff ? "#e6f4ff" : "#f5f5f5", borderRadius: 8, padding: "6px 10px" }}>
        <Space size={6} wrap>
          <Typography.Text strong>{m.author.label}</Typography.Text>
          <Typography.Text type="secondary">{dateTime(m.createdAt)}</Typography.Text>
          {m.script && <Tag>{t("viaScript")}</Tag>}
          {staff && <Typography.Text type="secondary">{readByCustomer ? t("read") : t("unread")}</Typography.Text>}
        </Space>
        <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{m.body}</Typography.Paragraph>
        {m.evidenceIds.length > 0 && <Typography.Text type="secondary">{t("messagePhotos", { count: m.evidenceIds.length })}</Typography.Text>}
      </div>
    </div>
  );
}

/** The conversation with the customer, marked read as the agent sees it, and the reply box. */
export function Conversation({ caseId }: { caseId: string }) {
  const { t } = useTranslation("workspace");
  const messages = useMessages(caseId);
  const bottom = useRef<HTMLDivElement>(null);
  const page = messages.data;
  const lastId = page?.messages.at(-1)?.id;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "nearest" });
    if (page && page.unreadForMe > 0 && lastId !== undefined)
      void call(api.POST("/api/v1/cases/{caseId}/messages/read", { params: { path: { caseId } }, body: { upToId: lastId } })).catch(() => undefined); // read markers are best effort
  }, [caseId, page, lastId]);
  return (
    <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="conversation">
      <div style={{ maxHeight: 300, overflowY: "auto", paddingRight: 4 }}>
        <DeskQuery query={messages} isEmpty={(d) => d.messages.length === 0} empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noMessages")} />}>
          {(d) => (
            <Space orientation="vertical" size={6} style={{ width: "100%" }}>
              {d.messages.map((m) => (
                <Bubble key={m.id} m={m} readByCustomer={m.id <= d.otherSideReadUpTo} />
              ))}
              <div ref={bottom} />
            </Space>
          )}
        </DeskQuery>
      </div>
      <ReplyComposer caseId={caseId} />
    </Space>
  );
}
