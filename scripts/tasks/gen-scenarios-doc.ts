/**
 * Writes docs/SCENARIOS.md and docs/scenarios/*.svg by running every preset in scenarios/ (and the sweeps some
 * presets are about, and the twins the documented phenomena compare with): `nice -n 10 npx hardhat run
 * scripts/tasks/gen-scenarios-doc.ts` (a few minutes on 2 cores). Every number in the document comes from these runs,
 * and so does every sentence saying whether a documented phenomenon still shows (scripts/report/phenomena.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { headline, loadPreset, presetNames, runPreset, type Headline } from "../sim/presets";
import { blockProgress } from "../report/progress";
import { liquidatableCurve } from "../sim/liquidatable-curve";
import { barChart, lineChart } from "../report/svg";
import type { RunResult } from "../sim/engine";
import { mdTable, money, sig as f, verdictSentence, writeDoc } from "../report/doc-format";
import { HEADLINE_LEGEND, headlineTable } from "../report/scenarios-doc";
import * as phenomena from "../report/phenomena";
import { DERIVATIVE_PRESETS, derivativesDocBlock, runDerivativePresets } from "../derivatives/engine/scenarios-doc";
import { chainsDocBlock, runChainPresets } from "../chains/scenarios-doc";

const DOCS = path.join(__dirname, "..", "..", "docs");
const CHARTS = path.join(DOCS, "scenarios");

/** What to look at in each preset: the parameters that decide the outcome. */
const MATTERS: Record<string, string> = {
  calm: "`path.volatilityPerYear`, `borrowers.health`",
  "thin-liquidity": "`amm.depth` (1M vs 20M), `arbitrage.maxTradePerBlock`, `externalMarket.depth`",
  "deep-liquidity": "`amm.depth`, `externalMarket.depth` (an AMM deeper than the external market pulls it along)",
  "liquidatable-curve": "`borrowers.health` (mean and spread), `market.collateral.liquidationThreshold`",
  "oracle-lag": "`oracle.latencySeconds` × crash speed vs `liquidationBonusBps`",
  "market-vs-auction": "`amm.depth`, `market.closeFactor`, keeper capital",
  "market-vs-auction-dutch": "`liquidation.auction.curve`, `startPriceMultiplier`, `resetThreshold`, taker capital",
  "black-thursday": "`resetThreshold` 0, linear `curve`, `chain.baseFee`, `chain.congestion.*`, taker capital",
  "black-thursday-lm2": "`resetThreshold` 0.6, stairstep `curve`, `maxDurationSeconds`",
  spiral: "`oracle.source` (amm-spot vs external), `amm.depth`",
  "toxic-spiral": "`borrowers.health` vs 1/(1 + bonus), the market's lifted close factor",
  "dust-insolvency": "`chain.baseFee.initialGwei`, `borrowers.size`, `market.dust`",
  default: "see README",
};

function priceChart(name: string, r: RunResult): string {
  const b = r.blocks;
  const svg = lineChart(
    [
      { name: "exogenous", values: b.map((x) => x.exogenousPrice), color: "#999" },
      { name: "external", values: b.map((x) => x.externalPrice) },
      { name: "AMM", values: b.map((x) => x.ammPrice) },
      { name: "oracle", values: b.map((x) => x.oraclePrice) },
    ],
    { title: `${name}: prices`, xLabel: "block", yLabel: `${r.scenario.tokens.debt.symbol} per collateral` },
  );
  const file = `${name.replace(/\//g, "-")}.svg`;
  fs.writeFileSync(path.join(CHARTS, file), svg);
  return `scenarios/${file}`;
}

/** Blocks still below health 1 at the end of a run. */
const leftAtRisk = (r: RunResult) => r.blocks.at(-1)?.positionsAtRisk[0] ?? 0;

/** Liquidations per liquidated borrower. */
function perBorrower(r: RunResult): number[] {
  const n = new Map<string, number>();
  for (const l of r.liquidations) n.set(l.borrower, (n.get(l.borrower) ?? 0) + 1);
  return [...n.values()];
}

