import { expect } from "chai";
import * as path from "node:path";
import hre from "hardhat";
import { runChainScenario, type ChainRun } from "../../scripts/chains/cascade-task";
import { runContagion, type ContagionResult } from "../../scripts/chains/contagion/run";
import { loadChainScenario } from "../../scripts/chains/scenario";

/** The two bridge-halt presets shrunk to 6 borrowers per chain and 60 ticks (120 s) of the shared clock; the crash on
 * A stays at 60 s, after the depeg on B (the halt starts at 0, the wrapped asset is sold 22% down within seconds). */
const SMALL = ["borrowersPerChain=6", "durationSec=120"];
const preset = (name: string) =>
  loadChainScenario(path.join(__dirname, "..", "..", "scenarios", "chains", `${name}.json`), SMALL);

describe("chains presets: bridged collateral priced at market vs at par during a bridge halt (small worlds)", function () {
  this.timeout(300_000);
  let market: ChainRun;
  let par: ContagionResult;

  before(async () => {
    market = await runChainScenario(hre, "chains/bridge-halt-market", preset("bridge-halt-market"));
    par = await runContagion(hre, preset("bridge-halt-par").spec);
  });

  it("market feed: B liquidates on the depeg alone, before the crash on A and without it", () => {
    const crashAt = market.scenario.spec.crash.atSec;
    const B = market.withCrash.B;
    expect(B.liquidations).to.be.greaterThan(0);
    expect(B.firstLiquidationSec).to.be.lessThan(crashAt);
    expect(market.noCrash.B.liquidations).to.be.greaterThan(0);
    // The depeg, not A, drives B: B's first liquidation comes before A's.
    expect(market.summary.contagion.firstLiquidationDelaySec).to.be.lessThan(0);
    expect(market.withCrash.bridge.conserved).to.equal(true);
  });

  it("par feed: B's keepers cannot sell at a profit, nothing is liquidated and B's debt is left underwater", () => {
    expect(par.B.liquidations).to.equal(0);
    expect(par.B.unprofitableSkips).to.be.greaterThan(0);
    expect(par.B.underwater).to.be.greaterThan(0);
    // Unrecognised: the market sees healthy positions at par, so none of it is written off as bad debt.
    expect(par.B.badDebt).to.equal(0);
    expect(par.bridge.conserved).to.equal(true);
  });

  it("the same halt leaves less unrecovered debt on B priced at market than at par", () => {
    expect(market.withCrash.B.underwater + market.withCrash.B.badDebt).to.be.lessThan(par.B.underwater + par.B.badDebt);
    // The depeg is the same in both: B's AMM falls as low either way (within a unit of the price).
    expect(Math.abs(market.withCrash.B.minAmmPrice - par.B.minAmmPrice)).to.be.lessThan(0.05 * par.B.minAmmPrice);
  });
});
