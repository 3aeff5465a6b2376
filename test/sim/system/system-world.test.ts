import { expect } from "chai";
import hre from "hardhat";
import { parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import { runOnSnapshot } from "../../../scripts/sim/presets";
import type { RunResult } from "../../../scripts/sim/engine";
import { agentAddress } from "../../../scripts/sim/world/accounts";

/** Two assets (ETH crashes, stETH depegs), two markets (main: ETH + stETH, lido: stETH), a fund in both. */
const TWO_MARKETS = {
  name: "two-markets",
  seed: 3,
  blocks: 20,
  path: { kind: "step", initialPrice: 2000, atBlock: 4, dropPct: 30 },
  amm: { depth: 2_000_000 },
  market: { lenderSupply: 5_000_000 },
  borrowers: { count: 6 },
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
  assets: [
    { id: "eth", symbol: "WETH" },
    {
      id: "steth",
      symbol: "stETH",
      path: { kind: "depeg", peg: 2000, lowPct: 10, startBlock: 2, durationBlocks: 4, recoveryHalfLifeBlocks: 50 },
      amm: { depth: 1_000_000 },
    },
  ],
  markets: [
    {
      id: "main",
      collaterals: [{ asset: "eth" }, { asset: "steth", ltv: 0.7, liquidationThreshold: 0.75 }],
      borrowers: [
        { id: "eth-only" },
        {
          id: "basket",
          count: 4,
          basket: [
            { asset: "eth", share: 0.5 },
            { asset: "steth", share: 0.5 },
          ],
        },
      ],
    },
    {
      id: "lido",
      collaterals: [{ asset: "steth", ltv: 0.72, liquidationThreshold: 0.76 }],
      borrowers: [{ count: 6, health: { kind: "uniform", min: 1.02, max: 1.1 } }],
    },
  ],
  entities: [
    {
      id: "fund",
      positions: [
        { market: "main", collateral: [{ asset: "eth", amount: 300 }], health: 1.2 },
        { market: "lido", collateral: [{ asset: "steth", amount: 500 }], health: 1.08 },
      ],
    },
  ],
  keepers: [{ strategy: "fixed-bonus", count: 2, capital: 3_000_000 }],
};

/** The run without its wall times (everything else must be the same bytes from the same seed). */
const stable = (r: RunResult) =>
  JSON.stringify({ ...r, setupSeconds: 0, runSeconds: 0 }, (_, v) => (typeof v === "bigint" ? v.toString() : v));

describe("engine: a world of two assets and two markets built from the topology", function () {
  this.timeout(600_000);
  let r: RunResult;
  before(async () => {
    r = await runOnSnapshot(hre, parseScenario(TWO_MARKETS as unknown as ScenarioInput));
  });

  it("liquidates in both markets, each record tagged with its market and the asset seized", () => {
    const pairs = new Set(r.liquidations.map((l) => `${l.market}/${l.asset}`));
    expect([...pairs].every((p) => ["main/eth", "main/steth", "lido/steth"].includes(p))).to.equal(true);
    expect(pairs.has("lido/steth")).to.equal(true);
    expect([...pairs].some((p) => p.startsWith("main/"))).to.equal(true);
    // Each keeper account acts in one (market, asset) slice, named for it.
    for (const l of r.liquidations) expect(l.keeper.endsWith(`/${l.market}/${l.asset}`)).to.equal(true);
  });

  it("records every market every block, and the markets' liquidations sum to the block's", () => {
    for (const b of r.blocks) {
      expect(Object.keys(b.markets!)).to.deep.equal(["main", "lido"]);
      const sum = Object.values(b.markets!).reduce((a, m) => a + m.liquidations, 0);
      expect(sum).to.equal(b.liquidations);
      expect(b.markets!.lido.debt > 0n && b.markets!.lido.collateralValue > 0n).to.equal(true);
    }
    const tagged = r.liquidations.filter((l) => l.market === "lido").length;
    expect(r.blocks.reduce((a, b) => a + b.markets!.lido.liquidations, 0)).to.equal(tagged);
  });

  it("holds the fund's one address in both markets, and every population's positions", () => {
    const fund = agentAddress(hre, "entity/fund");
    expect(r.positions.filter((p) => p.borrower === fund)).to.have.length(2);
    expect(r.positions).to.have.length(6 + 4 + 1 + 6 + 1);
    // The stETH depeg makes the lido book (health 1.02-1.10) liquidatable: its keepers seize stETH there.
    expect(r.liquidations.filter((l) => l.market === "lido").length).to.be.greaterThan(0);
  });

  it("is deterministic: the same scenario and seed give the same records", async () => {
    const again = await runOnSnapshot(hre, parseScenario(TWO_MARKETS as unknown as ScenarioInput));
    expect(stable(again)).to.equal(stable(r));
  });

  it("runs an auction market beside a fixed-bonus one, each keeper group in the markets it watches", async () => {
    const markets = TWO_MARKETS.markets.map((m) =>
      m.id === "lido" ? { ...m, liquidation: { mechanism: "dutch-auction" } } : m,
    );
    const keepers = [
      { strategy: "fixed-bonus", count: 2, capital: 3_000_000, markets: ["main"] },
      { strategy: "auction-kicker", count: 1, markets: ["lido"] },
      { strategy: "auction-taker", count: 1, capital: 3_000_000, markets: ["lido"] },
    ];
    const a = await runOnSnapshot(
      hre,
      parseScenario({ ...TWO_MARKETS, blocks: 25, markets, keepers } as unknown as ScenarioInput),
    );
    const kicks = a.blocks.reduce((n, b) => n + b.auctionsKicked, 0);
    expect(kicks).to.be.greaterThan(0);
    const takes = a.liquidations.filter((l) => l.kind === "auction-take");
    expect(takes.length).to.be.greaterThan(0);
    // Takes are lido's (its auctions), fixed-bonus liquidations main's; names keep the scenario's group index.
    expect(takes.every((l) => l.market === "lido" && l.keeper.startsWith("keeper/auction-taker/2."))).to.equal(true);
    const fixed = a.liquidations.filter((l) => l.kind === "fixed-bonus");
    expect(fixed.every((l) => l.market === "main" && l.keeper.startsWith("keeper/fixed-bonus/0."))).to.equal(true);
  });
});
