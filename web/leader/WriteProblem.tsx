import { NoticeBar } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "../shared/api";
import { useProblemText } from "../shared/problemText";
import { yuan } from "../shared/format";

/**
 * Why a write failed, in words: above the leader's approval limit gets its own message (the case
 * goes to an agent), anything else the problem's own text. What was typed stays in the form.
 */
export function WriteProblem({ error }: { error: unknown }) {
  const { t } = useTranslation("leader");
  const problemText = useProblemText();
  if (!error) return null;
  if (error instanceof ApiProblem && error.slug === "leader-limit-exceeded") {
    const fen = (name: string) => (typeof error.body[name] === "number" ? yuan(error.body[name]) : "—");
    return (
      <div data-testid="limit-exceeded" style={{ margin: "8px 0", padding: 12, borderRadius: 8, background: "#fff7e6", border: "1px solid #ffd591" }}>
        <div style={{ fontWeight: 600, color: "#d46b08" }}>{t("act.limitTitle")}</div>
        <div style={{ fontSize: 13, color: "#595959", marginTop: 4 }}>{t("act.limitBody", { perCase: fen("perCaseFen"), perDay: fen("perDayFen"), remaining: fen("remainingTodayFen") })}</div>
      </div>
    );
  }
  return <NoticeBar data-testid="write-error" color="error" wrap content={`${t("act.failed")}: ${problemText(error)}`} style={{ margin: "8px 0" }} />;
}
