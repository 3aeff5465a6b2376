/** An HTML table with a header row, shared by report.html's sections. */
import { escapeXml as h } from "./svg";

/** A table with a header row; the first column as row headers, the others right-aligned (numbers). */
export function gridTable(headers: readonly string[], rows: readonly (readonly string[])[], id?: string): string {
  const head = `<tr>${headers.map((x) => `<th>${h(x)}</th>`).join("")}</tr>`;
  const body = rows.map(
    (r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${h(c)}</th>` : `<td class="v">${h(c)}</td>`)).join("")}</tr>`,
  );
  return `<table${id ? ` id="${id}"` : ""}>\n${head}\n${body.join("\n")}\n</table>`;
}
