/**
 * The derivatives venues' measures as the run's report shows them (report.html's derivatives section, the console
 * and docs/SCENARIOS.md): label and value rows from summary.json's `derivatives` (amounts in whole tokens).
 */
import type { DerivativesSummary } from "./summary";

const usd = (x: number) => Math.round(x).toLocaleString("en-US");
const units = (x: number) => x.toFixed(2);

/** Rows (measure, value) of the perp venue's measures. */
export function perpRows(d: DerivativesSummary): [string, string][] {
  const p = d.perp;
  if (!p) return [];
  return [
    [
      "perp positions opened (longs / shorts / skipped)",
      `${p.positionsOpened.longs} / ${p.positionsOpened.shorts} / ${p.positionsOpened.skipped}`,
    ],
    ["open notional, long / short", `${usd(p.openNotional.long)} / ${usd(p.openNotional.short)}`],
    [
      "liquidations: market sales (slices) / backstop takeovers",
      `${p.liquidations.marketSales} / ${p.liquidations.backstopTakeovers}`,
    ],
    ["liquidated notional", usd(p.liquidations.notional)],
    ["bad debt recognised", usd(p.badDebt.total)],
    [
      "covered by the insurance fund / by ADL / uncovered",
      `${usd(p.badDebt.coveredByInsurance)} / ${usd(p.badDebt.coveredByAdl)} / ${usd(p.badDebt.uncovered)}`,
    ],
    [
      "insurance fund start → end (drained at block)",
      `${usd(p.insuranceFund.start)} → ${usd(p.insuranceFund.end)} (${p.insuranceFund.drainedAtBlock ?? "never"})`,
    ],
    ["ADL events (first at block)", `${p.adl.events} (${p.adl.firstBlock ?? "none"})`],
    ["backstop inventory unwound into the AMM", units(p.backstopUnwound)],
    ["margins + insurance + vault + fees = tokens held", p.conserved ? "yes, to the wei" : "NO"],
  ];
}

/** Rows (measure, value) of the options venue's measures. */
export function optionsRows(d: DerivativesSummary): [string, string][] {
  const o = d.options;
  if (!o) return [];
  return [
    ["puts written: dealer / writers", `${units(o.written.dealer)} / ${units(o.written.writers)}`],
    [
      "dealer's hedges on the AMM: sold / bought / net sold (trades)",
      `${units(o.dealerHedge.sold)} / ${units(o.dealerHedge.bought)} / ${units(o.dealerHedge.netSold)} (${o.dealerHedge.trades})`,
    ],
    ["auction keeper's hedges, net sold", units(o.keeperHedgeNetSold)],
    ["auctions started / bids (insolvent)", `${o.auctions.started} / ${o.auctions.bids} (${o.auctions.insolventBids})`],
    ["insurance fund paid to bidders / fees received", `${usd(o.auctions.fundPaid)} / ${usd(o.auctions.fees)}`],
    [
      "accounts under maintenance: most at once / at the end",
      `${o.underMaintenance.max} / ${o.underMaintenance.atEnd}`,
    ],
    ["shortfall at the mark at the end (unpaid losses)", usd(o.shortfallAtEnd)],
    ["insurance fund start → end", `${usd(o.insuranceFund.start)} → ${usd(o.insuranceFund.end)}`],
    ["cash + insurance + payout pools = tokens held", o.conserved ? "yes, to the wei" : "NO"],
  ];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** report.html's derivatives section, or "" without venues. */
export function derivativesSection(d: DerivativesSummary | undefined): string {
  if (!d) return "";
  const table = (title: string, rows: [string, string][]) =>
    rows.length === 0
      ? ""
      : `<h3>${title}</h3>\n<table class="derivatives-table"><thead><tr><th>measure</th><th>value</th></tr></thead><tbody>\n` +
        rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("\n") +
        "\n</tbody></table>";
  return `<section id="derivatives"><h2>Derivatives venues</h2>
<p>Amounts in whole debt tokens (collateral units for hedges and inventory). Perp: docs/derivatives-perp.md; options: docs/derivatives-options.md.</p>
${table("Perpetual futures", perpRows(d))}
${table("Options", optionsRows(d))}</section>`;
}
