import { Card, Empty, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { dateTime } from "../../shared/format";
import type { CaseView } from "./queries";

type Entry = NonNullable<CaseView["timeline"]>[number];

/** The words an event carries (a reason, a question, an amount) in one line. */
function detailOf(entry: Entry): string {
  return ["reason", "question", "note", "trackingNo"]
    .map((k) => entry.data[k])
    .filter((v): v is string => typeof v === "string" && v.length > 0)
    .join(" · ");
}

/** Everything that happened to the case, newest first. */
export function CaseTimeline({ kase, nameOf }: { kase: CaseView; nameOf: (staffId: string) => string | null }) {
  const { t } = useTranslation("workspace");
  /** "staff:S-1" as the colleague's name, "customer:C-1" as the customer, "system:policy" as the system's part */
  const who = (actor: string) => {
    const [kind, id = ""] = actor.split(/:(.*)/);
    if (kind === "staff") return nameOf(id) ?? id;
    if (kind === "customer") return t("actorCustomer");
    if (kind === "system") return t("actorSystem", { part: t(`systemPart.${id}`, { defaultValue: id }) });
    return actor;
  };
  const entries = [...(kase.timeline ?? [])].reverse();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noTimeline")} />;
  return (
    <Card size="small" variant="borderless" data-testid="timeline" styles={{ body: { padding: "8px 4px" } }}>
      <Timeline
        items={entries.map((e, i) => ({
          key: `${e.at}-${i}`,
          color: e.type === "reject" ? "red" : e.type === "approve" ? "green" : e.type === "escalate" || e.type === "escalated" ? "orange" : "blue",
          content: (
            <div>
              <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>{" "}
              <Typography.Text strong>{t(`event.${e.type}`, { defaultValue: e.type })}</Typography.Text>
              {e.from !== e.to && e.to && (
                <Typography.Text type="secondary">
                  {" "}
                  {t(`state.${e.from ?? "new"}`, { defaultValue: e.from ?? "" })} → {t(`state.${e.to}`, { defaultValue: e.to })}
                </Typography.Text>
              )}
              <div>
                <Typography.Text type="secondary">{who(e.actor)}</Typography.Text>
                {detailOf(e) && <Typography.Text> · {detailOf(e)}</Typography.Text>}
              </div>
            </div>
          ),
        }))}
      />
    </Card>
  );
}
