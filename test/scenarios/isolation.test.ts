import { expect } from "chai";
import hre from "hardhat";
import { runPreset } from "../../scripts/sim/presets";
import {
  PRESET,
  compareIsolation,
  groupsOf,
  isolatedMarkets,
  runIsolationMode,
  sharedMarkets,
} from "../../scripts/sim/comparisons/isolation";
import type { RunResult } from "../../scripts/sim/engine";
import { lenderLosses } from "../../scripts/sim/engine/lender-groups";

/**
 * Isolated vs shared pools on `scenarios/risk/isolation.json` (a topology of the general model), shrunk: the calm
 * lenders' losses and liquidity, from the general lender-group measures; lenders withdraw when they see losses.
 */
describe("scenario preset: isolated vs shared pools (a topology)", function () {
  this.timeout(900_000); // two small runs: about a minute on an idle machine

  let shared: RunResult;
  let isolated: RunResult;

  before(async () => {
    shared = await runIsolationMode(hre, "shared", { small: true });
    isolated = await runIsolationMode(hre, "isolated", { small: true });
  });

  it("is the topology it claims: shared = one market with two collaterals, isolated = one market per collateral", () => {
    const [market] = sharedMarkets();
    expect(market.collaterals.map((c) => c.asset)).to.deep.equal(["weth", "wbtc"]);
    expect(isolatedMarkets(market).map((m) => [m.id, m.collaterals.map((c) => c.asset)])).to.deep.equal([
      ["crash", ["weth"]],
      ["calm", ["wbtc"]],
    ]);
    expect(Object.keys(shared.blocks[0].markets!)).to.deep.equal(["main"]);
    expect(Object.keys(isolated.blocks[0].markets!)).to.deep.equal(["crash", "calm"]);
    // The calm asset has no AMM: no arbitrageur, no keeper, no swap of it; nobody liquidates a calm position.
    expect(shared.liquidations.length).to.be.greaterThan(5);
    expect(shared.liquidations.every((l) => l.asset === "weth")).to.equal(true);
    expect(isolated.liquidations.every((l) => l.market === "crash")).to.equal(true);
  });

  it("the crash side is the same world in both topologies: the same bad debt (to 1%)", () => {
    expect(shared.summary.badDebt).to.be.greaterThan(10_000n * 10n ** 6n);
    const diff = Number(shared.summary.badDebt - isolated.summary.badDebt);
    expect(Math.abs(diff)).to.be.lessThan(Number(shared.summary.badDebt) / 100);
    // Isolated, every write-off is the crash market's.
    const last = isolated.blocks[isolated.blocks.length - 1].markets!;
    expect(last.calm.badDebt).to.equal(0n);
    expect(last.crash.badDebt).to.equal(isolated.summary.badDebt);
  });

  it("isolated protects the calm group's lenders: no loss, no exit; shared, they lose and the crash lenders lose less", () => {
    const s = groupsOf(shared);
    const i = groupsOf(isolated);
    // Isolated: the calm claim never falls below the deposit (to the wei: interest only), so they never withdraw.
    for (const b of isolated.blocks) expect(b.lenderGroups!.calm.claim >= i.calm.supplied).to.equal(true);
    expect(i.calm.loss <= 0n).to.equal(true);
    expect(i.calm.firstWithdrawalBlock).to.equal(null);
    // Shared: the calm lenders carry part of the crash's bad debt.
    expect(s.calm.loss > 0n).to.equal(true);
    expect(s.calm.lossPct).to.be.greaterThan(0.5);
    expect(s.crash.loss < i.crash.loss).to.equal(true);
    // Both saw the loss and ran; the crash lenders, first in line, left the calm lenders the later write-offs.
    expect(s.crash.firstWithdrawalBlock).to.not.equal(null);
    expect(s.crash.withdrawn > 0n).to.equal(true);
    expect(s.calm.lossPct).to.be.greaterThan(s.crash.lossPct);
    // What the lenders lost together is the bad debt written off, less reserves and interest (to 1%).
    const absorbed = Number(s.calm.loss + s.crash.loss);
    expect(absorbed).to.be.closeTo(Number(shared.summary.badDebt), Number(shared.summary.badDebt) / 100);
    expect(Number(i.crash.loss)).to.be.closeTo(
      Number(isolated.summary.badDebt),
      Number(isolated.summary.badDebt) / 100,
    );
  });

  it("the general measures read the recorded claims: losses equal supplied − claim − withdrawn", () => {
    const losses = lenderLosses(shared);
    const last = shared.blocks[shared.blocks.length - 1].lenderGroups!;
    for (const key of ["crash", "calm"]) {
      expect(losses[key].loss).to.equal(losses[key].supplied - last[key].claim - last[key].withdrawn);
    }
  });

  it("the comparison: two rows read off the runs, a finding naming the direction", () => {
    const c = compareIsolation(shared, isolated);
    expect(c.id).to.equal("isolation");
    const [sharedRow, isolatedRow] = c.rows;
    expect(sharedRow.values.calmLoss as number).to.be.greaterThan(0);
    expect(isolatedRow.values.calmLoss as number).to.be.at.most(0);
    expect(sharedRow.values.calmLoss).to.be.closeTo(Number(groupsOf(shared).calm.loss) / 1e6, 1e-6);
    expect(c.finding).to.match(/shared market the calm lenders lost/);
    expect(c.finding).to.match(/isolated, they lost nothing/);
  });

  it("a calm position that falls below health 1 stops the run: no keeper can liquidate an asset with no AMM", async () => {
    const [market] = sharedMarkets();
    const patch = {
      blocks: 8,
      borrowers: { count: 5 },
      assets: [
        { id: "weth", symbol: "WETH" },
        {
          id: "wbtc",
          symbol: "WBTC",
          decimals: 8,
          path: { kind: "step", initialPrice: 60_000, atBlock: 2, dropPct: 50 },
          amm: null,
        },
      ],
      markets: [{ ...market, borrowers: market.borrowers.map((b) => (b.id === "calm" ? { ...b, count: 3 } : b)) }],
    };
    let error: Error | null = null;
    await runPreset(hre, PRESET, patch).catch((e: Error) => (error = e));
    expect(String(error)).to.match(
      /market main: borrower 0x[0-9a-fA-F]{40} fell to health 0\.\d{4} holding only wbtc collateral, which no keeper liquidates \(wbtc has no AMM/,
    );
  });
});
