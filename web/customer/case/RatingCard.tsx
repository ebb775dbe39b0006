import { Button, Card, Rate, Selector, Tag, TextArea } from "antd-mobile";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { dateTime } from "../../shared/format";
import { PhoneQuery } from "../../shared/PhoneStates";
import { RATING_TAGS, useRating, type RatingTag } from "../queries";

/** The satisfaction rating of a finished case: the form while the API says it may be given, then the rating given. */
export function RatingCard({ caseId, caseState }: { caseId: string; caseState: string }) {
  const { t } = useTranslation("customer");
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const rating = useRating(caseId, caseState);
  const [draft, setDraft, clearDraft] = useDraft<{ score: number; tags: RatingTag[]; comment: string }>(`rating.${caseId}`, { score: 0, tags: [], comment: "" });
  const rate = useMutation({
    mutationFn: () => call(api.POST("/api/v1/cases/{caseId}/rating", { params: { path: { caseId } }, body: { score: draft.score, tags: draft.tags, comment: draft.comment } })),
    onSuccess: (given) => {
      clearDraft();
      queryClient.setQueryData(["rating", caseId, caseState], { rating: given, canRate: false });
    },
  });
  // nothing to show (or ask) until the case is finished
  if (rating.data && !rating.data.rating && !rating.data.canRate) return null;
  if (rating.isPending) return null;
  return (
    <Card title={t("rating.title")} style={{ margin: 12 }} data-testid="rating">
      <PhoneQuery query={rating}>
        {({ rating: given }) =>
          given ? (
            <div data-testid="rating-given">
              <div style={{ color: "#999", fontSize: 13 }}>
                {t("rating.given")} · {dateTime(given.createdAt)}
              </div>
              <Rate readOnly value={given.score} />
              <div style={{ display: "flex", flexWrap: "wrap", gap: 4, margin: "6px 0" }}>
                {given.tags.map((tag) => (
                  <Tag key={tag} color="primary" fill="outline">
                    {t(`rating.tag.${tag}`)}
                  </Tag>
                ))}
              </div>
              {given.comment && <div style={{ whiteSpace: "pre-wrap" }}>{given.comment}</div>}
              <div style={{ color: "var(--adm-color-success)", marginTop: 6 }}>{t("rating.thanks")}</div>
            </div>
          ) : (
            <div data-testid="rating-form">
              <Rate value={draft.score} onChange={(score) => setDraft((d) => ({ ...d, score }))} />
              <div style={{ margin: "8px 0 4px", color: "#999", fontSize: 13 }}>{t("rating.tags")}</div>
              <Selector
                multiple
                columns={2}
                options={RATING_TAGS.map((tag) => ({ label: t(`rating.tag.${tag}`), value: tag }))}
                value={draft.tags}
                onChange={(tags) => setDraft((d) => ({ ...d, tags }))}
              />
              <TextArea
                style={{ marginTop: 8 }}
                placeholder={t("rating.comment")}
                value={draft.comment}
                maxLength={500}
                showCount
                autoSize={{ minRows: 2 }}
                onChange={(comment) => setDraft((d) => ({ ...d, comment }))}
                data-testid="rating-comment"
              />
              {rate.error && (
                <div role="alert" style={{ color: "var(--adm-color-danger)", fontSize: 13 }} data-testid="rating-error">
                  {problemText(rate.error)}
                </div>
              )}
              <Button block color="primary" style={{ marginTop: 8 }} disabled={draft.score < 1} loading={rate.isPending} onClick={() => rate.mutate()} data-testid="submit-rating">
                {t("rating.submit")}
              </Button>
            </div>
          )
        }
      </PhoneQuery>
    </Card>
  );
}
