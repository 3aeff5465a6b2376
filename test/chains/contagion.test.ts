import { expect } from "chai";
import hre from "hardhat";
import { runContagion, type ContagionResult } from "../../scripts/chains/contagion/run";
import { contagionSpec, type ContagionSpec } from "../../scripts/chains/contagion/spec";
import { childPids } from "./helpers";

/** A small two-chain world: 4 borrowers per chain and the whale, 150 s of the shared clock. */
const small = (overrides: Partial<ContagionSpec> = {}) =>
  contagionSpec("shared-whale", { borrowersPerChain: 4, durationSec: 150, ...overrides });

describe("chains/contagion (two chains end to end)", () => {
  let withCrash: ContagionResult;

  it("a crash on A reaches B (the whale pulls collateral home through the bridge); without it nothing moves on B", async () => {
    const before = childPids().length;
    withCrash = await runContagion(hre, small());
    const calm = await runContagion(hre, small({ crash: { atSec: 60, drop: 0 } }));
    expect(withCrash.A.liquidations).to.be.greaterThan(0);
    expect(withCrash.B.liquidations).to.be.greaterThan(calm.B.liquidations);
    expect(calm.B.liquidations).to.equal(0);
    expect(calm.A.liquidations).to.equal(0);
    expect(withCrash.whale!.pulled).to.be.greaterThan(0);
    expect(withCrash.whale!.depositedAtSec).to.be.greaterThan(withCrash.whale!.pulledAtSec!);
    expect(withCrash.bridge.conserved).to.equal(true);
    expect(calm.whale!.pulledAtSec).to.equal(null);
    // In process: the two chains started no child process.
    expect(childPids().length).to.equal(before);
  });

  it("is deterministic: the same spec gives the same measures", async () => {
    expect(await runContagion(hre, small())).to.deep.equal(withCrash);
  });

  it("a bridge slower than the run keeps the whale's rescue in flight, and the books still balance", async () => {
    const slow = await runContagion(hre, small({ bridge: { delayBlocks: 60 } }));
    expect(slow.whale!.pulled).to.be.greaterThan(0);
    expect(slow.whale!.depositedAtSec).to.equal(null);
    expect(slow.bridge.inFlightBack).to.equal(slow.whale!.pulled);
    expect(slow.bridge.conserved).to.equal(true);
  });

  it("a halted bridge with B pricing the wrapped asset at par: B's keepers cannot sell, its debt goes underwater", async () => {
    const halted = await runContagion(
      hre,
      contagionSpec("bridge-halt-par", { borrowersPerChain: 4, durationSec: 150 }),
    );
    expect(halted.B.liquidations).to.equal(0);
    expect(halted.B.unprofitableSkips).to.be.greaterThan(0);
    expect(halted.B.underwater).to.be.greaterThan(0);
    expect(halted.B.minAmmPrice).to.be.lessThan(withCrash.B.minAmmPrice);
    // The whale's rescue is stuck in the halted bridge: it never gets home.
    expect(halted.whale!.depositedAtSec).to.equal(null);
    expect(halted.bridge.inFlightBack).to.equal(halted.whale!.pulled);
    expect(halted.bridge.conserved).to.equal(true);
  });
});
