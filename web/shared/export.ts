import type { Cell, Row as SheetRow } from "write-excel-file/browser";

/** One column of an exported table: its header and how to read a row's cell. */
export interface ExportColumn<Row> {
  title: string;
  value: (row: Row) => string | number | Date | boolean | null | undefined;
  /** column width in characters */
  width?: number;
}

/**
 * Downloads rows as an .xlsx workbook (write-excel-file, loaded only when someone exports).
 * Numbers stay numbers, so money exported in yuan can be summed in Excel.
 */
export async function exportXlsx<Row>(fileName: string, columns: ExportColumn<Row>[], rows: Row[], sheet = "Sheet1"): Promise<void> {
  const { default: writeXlsxFile } = await import("write-excel-file/browser");
  const header: SheetRow = columns.map((c) => ({ value: c.title, fontWeight: "bold" }));
  const body: SheetRow[] = rows.map((row) =>
    columns.map((c): Cell => {
      const v = c.value(row);
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return { type: Date, value: v, format: "yyyy-mm-dd hh:mm" };
      return v;
    }),
  );
  await writeXlsxFile([header, ...body], { sheet, columns: columns.map((c) => ({ width: c.width ?? 16 })) }).toFile(fileName.endsWith(".xlsx") ? fileName : `${fileName}.xlsx`);
}
