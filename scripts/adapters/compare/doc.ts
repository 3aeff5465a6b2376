/**
 * docs/protocols.md from the comparison's results (scripts/adapters/compare/main.ts writes both): every figure in the
 * page comes from `CompareResults`, none is typed by hand. Pure: the same results give the same bytes.
 */
import type { ProtocolResult, Shock } from "./run";
import { tokens } from "./run";

export interface CompareResults {
  command: string;
  positions: number;
  shocks: Shock[];
  /** Opening price (whole debt tokens per collateral token) and the shared setup, for the page. */
  openingPrice: string;
  setup: { ltv: string; liquidationThreshold: string; liquidationBonusBps: number; feedLatency: string };
  results: ProtocolResult[];
}

const pct = (part: bigint, whole: bigint) => {
  if (whole === 0n) return "–";
  const tenths = (part * 1000n) / whole;
  return `${tenths / 10n}.${tenths % 10n}%`;
};

const ROWS: Array<[string, (r: ProtocolResult) => string]> = [
  ["positions below health 1 after the shock", (r) => `${r.liquidatable} / ${r.positions}`],
  ["liquidations", (r) => `${r.liquidations}`],
  ["debt repaid (USDC)", (r) => tokens(r.debtRepaid)],
  ["collateral seized, value (USDC)", (r) => tokens(r.seizedValue)],
  ["seizure that restores health 1 (USDC)", (r) => tokens(r.minimalSeizeValue)],
  ["over-liquidation (USDC)", (r) => tokens(r.overLiquidation)],
  ["over-liquidation / seized", (r) => pct(r.overLiquidation, r.seizedValue)],
  ["bad debt left (USDC)", (r) => tokens(r.badDebt)],
  ["borrower loss (USDC)", (r) => tokens(r.borrowerLoss)],
  ["keeper profit before gas (USDC)", (r) => tokens(r.keeperProfit)],
  ["gas per liquidation", (r) => (r.liquidations === 0 ? "–" : r.gasPerLiquidation.toLocaleString("en-US"))],
];

function table(results: ProtocolResult[]): string {
  const head = `| measure | ${results.map((r) => r.label).join(" | ")} |`;
  const rule = `|---|${results.map(() => "---:").join("|")}|`;
  const rows = ROWS.map(([label, f]) => `| ${label} | ${results.map(f).join(" | ")} |`);
  return [head, rule, ...rows].join("\n");
}

function parametersTable(results: ProtocolResult[]): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    if (seen.has(r.label)) continue;
    seen.add(r.label);
    out.push(`**${r.label}** (from the adapter's \`parameters()\`)`, "");
    out.push("| parameter | value |", "|---|---|");
    for (const [k, v] of Object.entries(r.parameters)) out.push(`| ${k} | ${v} |`);
    out.push("");
  }
  return out.join("\n");
}

/** One sentence per shock comparing each protocol's over-liquidation with Qin et al.'s direction. */
function directions(c: CompareResults): string {
  const lines: string[] = [];
  for (const shock of c.shocks) {
    const rs = c.results.filter((r) => r.shock === shock.name && r.liquidations > 0);
    const over = rs.filter((r) => r.overLiquidation > 0n).map((r) => r.label);
    const none = rs.filter((r) => r.overLiquidation === 0n).map((r) => r.label);
    lines.push(
      `- **${shock.name}**: over-liquidation is positive on ${over.length ? over.join(", ") : "no protocol"}` +
        (none.length ? ` and zero on ${none.join(", ")}` : "") +
        ` (${rs.map((r) => `${r.label} ${pct(r.overLiquidation, r.seizedValue)} of the collateral seized`).join(", ")}).`,
    );
  }
  return lines.join("\n");
}

/** Qin et al.'s second direction: lifting the close factor raises over-liquidation and the borrower's loss. */
function closeFactorEffect(c: CompareResults): string {
  const lines: string[] = [];
  for (const shock of c.shocks) {
    const capped = c.results.find((r) => r.label === "lab" && r.shock === shock.name);
    const lifted = c.results.find((r) => r.label === "lab close factor 100%" && r.shock === shock.name);
    if (!capped || !lifted) continue;
    const word = (a: bigint, b: bigint) => (b > a ? "raises" : b < a ? "lowers" : "leaves");
    lines.push(
      `- **${shock.name}**: lifting the lab's close factor to 100% ${word(capped.overLiquidation, lifted.overLiquidation)} ` +
        `the over-liquidation (${tokens(capped.overLiquidation)} → ${tokens(lifted.overLiquidation)} USDC) and ` +
        `${word(capped.borrowerLoss, lifted.borrowerLoss)} the borrowers' loss (${tokens(capped.borrowerLoss)} → ` +
        `${tokens(lifted.borrowerLoss)} USDC), with ${capped.liquidations} → ${lifted.liquidations} liquidations.`,
    );
  }
  return lines.length
    ? `Qin et al.'s second finding, on the lab's market with and without its close factor:\n\n${lines.join("\n")}`
    : "";
}

