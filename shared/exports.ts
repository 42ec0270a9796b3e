import ExcelJS from "exceljs";

/**
 * A table for staff to download: XLSX (exceljs), or CSV the way German Excel opens it (UTF-8 with
 * a byte-order mark, `;` between fields, CRLF). Headers are in the staff member's language and
 * values are labels, never codes.
 */
export interface Sheet {
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
}

export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Re:Match";
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name.slice(0, 31));
    ws.addRow(sheet.headers).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((v) => v ?? ""));
    ws.views = [{ state: "frozen", ySplit: 1 }];
    ws.columns.forEach((column, i) => {
      const widest = Math.max(
        sheet.headers[i]?.length ?? 0,
        ...sheet.rows.slice(0, 500).map((r) => String(r[i] ?? "").length),
      );
      column.width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const cell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  // a formula-like start is neutralised, so a cell cannot run in the spreadsheet
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(sheet: Sheet): string {
  const lines = [sheet.headers, ...sheet.rows].map((r) => r.map(cell).join(";"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Sends a sheet as a download. */
export async function fileOf(sheet: Sheet | Sheet[], format: "xlsx" | "csv", base: string) {
  const all = Array.isArray(sheet) ? sheet : [sheet];
  if (format === "xlsx") {
    return {
      body: await toXlsx(all),
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      name: `${base}.xlsx`,
    };
  }
  return { body: toCsv(all[0] as Sheet), type: "text/csv; charset=utf-8", name: `${base}.csv` };
}
