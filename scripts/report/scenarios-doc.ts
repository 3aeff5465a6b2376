/** The generated parts of docs/SCENARIOS.md (pure: tested without a chain): the headline table and its legend. */
import type { Headline } from "../sim/presets";
import { mdTable, money, sig } from "./doc-format";

/** Where every column is defined. */
export const OUTPUTS_LINK = "engine.md#outputs-every-column-and-summary-field";

export const HEADLINE_LEGEND = [
  "Amounts in debt tokens (USDC). **Amplification** is the AMM's drawdown ÷ the exogenous shock, twice: *peak* (its",
  "lowest block: one block's wick can set it) and *settled* (its drawdown once arbitrage has closed the gap to the",
  "external price after the cascade's last liquidation, within 50 bps: what outlasts the wick). **Baseline** columns are",
  "the run's frictionless baseline (`summary.baseline`): the cascade instant, atomic, unlimited, gas-free keepers",
  "would produce from the same opening book and AMM, computed off-chain with the market's own formulas — the *physics*",
  "of the world; the engine's figure minus the baseline's is what the *frictions* (latency, throughput, gas, capital,",
  "execution, mechanism) add or remove. **Keeper realized net** is sale proceeds + auction incentives − debt repaid −",
  "gas, over every keeper (collateral still unsold at the end counts for nothing). Liq. price = Σ repaid ÷ Σ(seized ×",
  "external price); borrower loss = seized collateral at the external price − repaid; clear = blocks from the first to",
  `the last liquidation. Definitions of every field: [engine.md, Outputs](${OUTPUTS_LINK}).`,
].join("\n");

export const HEADLINE_HEADERS = [
  "preset",
  "shock %",
  "AMM dd % peak / settled",
  "ampl. peak",
  "ampl. settled",
  "baseline ampl. peak / settled",
  "liquidations (takes)",
  "baseline liq.",
  "rounds",
  "clear (blocks)",
  "repaid",
  "bad debt",
  "baseline bad debt",
  "borrower loss",
  "keeper realized net",
  "liq. price",
  "never liquidated",
];

/** A preset's anchor in the document (its section title without slashes). */
export const anchor = (name: string) => `#${name.replace(/\//g, "")}`;

/** One preset's row; `link` false for a variant that has no section of its own. */
export function headlineRow(name: string, h: Headline, link = true): string[] {
  return [
    link ? `[${name}](${anchor(name)})` : name,
    sig(h.shockPct),
    `${sig(h.ammDrawdownPct)} / ${sig(h.ammSettledDrawdownPct)}`,
    sig(h.amplification),
    sig(h.amplificationSettled),
    `${sig(h.baselineAmplification)} / ${sig(h.baselineAmplificationSettled)}`,
    `${h.liquidations} (${h.auctionTakes})`,
    h.baselineLiquidations === null ? "–" : String(h.baselineLiquidations),
    String(h.rounds),
    String(h.timeToClear),
    money(h.debtRepaid),
    money(h.badDebt),
    money(h.baselineBadDebt),
    money(h.borrowerLoss),
    money(h.keeperNetProfit),
    sig(h.liquidationPriceToExternal),
    String(h.neverLiquidated),
  ];
}

export function headlineTable(rows: readonly { name: string; h: Headline; link?: boolean }[]): string {
  return mdTable(
    HEADLINE_HEADERS,
    rows.map(({ name, h, link }) => headlineRow(name, h, link)),
  );
}
