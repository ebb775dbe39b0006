import { Button, Checkbox, Form, List, Selector, Stepper, TextArea } from "antd-mobile";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { ApiProblem, api, call, newIdempotencyKey } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { yuan } from "../../shared/format";
import { PhoneQuery } from "../../shared/PhoneStates";
import { Frame } from "../Frame";
import { PhotoField, type Photo } from "../PhotoField";
import { useQuestionnaire } from "../../shared/questions";
import { PROBLEM_TYPES, useOrder, type ClaimBody, type OrderView, type ProblemType, type Resolution } from "../queries";
import { QuestionFields, type Answers } from "./QuestionFields";

/** What the customer has entered so far: kept until the server accepted the claim. */
interface ClaimDraft {
  /** line number → units claimed (absent: not claimed) */
  quantities: Record<string, number>;
  problemType: ProblemType | null;
  answers: Answers;
  photos: Photo[];
  wantedResolution: Resolution | null;
  description: string;
  /** one key per intended claim, made at the first submit and kept for every retry */
  idempotencyKey: string;
}

const EMPTY: ClaimDraft = { quantities: {}, problemType: null, answers: {}, photos: [], wantedResolution: null, description: "", idempotencyKey: "" };

/** The claim in one scrolling form: items, problem, its questions, photos, wanted resolution. */
export function ApplyPage() {
  const { t } = useTranslation("customer");
  const orderId = useParams().orderId ?? "";
  const order = useOrder(orderId);
  return (
    <Frame title={t("title.apply")} back={`/m/customer/orders/${encodeURIComponent(orderId)}`}>
      <PhoneQuery query={order}>{(o) => <ClaimForm order={o} />}</PhoneQuery>
    </Frame>
  );
}

