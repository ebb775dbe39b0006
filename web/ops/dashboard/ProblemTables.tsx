import { useState } from "react";
import { App, Button, Card, Empty, Segmented, Table, Tabs, type TableColumnsType } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { useProblemText } from "../../shared/problemText";
import { exportXlsx, type ExportColumn } from "../../shared/export";
import { yuan } from "../../shared/format";
import type { DayRange, ProblemGroup, ProblemReport } from "./queries";

type Dimension = "skus" | "batches" | "suppliers";
type Order = "byCases" | "byCost";

type Row = ProblemGroup & { rank: number };

/** The columns a dimension shows: a batch names its SKU, a supplier is its own name. */
function useColumns(dimension: Dimension) {
  const { t } = useTranslation("ops");
  const all: (ExportColumn<Row> & { key: string; dims: Dimension[]; numeric?: boolean })[] = [
    { key: "rank", title: t("top.rank"), value: (r) => r.rank, width: 6, dims: ["skus", "batches", "suppliers"], numeric: true },
    { key: "key", title: t("top.key"), value: (r) => r.key, width: 22, dims: ["skus", "batches", "suppliers"] },
    { key: "label", title: t("top.label"), value: (r) => r.label, width: 26, dims: ["skus", "suppliers"] },
    { key: "sku", title: t("top.sku"), value: (r) => r.sku, width: 14, dims: ["batches"] },
    { key: "supplier", title: t("top.supplier"), value: (r) => r.supplierName ?? r.supplierId, width: 26, dims: ["skus", "batches"] },
    { key: "cases", title: t("top.cases"), value: (r) => r.cases, width: 10, dims: ["skus", "batches", "suppliers"], numeric: true },
    { key: "items", title: t("top.items"), value: (r) => r.itemsClaimed, width: 12, dims: ["skus", "batches", "suppliers"], numeric: true },
    { key: "claimed", title: t("top.claimed"), value: (r) => r.claimedFen / 100, width: 14, dims: ["skus", "batches", "suppliers"], numeric: true },
    { key: "cost", title: t("top.cost"), value: (r) => r.costFen / 100, width: 14, dims: ["skus", "batches", "suppliers"], numeric: true },
    { key: "delivered", title: t("top.delivered"), value: (r) => r.itemsDelivered, width: 12, dims: ["skus", "batches", "suppliers"], numeric: true },
    { key: "rate", title: t("top.rate"), value: (r) => r.complaintsPerThousandItems, width: 12, dims: ["skus", "batches", "suppliers"], numeric: true },
  ];
  const shown = all.filter((c) => c.dims.includes(dimension));
  const table: TableColumnsType<Row> = shown.map((c) => ({
    key: c.key,
    title: c.title,
    align: c.numeric ? "right" : "left",
    render: (_: unknown, row: Row) => {
      if (c.key === "claimed") return yuan(row.claimedFen);
      if (c.key === "cost") return yuan(row.costFen);
      const v = c.value(row);
      return v === null || v === undefined ? "—" : String(v);
    },
  }));
  return { table, exported: shown };
}

/** The goods that caused the most claims in the period, by SKU, batch and supplier, each exportable to Excel. */
export function ProblemTables({ report, range }: { report: ProblemReport; range: DayRange }) {
  const { t } = useTranslation("ops");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [dimension, setDimension] = useState<Dimension>("skus");
  const [order, setOrder] = useState<Order>("byCases");
  const rows: Row[] = report[dimension][order].map((g, i) => ({ ...g, rank: i + 1 }));
  const { table, exported } = useColumns(dimension);
  const dimensionName = t(`top.${dimension}`);

  const download = () =>
    exportXlsx(`${t("top.exportName", { dimension: dimensionName })}_${t(`top.${order}`)}_${range.from}_${range.to}`, exported, rows, dimensionName).catch((e: unknown) => void message.error(problemText(e)));

  return (
    <Card
      size="small"
      title={t("top.title")}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void download()} disabled={rows.length === 0} data-testid="export-problems">
          {t("export", { ns: "common" })}
        </Button>
      }
    >
      <Tabs
        activeKey={dimension}
        onChange={(k) => setDimension(k as Dimension)}
        items={(["skus", "batches", "suppliers"] as const).map((d) => ({ key: d, label: t(`top.${d}`) }))}
        tabBarExtraContent={
          <Segmented<Order>
            value={order}
            onChange={setOrder}
            options={[
              { value: "byCases", label: t("top.byCases") },
              { value: "byCost", label: t("top.byCost") },
            ]}
          />
        }
      />
      <Table<Row>
        size="small"
        rowKey="key"
        columns={table}
        dataSource={rows}
        pagination={false}
        data-testid={`top-${dimension}`}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("empty", { ns: "common" })} /> }}
      />
    </Card>
  );
}