/** The back-runner's realized net profit (debt tokens). */
const backrunNet = (r: RunResult) =>
  r.liquidations
    .filter((l) => l.keeper.includes("oracle-backrunner"))
    .reduce((a, l) => a + Number(l.grossProfit - l.gasCost), 0) /
  10 ** r.scenario.tokens.debt.decimals;

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(CHARTS, { recursive: true });
  const rows: { name: string; h: Headline; r: RunResult; chart: string }[] = [];
  // The derivatives presets have their own block (venue measures, and the spiral's unhedged twin): below.
  const names = presetNames().filter((n) => !(DERIVATIVE_PRESETS as readonly string[]).includes(n));
  for (const [i, name] of names.entries()) {
    process.stderr.write(`${name}…\n`);
    const r = await runPreset(hre, name, {}, blockProgress(`preset ${i + 1}/${names.length}, block`));
    rows.push({ name, h: headline(r), r, chart: priceChart(name, r) });
  }
  const row = (name: string) => {
    const x = rows.find((y) => y.name === name);
    if (!x) throw new Error(`preset ${name} is missing from scenarios/`);
    return x;
  };

  // Sweeps some presets are about.
  process.stderr.write("depth sweep…\n");
  const depths = [1e6, 2e6, 4e6, 1e7, 2e7];
  const depthRuns: Headline[] = [];
  for (const depth of depths) depthRuns.push(headline(await runPreset(hre, "thin-liquidity", { amm: { depth } })));
  fs.writeFileSync(
    path.join(CHARTS, "depth-sweep.svg"),
    barChart(
      depthRuns.map((h) => h.amplification ?? 0),
      {
        title: "thin-liquidity: peak amplification by AMM depth (1M, 2M, 4M, 10M, 20M)",
        yLabel: "amplification",
        name: "amplification",
      },
    ),
  );
  process.stderr.write("latency sweep…\n");
  const latencies = [0, 36, 60, 120, 240];
  const lag: Headline[] = [];
  const backrun: number[] = [];
  for (const latencySeconds of latencies) {
    const r = await runPreset(hre, "oracle-lag", { oracle: { latencySeconds } });
    lag.push(headline(r));
    backrun.push(backrunNet(r));
  }
  fs.writeFileSync(
    path.join(CHARTS, "latency-sweep.svg"),
    barChart(
      lag.map((h) => h.badDebt),
      { title: "oracle-lag: bad debt by latency (0, 36, 60, 120, 240 s)", yLabel: "USDC", name: "bad debt" },
    ),
  );
  const curveScenario = loadPreset("liquidatable-curve");
  const shocks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const curve = liquidatableCurve(
    curveScenario,
    curveScenario.path.kind === "csv"
      ? 0
      : curveScenario.path.kind === "depeg"
        ? curveScenario.path.peg
        : curveScenario.path.initialPrice,
    shocks,
  );
  fs.writeFileSync(
    path.join(CHARTS, "liquidatable-curve-sweep.svg"),
    barChart(
      curve.map((c) => c.debt / 1e6),
      {
        title: "liquidatable-curve: debt liquidatable (M USDC) at a 1..10% drop",
        yLabel: "M USDC",
        name: "liquidatable debt",
      },
    ),
  );
  // The twins the documented phenomena compare with.
  process.stderr.write("spiral with an external oracle…\n");
  const spiralExternal = await runPreset(hre, "spiral", { oracle: { source: "external" } });
  const CHEAP_GWEI = 1;
  process.stderr.write(`dust-insolvency at ${CHEAP_GWEI} gwei…\n`);
  const dustCheap = await runPreset(hre, "dust-insolvency", { chain: { baseFee: { initialGwei: CHEAP_GWEI } } });
  const dustDear = row("dust-insolvency");

  const found: phenomena.Phenomenon[] = [
    phenomena.thinVsDeep(
      row("thin-liquidity").h,
      row("deep-liquidity").h,
      depths.map((depth, i) => ({ depth, ...depthRuns[i] })),
    ),
    phenomena.oracleLag(
      latencies.map((latencySeconds, i) => ({ latencySeconds, badDebt: lag[i].badDebt, backrunNet: backrun[i] })),
      loadPreset("oracle-lag").oracle.latencySeconds,
    ),
    phenomena.fixedBonusVsAuction(row("market-vs-auction").h, row("market-vs-auction-dutch").h),
    phenomena.blackThursday(row("black-thursday").h, row("black-thursday-lm2").h),
    phenomena.spiral(row("spiral").h, headline(spiralExternal)),
    phenomena.toxicSpiral(row("toxic-spiral").h, perBorrower(row("toxic-spiral").r), leftAtRisk(row("toxic-spiral").r)),
    phenomena.dust(dustDear.h, headline(dustCheap), leftAtRisk(dustDear.r), leftAtRisk(dustCheap), {
      dear: dustDear.r.scenario.chain.baseFee.initialGwei,
      cheap: CHEAP_GWEI,
    }),
    phenomena.liquidatableCurve(curve),
  ];
  const models = [...new Set(rows.map((x) => x.r.scenario.keeperModel))].join(", ");
  const under = `the default keepers (\`keeperModel\` ${models})`;

  const out: string[] = [
    "# Scenario presets",
    "",
    "<!-- Generated by `npx hardhat run scripts/tasks/gen-scenarios-doc.ts`. Do not edit: rerun it. -->",
    "",
    "Every preset in `scenarios/`, run at its own size and seed with its own keepers under the default keeper model",
    `(\`keeperModel\`: ${models}; atomic liquidate-and-sell, \`amm-depth\` sizing, competitors' pending targets`,
    "skipped). Run one with `npx hardhat cascade --scenario <name>` (add `--set path=value` to change a field,",
    "`--set keeperModel=legacy` for the earlier keepers, `--json` for the summary). Regenerate this page with",
    "`nice -n 10 npx hardhat run scripts/tasks/gen-scenarios-doc.ts` " +
      `(${new Date().toISOString().slice(0, 10)}, ${Math.round((Date.now() - t0) / 1000)} s on this machine).`,
    "",
    HEADLINE_LEGEND,
    "",
    headlineTable(rows),
    "",
    "## Documented phenomena under the default keepers",
    "",
    "Each preset was built to show one phenomenon in one direction (its description, and `test/scenarios/*.test.ts`).",
    `Checked here on the runs above under ${under}; a direction that no longer shows is a finding of the`,
    "change to rational keepers (issue 14), not a failure. Verdicts and numbers are computed by",
    "`scripts/report/phenomena.ts` from the runs.",
    "",
    mdTable(["phenomenon", "documented direction", "measured", "verdict"], phenomena.phenomenaRows(found)),
  ];

  const sweeps: Record<string, string[]> = {
    "thin-liquidity": [
      "Sweep over `amm.depth` (same shock, same book):",
      "",
      "| AMM depth | " + depths.map((d) => money(d)).join(" | ") + " |",
      "| --- |" + depths.map(() => " --- |").join(""),
      "| amplification, peak | " + depthRuns.map((h) => f(h.amplification)).join(" | ") + " |",
      "| amplification, settled | " + depthRuns.map((h) => f(h.amplificationSettled)).join(" | ") + " |",
      "| baseline amplification, peak | " + depthRuns.map((h) => f(h.baselineAmplification)).join(" | ") + " |",
      "| liquidations | " + depthRuns.map((h) => h.liquidations).join(" | ") + " |",
      "",
      "![depth sweep](scenarios/depth-sweep.svg)",
    ],
    "oracle-lag": [
      "Sweep over `oracle.latencySeconds` (about 1% of price a block, 12 s blocks):",
      "",
      "| latency (s) | " + latencies.join(" | ") + " |",
      "| --- |" + latencies.map(() => " --- |").join(""),
      "| bad debt | " + lag.map((h) => money(h.badDebt)).join(" | ") + " |",
      "| baseline bad debt | " + lag.map((h) => money(h.baselineBadDebt)).join(" | ") + " |",
      "| liquidations | " + lag.map((h) => h.liquidations).join(" | ") + " |",
      "| never liquidated | " + lag.map((h) => h.neverLiquidated).join(" | ") + " |",
      "| back-runner realized net | " + backrun.map(money).join(" | ") + " |",
      "",
      "![latency sweep](scenarios/latency-sweep.svg)",
    ],
    "liquidatable-curve": [
      "Debt that becomes liquidatable at each drop (pure function of the population, `scripts/sim/liquidatable-curve.ts`):",
      "",
      "| drop % | " + shocks.join(" | ") + " |",
      "| --- |" + shocks.map(() => " --- |").join(""),
      "| positions | " + curve.map((c) => c.positions).join(" | ") + " |",
      "| debt | " + curve.map((c) => money(c.debt)).join(" | ") + " |",
      "| share of debt | " + curve.map((c) => f(c.debtShare, 2)).join(" | ") + " |",
      "",
      "![liquidatable curve](scenarios/liquidatable-curve-sweep.svg)",
    ],
    spiral: [
      "The same world with `--set oracle.source=external` (a feed of the external price instead of the AMM spot):",
      "",
      headlineTable([
        { name: "spiral", h: row("spiral").h },
        { name: "spiral, oracle.source=external", h: headline(spiralExternal), link: false },
      ]),
    ],
    "dust-insolvency": [
      `The same world at \`--set chain.baseFee.initialGwei=${CHEAP_GWEI}\`:`,
      "",
      headlineTable([
        { name: "dust-insolvency", h: dustDear.h },
        { name: `dust-insolvency, ${CHEAP_GWEI} gwei`, h: headline(dustCheap), link: false },
      ]),
    ],
  };

  for (const { name, r, chart } of rows) {
    out.push(
      "",
      `## ${name}`,
      "",
      r.scenario.description,
      "",
      `Parameters that matter: ${MATTERS[name] ?? "see the description"}.`,
    );
    out.push("", "```sh", `npx hardhat cascade --scenario ${name}`, "```", "");
    out.push(`${r.scenario.borrowers.count} borrowers, ${r.scenario.blocks} blocks, seed ${r.scenario.seed}.`, "");
    for (const p of found.filter((x) => x.presets.includes(name)))
      out.push(`**${p.title}** (${p.expected}). ${verdictSentence(p.checks, under)}`, "");
    out.push(...(sweeps[name] ?? []), ...(sweeps[name] ? [""] : []), `![${name} prices](${chart})`);
  }
  process.stderr.write("derivatives presets…\n");
  out.push("", derivativesDocBlock(await runDerivativePresets(hre)));
  // The two-chain presets (scenarios/chains) are not single-chain scenarios: their own block, after the rest.
  out.push("", chainsDocBlock(await runChainPresets(hre, (n) => process.stderr.write(`${n}…\n`))));
  writeDoc(path.join(DOCS, "SCENARIOS.md"), out.join("\n") + "\n");
  process.stderr.write(`wrote docs/SCENARIOS.md (${Math.round((Date.now() - t0) / 1000)} s)\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