function ClaimForm({ order }: { order: OrderView }) {
  const { t } = useTranslation("customer");
  const problemText = useProblemText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<ClaimDraft>(`claim.${order.id}`, EMPTY);
  const questionnaire = useQuestionnaire(draft.problemType);
  const patch = (p: Partial<ClaimDraft>) => setDraft((d) => ({ ...d, ...p }));
  const claimable = order.items.filter((i) => i.claimableQuantity > 0);

  const submit = useMutation({
    mutationFn: async (key: string) => {
      const body: ClaimBody = {
        orderId: order.id,
        items: Object.entries(draft.quantities).map(([lineNo, quantity]) => ({ lineNo: Number(lineNo), quantity })),
        problemType: draft.problemType as ProblemType,
        wantedResolution: draft.wantedResolution as Resolution,
        description: draft.description,
        evidenceIds: draft.photos.map((p) => p.id),
        answers: draft.answers,
      };
      return call(api.POST("/api/v1/cases", { params: { header: { "idempotency-key": key } }, body }));
    },
    onSuccess: (kase) => {
      clearDraft();
      void queryClient.invalidateQueries({ queryKey: ["cases"] });
      void queryClient.invalidateQueries({ queryKey: ["order", order.id] });
      navigate(`/m/customer/cases/${encodeURIComponent(kase.id)}?filed=1`, { replace: true });
    },
  });

  const send = () => {
    const key = draft.idempotencyKey || newIdempotencyKey("claim");
    if (key !== draft.idempotencyKey) patch({ idempotencyKey: key });
    submit.mutate(key);
  };

  const chooseProblem = (problemType: ProblemType | undefined) =>
    // another problem type asks other questions: the old answers and resolution no longer fit
    patch({ problemType: problemType ?? null, answers: {}, wantedResolution: null });

  const need = questionnaire.data?.evidence;
  const complete = Object.keys(draft.quantities).length > 0 && draft.problemType !== null && draft.wantedResolution !== null;
  const fieldErrors = submit.error instanceof ApiProblem && Array.isArray(submit.error.body.errors) ? (submit.error.body.errors as { path?: string; message?: string }[]) : [];

  return (
    <Form layout="vertical" data-testid="claim-form" footer={null}>
      <Form.Header>{t("apply.items")}</Form.Header>
      <List data-testid="claim-items">
        {claimable.map((i) => {
          const chosen = draft.quantities[i.lineNo];
          return (
            <List.Item
              key={i.id}
              data-testid={`claim-line-${i.lineNo}`}
              prefix={
                <Checkbox
                  checked={chosen !== undefined}
                  onChange={(on) => {
                    const quantities = { ...draft.quantities };
                    if (on) quantities[i.lineNo] = 1;
                    else delete quantities[i.lineNo];
                    patch({ quantities });
                  }}
                />
              }
              description={`${yuan(i.paidFen)} · ${t("order.claimable", { n: i.claimableQuantity })}`}
              extra={
                chosen !== undefined && (
                  <Stepper min={1} max={i.claimableQuantity} digits={0} value={chosen} onChange={(n) => patch({ quantities: { ...draft.quantities, [i.lineNo]: n ?? 1 } })} />
                )
              }
            >
              {i.name}
            </List.Item>
          );
        })}
      </List>

      <Form.Item label={t("apply.problem")} required>
        <Selector
          data-testid="problem-type"
          columns={2}
          options={PROBLEM_TYPES.map((p) => ({ label: t(`problem.${p}`), value: p }))}
          value={draft.problemType ? [draft.problemType] : []}
          onChange={(v) => chooseProblem(v[0])}
        />
      </Form.Item>

      {draft.problemType && (
        <PhoneQuery query={questionnaire}>
          {(q) => (
            <>
              {q.questions.length > 0 && <Form.Header>{t("apply.questions")}</Form.Header>}
              <QuestionFields questions={q.questions} answers={draft.answers} onChange={(answers) => patch({ answers })} />
              <Form.Item label={t("apply.photos")} required={q.evidence.minPhotos > 0} description={q.evidence.minPhotos > 0 ? t("apply.photosNeeded", { n: q.evidence.minPhotos }) : t("apply.photosOptional")}>
                <PhotoField testId="claim-photos" value={draft.photos} onChange={(photos) => patch({ photos })} />
              </Form.Item>
              <Form.Item label={t("apply.resolution")} required>
                <Selector
                  data-testid="resolution"
                  columns={2}
                  options={q.resolutions.map((r) => ({ label: t(`resolution.${r}`), value: r }))}
                  value={draft.wantedResolution ? [draft.wantedResolution] : []}
                  onChange={(v) => patch({ wantedResolution: v[0] ?? null })}
                />
              </Form.Item>
            </>
          )}
        </PhoneQuery>
      )}

      <Form.Item label={t("apply.description")} description={need && need.minDescriptionChars > 0 ? t("apply.descriptionNeeded", { n: need.minDescriptionChars }) : undefined}>
        <TextArea data-testid="description" placeholder={t("apply.descriptionPlaceholder")} value={draft.description} maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 6 }} onChange={(description) => patch({ description })} />
      </Form.Item>

      <div style={{ padding: "8px 16px 24px" }}>
        {submit.error && (
          <div role="alert" data-testid="submit-error" style={{ color: "var(--adm-color-danger)", marginBottom: 12, fontSize: 14 }}>
            <div>{t("apply.failed")}</div>
            <div>{problemText(submit.error)}</div>
            {fieldErrors.map((e, n) => (
              <div key={n}>
                {e.path} {e.message}
              </div>
            ))}
          </div>
        )}
        {!complete && <div style={{ color: "#999", fontSize: 13, marginBottom: 8 }}>{t("apply.itemsHint")}</div>}
        <Button block color="primary" size="large" data-testid="submit-claim" disabled={!complete} loading={submit.isPending} loadingText={t("apply.submitting")} onClick={send}>
          {t("apply.submit")}
        </Button>
      </div>
    </Form>
  );
}
