import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as doc from "../../scripts/report/gas-war-doc";
import type { GasWarSummary } from "../../scripts/report/gas-war";
import type { KeeperStats } from "../../scripts/sim/bids";
import { verdict } from "../../scripts/report/doc-format";

const USDC = 10n ** 6n;

function summary(over: Partial<GasWarSummary> = {}): GasWarSummary {
  return {
    keepers: 1,
    dissipation: 0.001,
    wastedGas: 0n,
    failedTxs: 0,
    bids: 100,
    replacements: 0,
    medianWinningBidGwei: 1,
    medianRaisePct: null,
    meanBlocksToLiquidation: 10,
    liquidations: 100,
    grossProfit: 40_000n * USDC,
    priorityFees: 40n * USDC,
    ...over,
  };
}

const run = (label: string, over: Partial<GasWarSummary> = {}, extra: Partial<doc.WarRun> = {}): doc.WarRun => ({
  label,
  summary: summary(over),
  neverLiquidated: 0,
  outOfGas: 0,
  decimals: 6,
  ...extra,
});

function stats(keeper: string, over: Partial<KeeperStats> = {}): KeeperStats {
  return {
    keeper,
    opportunities: 10,
    bids: 10,
    replacements: 0,
    wins: 5,
    losses: 5,
    gasInWins: 0n,
    gasInLosses: 0n,
    priorityFees: 10n * USDC,
    gasCost: 20n * USDC,
    grossProfit: 100n * USDC,
    netProfit: 80n * USDC,
    ...over,
  };
}

/** The sweep as the old page measured it: tenfold per doubling, waste rising, the lone keeper at 1 gwei. */
const OLD_SHAPE = [
  run("1", { dissipation: 0.0002 }),
  run("2", { dissipation: 0.0025, wastedGas: 2_700_000n, medianWinningBidGwei: 8.3 }),
  run("4", { dissipation: 0.028, wastedGas: 8_500_000n, medianWinningBidGwei: 69.4 }),
  run("8", { dissipation: 0.185, wastedGas: 20_100_000n, medianWinningBidGwei: 253.6 }),
];

describe("gas-war document: tables", () => {
  it("sweep table: one row per run, dissipation in percent, amounts in USDC", () => {
    const lines = doc.sweepTable([run("2", { dissipation: 0.18493, wastedGas: 2_754_644n })]).split("\n");
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(/^\| PGA keepers \| liquidations \| never liquidated \| dissipation/);
    expect(lines[2]).to.equal("| 2 | 100 | 0 | 18.49% | 2,754,644 | 0 | 0 | 1.0 | 0 | 40 | 40,000 |");
  });

  it("mechanism table reports waste per liquidation", () => {
    const line = doc.mechanismTable([run("Dutch auction", { wastedGas: 3_000_000n, liquidations: 60 })]).split("\n")[2];
    expect(line).to.equal("| Dutch auction | 60 | 0 | 0.10% | 3,000,000 | 50,000 | 1.0 | 40,000 |");
    expect(doc.wastePerLiquidation(summary({ liquidations: 0 }))).to.equal(null);
  });

  it("strategies: keepers grouped by the kind their group came from in the --keepers spec", () => {
    const spec = "pga:2,fixed:2,flash:1";
    expect(doc.kindOfKeeper(spec, "keeper/fixed-bonus/0.1")).to.equal("pga");
    expect(doc.kindOfKeeper(spec, "keeper/fixed-bonus/1.0")).to.equal("fixed");
    expect(doc.kindOfKeeper(spec, "keeper/flash/2.0")).to.equal("flash");
    expect(doc.kindOfKeeper(spec, "keeper/auction-kicker/3.0")).to.equal("auction-kicker"); // not in the spec
    const kinds = doc.byKind(
      [
        stats("keeper/fixed-bonus/0.0", { wins: 8 }),
        stats("keeper/fixed-bonus/0.1", { wins: 6 }),
        stats("keeper/fixed-bonus/1.0", { wins: 1, netProfit: 500n * USDC }),
      ],
      (k) => doc.kindOfKeeper(spec, k),
    );
    expect(kinds.map((k) => [k.kind, k.keepers, k.wins])).to.deep.equal([
      ["pga", 2, 14],
      ["fixed", 1, 1],
    ]);
    expect(doc.strategiesTable(kinds, 6).split("\n")[2]).to.equal("| pga | 2 | 20 | 14 | 10 | 7 | 20 | 160 |");
    expect(doc.strategiesReading(kinds, 6)).to.equal(
      "Most wins per keeper: pga (7); largest realized net: fixed (500 USDC over 1 keeper(s)).",
    );
  });

  it("counts keepers that spent their gas budget", () => {
    const budget = () => 2_000n * USDC;
    const spent = [stats("a", { gasCost: 1_990n * USDC }), stats("b", { gasCost: 1_000n * USDC })];
    expect(doc.keepersOutOfGas(spent, budget)).to.equal(1);
    expect(doc.keepersOutOfGas(spent, () => 0n)).to.equal(0); // no budget known: not counted
  });
});

