import { useState } from "react";
import { Button, Card, Col, Row, Space, Tabs, Tag, Tooltip } from "antd";
import { QuestionCircleOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { DeskQuery } from "../../shared/DeskStates";
import { registerStrings } from "../../shared/i18n";
import { useCaseStream } from "../../shared/stream";
import { useSession } from "../../shared/session";
import { ActionsPanel, isCaseAction, ownershipDialogs, type DialogName } from "./ActionsPanel";
import { CaseActionDialog } from "./CaseActionDialogs";
import { CaseHeader } from "./CaseHeader";
import { CaseTimeline } from "./CaseTimeline";
import { Conversation } from "./Conversation";
import { DecisionCard } from "./DecisionCard";
import { EvidencePhotos } from "./EvidencePhotos";
import { LiabilityPanel } from "./LiabilityPanel";
import { LinksPanel } from "./LinksPanel";
import { workspaceStrings } from "./locales";
import { NOTE_INPUT_ID, NotesPanel } from "./NotesPanel";
import { OrderTrace } from "./OrderTrace";
import { OwnershipDialog } from "./OwnershipDialogs";
import { useCase, type CaseView } from "./queries";
import { RefundsPanel } from "./RefundsPanel";
import { MESSAGE_INPUT_ID } from "./ReplyComposer";
import { ShortcutHelp } from "./ShortcutHelp";
import { TasksPanel } from "./TasksPanel";
import { usePresence, type Viewer } from "./usePresence";
import { useShortcuts } from "./useShortcuts";
import { useStaffNames } from "./useStaffNames";

registerStrings("workspace", workspaceStrings);

/** Moves the keyboard to a text box on screen (the note or the reply). */
function focusInput(id: string) {
  const input = document.getElementById(id);
  input?.scrollIntoView({ block: "center" });
  input?.focus();
}

function Workspace({ kase, others }: { kase: CaseView; others: Viewer[] }) {
  const { t } = useTranslation("workspace");
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [help, setHelp] = useState(false);
  const [sideTab, setSideTab] = useState("notes");
  const nameOf = useStaffNames(kase.id, others);
  const user = useSession()?.user;
  const allowed = (a: DialogName) => (isCaseAction(a) ? kase.allowedActions.includes(a) : ownershipDialogs(kase, user).has(a));
  const open = (a: DialogName) => allowed(a) && setDialog(a);

  useShortcuts(
    {
      a: () => open("approve"),
      r: () => open("reject"),
      i: () => open("request_info"),
      e: () => open("escalate"),
      n: () => {
        setSideTab("notes");
        setTimeout(() => focusInput(NOTE_INPUT_ID)); // once the notes tab is drawn
      },
      m: () => focusInput(MESSAGE_INPUT_ID),
      "?": () => setHelp(true),
    },
    dialog === null && !help,
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="case-workspace">
      <CaseHeader kase={kase} ownerName={nameOf(kase.ownerId)} others={others} />
      <Row gutter={12} align="top">
        <Col span={8}>
          <Space orientation="vertical" size={12} style={{ width: "100%" }}>
            <DecisionCard kase={kase} />
            <EvidencePhotos evidenceIds={kase.evidenceIds} />
            <OrderTrace kase={kase} />
          </Space>
        </Col>
        <Col span={9}>
          <Space orientation="vertical" size={12} style={{ width: "100%" }}>
            <Card size="small" title={t("conversation")}>
              <Conversation caseId={kase.id} />
            </Card>
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs
                size="small"
                activeKey={sideTab}
                onChange={setSideTab}
                items={[
                  { key: "notes", label: <span data-testid="tab-notes">{t("internalNotes")} <Tag color="gold">{t("internal")}</Tag></span>, children: <NotesPanel caseId={kase.id} /> },
                  { key: "timeline", label: <span data-testid="tab-timeline">{t("timeline")}</span>, children: <CaseTimeline kase={kase} nameOf={nameOf} /> },
                ]}
              />
            </Card>
          </Space>
        </Col>
        <Col span={7}>
          <Space orientation="vertical" size={12} style={{ width: "100%" }}>
            <ActionsPanel kase={kase} onOpen={open} />
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs
                size="small"
                items={[
                  { key: "tasks", label: <span data-testid="tab-tasks">{t("tasks")}</span>, children: <TasksPanel caseId={kase.id} /> },
                  { key: "refunds", label: <span data-testid="tab-refunds">{t("refunds")}</span>, children: <RefundsPanel caseId={kase.id} /> },
                  { key: "liability", label: <span data-testid="tab-liability">{t("liability")}</span>, children: <LiabilityPanel caseId={kase.id} /> },
                  { key: "links", label: <span data-testid="tab-links">{t("links")}</span>, children: <LinksPanel caseId={kase.id} onOpenCase={(id) => navigate(`/desk/agent/cases/${encodeURIComponent(id)}`)} /> },
                ]}
              />
            </Card>
            <Tooltip title={t("shortcutsNotTyping")}>
              <Button type="text" icon={<QuestionCircleOutlined />} onClick={() => setHelp(true)} data-testid="shortcut-help">
                {t("shortcuts")} (?)
              </Button>
            </Tooltip>
          </Space>
        </Col>
      </Row>
      {dialog && isCaseAction(dialog) && <CaseActionDialog kase={kase} action={dialog} onClose={() => setDialog(null)} />}
      {dialog && !isCaseAction(dialog) && <OwnershipDialog kase={kase} action={dialog} others={others} onClose={() => setDialog(null)} />}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </Space>
  );
}

/**
 * The agent's case workspace: everything about one case on one screen — who, how urgent, what
 * policy decided, the evidence, the order's supply chain, the conversation, notes, timeline and
 * every action the case allows now. Live: an event for this case reloads what it shows.
 */
export function CaseWorkspace({ caseId }: { caseId: string }) {
  const kase = useCase(caseId);
  const others = usePresence(caseId);
  const client = useQueryClient();
  useCaseStream((event) => {
    if (event.caseId === caseId || event.topic === "reset") void client.invalidateQueries({ queryKey: ["workspace", caseId] });
  });
  return <DeskQuery query={kase}>{(k) => <Workspace kase={k} others={others} />}</DeskQuery>;
}
