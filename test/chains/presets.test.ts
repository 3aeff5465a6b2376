import { expect } from "chai";
import * as path from "node:path";
import hre from "hardhat";
import { runChainScenario, type ChainRun } from "../../scripts/chains/cascade-task";
import { runContagion } from "../../scripts/chains/contagion/run";
import { loadChainScenario } from "../../scripts/chains/scenario";

/** Each preset of scenarios/chains shrunk to 6 borrowers per chain and 90 ticks (180 s) of the shared clock. */
const SMALL = ["borrowersPerChain=6", "durationSec=180"];
const preset = (name: string, sets: string[] = []) =>
  loadChainScenario(path.join(__dirname, "..", "..", "scenarios", "chains", `${name}.json`), [...SMALL, ...sets]);

describe("chains presets: the direction of each finding (small worlds)", function () {
  this.timeout(600_000);
  let whale: ChainRun;

  it("shared-whale: the crash on A liquidates on B (none without it), the whale's rescue lands home", async () => {
    whale = await runChainScenario(hre, "chains/shared-whale", preset("shared-whale"));
    const s = whale.summary;
    expect(s.contagion.liquidationsOnBCausedByA).to.be.greaterThan(0);
    expect(s.withoutCrash.B.liquidations).to.equal(0);
    expect(s.chains[0].liquidations).to.be.greaterThan(0);
    expect(s.whale!.depositedAtSec).to.be.greaterThan(s.whale!.pulledAtSec!);
    expect(s.whale!.liquidatedOnA).to.equal(false);
    expect(s.bridge.conserved).to.equal(true);
    // B's feed follows A's AMM every 2 s block: B's first liquidation comes before A's (12 s blocks).
    expect(s.contagion.firstLiquidationDelaySec).to.be.lessThan(0);
  });

  it("shared-whale-slow-bridge: the same rescue takes the bridge's longer delay to get home", async () => {
    const slow = await runContagion(hre, preset("shared-whale-slow-bridge").spec);
    const fast = whale.withCrash.whale!;
    expect(slow.whale!.pulledAtSec).to.equal(fast.pulledAtSec);
    // 30 source blocks of B (2 s each) instead of 2: about 56 s later.
    expect(slow.whale!.depositedAtSec! - fast.depositedAtSec!).to.be.at.least(28 * 2);
    expect(slow.bridge.conserved).to.equal(true);
  });

  it("shared-whale-system-risk: the oracle tightens B's threshold; without it B's threshold never moves", async () => {
    const sr = await runContagion(hre, preset("shared-whale-system-risk").spec);
    expect(sr.systemRisk!.readings).to.be.greaterThan(0);
    expect(sr.systemRisk!.maxAtRiskShare).to.be.at.least(0.2);
    expect(sr.B.minThreshold).to.be.lessThan(0.8);
    expect(whale.withCrash.B.minThreshold).to.equal(0.8);
  });
});