/** Whether each protocol's over-liquidated share falls from the first shock to the last, in words. */
function shareTrend(c: CompareResults): string {
  if (c.shocks.length < 2) return "";
  const first = c.shocks[0].name;
  const last = c.shocks[c.shocks.length - 1].name;
  const share = (p: string, shock: string) => {
    const r = c.results.find((x) => x.label === p && x.shock === shock);
    return r && r.seizedValue > 0n ? Number((r.overLiquidation * 1_000_000n) / r.seizedValue) : null;
  };
  const protocols = [...new Set(c.results.map((r) => r.label))];
  const falls = protocols.filter((p) => {
    const a = share(p, first);
    const b = share(p, last);
    return a !== null && b !== null && b < a;
  });
  const rest = protocols.filter((p) => !falls.includes(p));
  return (
    `A close factor of 50% (100% at or below health 0.95) lets the first liquidation repay far more than a position ` +
    `just under health 1 needs, hence the over-liquidation. From the ${first} to the ${last} shock the ` +
    `over-liquidated share of the seized collateral falls on ${falls.length ? falls.join(", ") : "no protocol"}` +
    (rest.length ? ` and does not on ${rest.join(", ")}` : "") +
    `: when the shock is deep, restoring health takes nearly all the collateral anyway, and the loss moves from ` +
    `over-liquidation to bad debt.`
  );
}

