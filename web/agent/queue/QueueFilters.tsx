import { Button, Input, Segmented, Select, Space } from "antd";
import { useTranslation } from "react-i18next";
import type { paths } from "../../shared/api";
import { OPEN_STATES, PROBLEM_TYPES } from "../locales";

/** The queue's filters: GET /queue's query without paging. */
export type QueueFilter = Partial<Omit<NonNullable<paths["/api/v1/queue"]["get"]["parameters"]["query"]>, "limit" | "cursor">>;
type QueueView = NonNullable<QueueFilter["view"]>;
const VIEWS: QueueView[] = ["team", "mine", "unassigned", "escalated"];
// the lists the selects offer, checked against the API's own enums so they cannot drift apart
const problemTypes: readonly NonNullable<QueueFilter["problemType"]>[] = PROBLEM_TYPES;
const states: readonly NonNullable<QueueFilter["state"]>[] = OPEN_STATES;

/** Reads the filters from the address (so a reload or a shared link keeps them), dropping what is not one. */
export function filterOf(params: URLSearchParams): QueueFilter {
  const view = params.get("view") as QueueView | null;
  const problemType = params.get("problemType") as QueueFilter["problemType"] | null;
  const state = params.get("state") as QueueFilter["state"] | null;
  const pickupPointId = params.get("pickupPointId");
  return {
    ...(view && VIEWS.includes(view) ? { view } : {}),
    ...(problemType && problemTypes.includes(problemType) ? { problemType } : {}),
    ...(state && states.includes(state) ? { state } : {}),
    ...(pickupPointId ? { pickupPointId } : {}),
  };
}

/** The filters as address parameters, leaving out the empty ones. */
export function paramsOf(filter: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filter)) if (typeof v === "string" && v) out[k] = v;
  return out;
}

/** The filter toolbar; `onChange` gets what changed (applied over the filters in the address), `onClear` empties them. */
export function QueueFilters({ filter, onChange, onClear }: { filter: QueueFilter; onChange: (patch: QueueFilter) => void; onClear: () => void }) {
  const { t } = useTranslation("agent");
  const set = onChange;
  return (
    <Space wrap>
      <Segmented<QueueView>
        data-testid="filter-view"
        value={filter.view ?? "team"}
        options={VIEWS.map((v) => ({ value: v, label: t(`filters.view.${v}`) }))}
        onChange={(view) => set({ view })}
      />
      <Select
        data-testid="filter-problem-type"
        style={{ width: 160 }}
        allowClear
        placeholder={t("filters.problemType")}
        value={filter.problemType ?? null}
        options={problemTypes.map((p) => ({ value: p, label: t(`domain:problem.${p}`) }))}
        onChange={(problemType: QueueFilter["problemType"] | undefined) => set({ problemType: problemType ?? undefined })}
      />
      <Select
        data-testid="filter-state"
        style={{ width: 150 }}
        allowClear
        placeholder={t("filters.state")}
        value={filter.state ?? null}
        options={states.map((s) => ({ value: s, label: t(`states.${s}`) }))}
        onChange={(state: QueueFilter["state"] | undefined) => set({ state: state ?? undefined })}
      />
      <Input.Search
        data-testid="filter-pickup-point"
        style={{ width: 180 }}
        allowClear
        placeholder={t("filters.pickupPoint")}
        defaultValue={filter.pickupPointId ?? ""}
        key={filter.pickupPointId ?? ""}
        onSearch={(v) => set({ pickupPointId: v.trim() || undefined })}
      />
      <Button type="link" onClick={onClear} disabled={!Object.keys(paramsOf(filter)).length}>
        {t("filters.clear")}
      </Button>
    </Space>
  );
}
