import { Button, CheckList, Popup, SearchBar } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fromNow } from "../../shared/format";
import type { RecentGoods } from "../queries";

export type Goods = RecentGoods["goods"][number];
/** One SKU and batch at one point, as the picker and the draft name it. */
export const goodsKey = (g: Pick<Goods, "pickupPointId" | "sku" | "batchId">) => `${g.pickupPointId}|${g.sku}|${g.batchId ?? ""}`;

/** The goods received at a point within the after-sales window: pick the SKU and batch the problem is about. */
export function GoodsPicker({ goods, value, onChange }: { goods: Goods[]; value: string | null; onChange: (key: string) => void }) {
  const { t } = useTranslation("leader");
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const chosen = goods.find((g) => goodsKey(g) === value) ?? null;
  const shown = goods.filter((g) => !search.trim() || `${g.name} ${g.sku} ${g.batchId ?? ""}`.toLowerCase().includes(search.trim().toLowerCase()));
  return (
    <>
      <div onClick={() => setOpen(true)} data-testid="goods-picker" style={{ padding: "8px 0", cursor: "pointer" }}>
        {chosen ? <GoodsLine goods={chosen} /> : <span style={{ color: "#1677ff" }}>{t("report.pickGoods")} ›</span>}
      </div>
      <Popup visible={open} onMaskClick={() => setOpen(false)} bodyStyle={{ height: "70vh", display: "flex", flexDirection: "column", borderTopLeftRadius: 8, borderTopRightRadius: 8 }}>
        <div style={{ padding: 8 }}>
          <SearchBar value={search} onChange={setSearch} />
        </div>
        <div style={{ flex: 1, overflowY: "auto" }}>
          <CheckList
            value={value ? [value] : []}
            onChange={(v) => {
              if (v[0] !== undefined) onChange(String(v[0]));
              setOpen(false);
            }}
          >
            {shown.map((g) => (
              <CheckList.Item key={goodsKey(g)} value={goodsKey(g)} data-testid={`goods-${g.sku}-${g.batchId ?? "none"}`}>
                <GoodsLine goods={g} />
              </CheckList.Item>
            ))}
          </CheckList>
        </div>
        <Button block fill="none" onClick={() => setOpen(false)}>
          {t("cancel", { ns: "common" })}
        </Button>
      </Popup>
    </>
  );
}

function GoodsLine({ goods }: { goods: Goods }) {
  const { t } = useTranslation("leader");
  return (
    <div>
      <div style={{ fontSize: 15 }}>
        {goods.name} <span style={{ color: "#999", fontSize: 12 }}>{goods.sku}</span>
      </div>
      <div style={{ fontSize: 12, color: "#666", wordBreak: "break-all" }}>
        {goods.batchId ? t("report.batch", { id: goods.batchId }) : t("report.noBatch")} · {t("report.received", { time: fromNow(goods.lastReceivedAt) })}
      </div>
      <div style={{ fontSize: 12, color: "#d46b08" }}>{t("report.reach", { customers: goods.customers, lines: goods.orderLines })}</div>
    </div>
  );
}
