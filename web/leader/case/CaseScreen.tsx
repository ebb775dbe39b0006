import { PullToRefresh } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { PhoneQuery } from "../../shared/PhoneStates";
import { LeaderFrame } from "../LeaderFrame";
import { useCase } from "../queries";
import { CaseActions } from "./CaseActions";
import { CaseDecision, CaseHead, CaseItems, CasePhotos, CaseTimeline } from "./CaseFacts";
import { Conversation } from "./Conversation";
import { ReplyBox } from "./ReplyBox";

/** One case at my point: what was claimed and why policy decided so, what I may do, the customer's conversation. */
export function CaseScreen() {
  const { t } = useTranslation("leader");
  const caseId = useParams().caseId ?? "";
  const kase = useCase(caseId);
  return (
    <LeaderFrame title={t("titles.case")} back="/m/leader">
      <PullToRefresh onRefresh={async () => void (await kase.refetch())}>
        <PhoneQuery query={kase}>
          {(c) => (
            <>
              <CaseHead kase={c} />
              <CaseActions kase={c} />
              <CaseItems kase={c} />
              <CasePhotos kase={c} />
              <CaseDecision kase={c} />
              <Conversation caseId={c.id} />
              <ReplyBox caseId={c.id} />
              <CaseTimeline kase={c} />
            </>
          )}
        </PhoneQuery>
      </PullToRefresh>
    </LeaderFrame>
  );
}