describe("gas-war document: the page's claims, checked", () => {
  it("the old page's sweep passes every sweep claim", () => {
    const checks = doc.sweepClaims(OLD_SHAPE);
    expect(checks.map((c) => c.holds)).to.deep.equal([true, true, true, true, true]);
    expect(checks[2].measured).to.equal("1→2 ×13, 2→4 ×11, 4→8 ×6.6");
  });

  it("a war that stalls (fewer fees and less waste at 8 keepers) flips the monotone claims", () => {
    const stalled = [...OLD_SHAPE.slice(0, 3), run("8", { dissipation: 0.02, wastedGas: 5_000_000n })];
    const checks = doc.sweepClaims(stalled);
    expect(checks.map((c) => c.holds)).to.deep.equal([true, false, false, false, false]);
    expect(verdict(checks)).to.equal("partly");
  });

  it("beyond fees: names keepers out of gas and positions left unliquidated", () => {
    expect(doc.sweepReading(OLD_SHAPE)).to.match(/^No keeper ran out of gas/);
    const rows = [OLD_SHAPE[0], run("8", { liquidations: 41 }, { neverLiquidated: 33, outOfGas: 8 })];
    expect(doc.sweepReading(rows)).to.equal(
      "With 8 keepers, 8 of them spent their gas budget and 33 positions were never liquidated (41 liquidations), " +
        "against 0 never liquidated (100 liquidations) with one keeper: past a point the war burns the keepers' gas " +
        "money before the cascade is cleared.",
    );
  });

  it("mechanism claims: the auction must dissipate less, waste less per liquidation and bid lower", () => {
    const fixed = run("fixed bonus", {
      dissipation: 0.0086,
      wastedGas: 5_600_000n,
      liquidations: 61,
      medianWinningBidGwei: 24,
    });
    const auction = run("Dutch auction", {
      dissipation: 0.0036,
      wastedGas: 3_300_000n,
      liquidations: 60,
      medianWinningBidGwei: 13,
    });
    expect(verdict(doc.mechanismClaims(fixed, auction))).to.equal("holds");
    expect(verdict(doc.mechanismClaims(auction, fixed))).to.equal("flips");
    expect(doc.claimsParagraph("Checked:", doc.mechanismClaims(auction, fixed), "k")).to.match(
      /^\*\*Checked:\*\* \*\*Finding: the direction flips\*\* under k: the auction dissipates less: \*\*no\*\*/,
    );
  });
});

describe("docs/gas-war.md", () => {
  it("is the hand-written intro followed by the generated part (edit the intro, not the page)", () => {
    const docs = path.join(__dirname, "..", "..", "docs");
    const intro = fs.readFileSync(path.join(docs, "gas-war", "intro.md"), "utf8").trimEnd();
    const page = fs.readFileSync(path.join(docs, "gas-war.md"), "utf8");
    expect(page.startsWith(`${intro}\n\n<!-- Generated by`)).to.equal(true);
  });
});