export function renderProtocolsDoc(c: CompareResults): string {
  const sections = c.shocks.map((s) => {
    const rs = c.results.filter((r) => r.shock === s.name);
    const drop = 10_000n - s.priceBps;
    return `### ${s.name}: the price falls ${drop / 100n}.${(drop % 100n).toString().padStart(2, "0")}%\n\n${table(rs)}`;
  });
  return `# Protocols side by side: the lab, Aave v3 (and Morpho Blue when its adapter lands)

<!-- Generated by \`${c.command}\` (scripts/adapters/compare/main.ts, rendered by scripts/adapters/compare/doc.ts); do not edit by hand. Raw figures: docs/protocols-results.json. -->

The same book of ${c.positions} positions, in value terms, on each protocol's own bytecode (issue 17): the lab's
\`LendingPool\`, and Aave v3.0.2 deployed from the compiled artifacts of \`@aave/core-v3\` 1.19.3 (Pool with its logic
libraries, PoolConfigurator, AaveOracle, aToken / debt tokens, the default rate strategy). Every protocol is deployed
by its \`DeployMarket\` in \`scripts/adapters/deployers.ts\` from one \`MarketSetup\`: USDC-like debt (6 decimals),
WETH-like collateral (18), one lab \`LaggedPriceFeed\` (latency ${c.setup.feedLatency}) read by the lab directly and by
AaveOracle through \`LatestAnswerFeed\` (Chainlink's \`latestAnswer()\` over the same feed), LTV ${c.setup.ltv},
liquidation threshold ${c.setup.liquidationThreshold}, bonus ${c.setup.liquidationBonusBps} bps. Opening price
${c.openingPrice} USDC. Position *i* holds 10,000 to 40,000 USDC of collateral (cycled) and borrows to an opening health
spread evenly from 1.07 to 1.60.

Then one price shock through the feed, and a rational keeper: for every position below health 1 it asks the protocol
for the largest repay it allows (the whole debt, capped by the protocol's close factor), and liquidates if the
collateral it would receive is worth more than the debt it repays at the oracle price; it sweeps the book again while
any liquidation happened. Measures (all at the shocked oracle price, USDC):

- **over-liquidation**: collateral seized beyond the least seizure that brings the position back to health 1 under
  the fixed bonus, \`s = (D − V·LT)(1 + b) / (1 − LT(1 + b))\` (or everything when no partial liquidation can), summed
  over positions (Qin et al.'s notion of liquidating more than needed, IMC'21);
- **bad debt left**: measured the same way for every protocol, debt not covered by collateral: uncovered debt still
  on the books (Aave v3.0 keeps it as debt without collateral) plus debt the protocol wrote off (the lab writes it off
  when it seizes the last collateral);
- **borrower loss**: collateral value lost minus debt repaid by liquidators (the bonus, plus any protocol fee);
- **keeper profit**: collateral received minus debt repaid, before gas; **gas per liquidation**: mean \`gasUsed\`
  (it moves by a few units with the addresses a run deploys at, through calldata bytes; the same command gives the
  same figures).

Columns: each protocol in \`deployers.ts\` with its defaults, plus the variants named in
\`scripts/adapters/compare/main.ts\` (\`lab close factor 100%\`: the lab with no close factor, one liquidation may repay the
whole debt; \`aave-v3 fee 10%\`: Aave's \`liquidationProtocolFee\` at 10% of the bonus, as on mainnet WETH, so the
borrower loses more than the keeper earns).

## Results

${sections.join("\n\n")}

## Direction against Qin et al. (IMC'21)

Qin, Zhou, Gamito, Jovanovic and Gervais, "An Empirical Study of DeFi Liquidations: Incentives, Risks, and
Instabilities" (IMC'21), find that fixed-spread liquidation (Aave, Compound, dYdX) pays liquidators well but sells
more discounted collateral than needed, at the borrowers' expense, and that lifting the limit on what one
liquidation may repay raises the liquidator's profit and the borrower's loss further. This run:

${directions(c)}

${shareTrend(c)}

${closeFactorEffect(c)}

\`test/adapters/runs/lab-aave-compare.test.ts\` asserts these directions on a small book.

## Protocol parameters

${parametersTable(c.results)}
## The lab and Aave v3: rules side by side

| rule | lab \`LendingPool\` | Aave v3.0.2 |
|---|---|---|
| close factor | 50% of the debt while health ≥ 0.95; all below 0.95 | 50% while health > 0.95; all at or below 0.95 (\`CLOSE_FACTOR_HF_THRESHOLD\`) |
| toxic position (collateral < debt × (1 + bonus)) | close factor lifted: the whole debt | no special rule (health is already < 0.95 for usual parameters) |
| dust | a liquidation may not leave debt or collateral worth less than \`dust\` (10 USDC by default): takes all | none |
| seized collateral | repaid × (1 + bonus) / price, rounded **down** | \`percentMul(repaid / price, bonus)\`, rounded **half up** (one wei more in the conformance test) |
| repay when all collateral goes | rounded **up** | \`percentDiv\`, rounded **half up** (one wei less repaid) |
| protocol fee | none (reserves come from interest) | \`liquidationProtocolFee\`, a share of the bonus paid to the treasury in aTokens (0 here; 10% on mainnet WETH) |
| bad debt | written off when the last collateral is seized (reserves, then lenders) | stays on the books as debt without collateral (v3.0; written off only from v3.3) |
| health factor | limit rounded down, divided down | \`percentMul\`, \`wadDiv\` half up |

With this book's parameters the two rule sets coincide but for edge cases (health exactly 0.95; the lab's dust; the
lab's toxic rule, which only bites above health 0.95 when LT x (1 + bonus) > 0.95) and a wei of rounding per
liquidation, so their figures above should agree to the cent; the gas differs. Both are checked to the wei on a
hand-computed position: \`test/adapters/lab.test.ts\` and
\`test/adapters/aave-v3.test.ts\` (close factor switch at exactly 0.95, bonus, protocol fee, rounding).

## What runs today and what does not

- Runs: the adapters (\`scripts/adapters/lab/*\`, \`scripts/adapters/aave-v3/*\`), \`scripts/adapters/deployers.ts\`
  (a protocol joins with one line), this comparison on real bytecode and its generated page.
- Does not run yet: the cascade engine against adapters. Keepers, the observer, AMM sales of seized collateral,
  oracle latency paths and the mempool still drive the lab's \`LendingPool\` directly (\`npx hardhat cascade\`); the
  engine moves to the \`MarketAdapter\` after the multi-market world lands. Here the keeper is a loop in
  \`scripts/adapters/compare/run.ts\`, prices jump once (no path), gas is not charged against profit and the seized
  collateral is valued at the oracle price, not sold.
- Morpho Blue: its adapter is built on its own branch and joins this page with its line in \`deployers.ts\`
  (its own notes: docs/protocols-morpho.md).

## Regenerate

\`\`\`
${c.command}
\`\`\`

Environment: \`PROTOCOLS_POSITIONS\` (positions in the book, default 40; the run takes about a minute and a half);
\`PROTOCOLS_RENDER_ONLY=1\` re-renders this page from docs/protocols-results.json without running.
`;
}
