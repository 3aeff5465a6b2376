import { expect } from "chai";
import hre from "hardhat";
import * as path from "node:path";
import { loadScenarioFile } from "../../scripts/sim/scenario";
import { borrowersFromScenario } from "../../scripts/sim/population";
import { buildWorld } from "../../scripts/sim/world/build";
import { startClock } from "../../scripts/sim/world/clock";
import { FIXED_START } from "../../scripts/sim/engine";
import { generatePath } from "../../scripts/sim/paths";
import { Observer } from "../../scripts/sim/observe";

/** The default preset's world with `borrowers` positions open, and its first price. */
async function defaultWorld(borrowers: number) {
  const scenario = loadScenarioFile(path.join(hre.config.paths.root, "scenarios", "default.json"), [
    `borrowers.count=${borrowers}`,
  ]);
  const [price] = generatePath(scenario.path, {
    blocks: scenario.blocks,
    blockTimeSeconds: scenario.chain.blockTimeSeconds,
    seed: scenario.seed,
  });
  const world = await buildWorld(hre, scenario, price);
  await startClock(world, borrowersFromScenario(scenario, price), price, FIXED_START);
  return { world, price };
}

describe("Observer: its reads of positions, wallets, totals and rules (scripts/sim/observe.ts)", () => {
  it("holds each of 450 positions exactly as the pool does (collateral, debt from shares rounded up)", async function () {
    this.timeout(120_000);
    const { world, price } = await defaultWorld(450);
    const observer = new Observer(world);
    await observer.init(); // 450 positions: three rawPositions calls (200, 200, 50)
    const view = await observer.view(0, world.startTime + 12, price);
    expect(view.positions.size).to.equal(450);
    const asset = world.addresses.collateral;
    for (const b of world.borrowers) {
      const p = view.positions.get(b)!;
      expect(p.collateral, b).to.equal(await world.lab.collateralBalance(b, asset));
      expect(p.debt, b).to.equal(await world.lab.debtOf(b));
    }
  });

  it("reads the agents' wallets, the market's totals and its rules with the block's other reads, as the pool and tokens hold them", async function () {
    this.timeout(120_000);
    const { world, price } = await defaultWorld(12);
    const observer = new Observer(world);
    const [watched, other] = [world.borrowers[0], world.borrowers[1]];
    observer.watchWallets([watched]);
    await observer.init();
    const view = await observer.view(0, world.startTime + 12, price);
    for (const account of [watched, other]) {
      expect(await view.balance("collateral", account)).to.equal(await world.collateral.balanceOf(account));
      expect(await view.balance("debt", account)).to.equal(await world.debt.balanceOf(account));
    }
    expect(await world.debt.balanceOf(watched)).to.be.greaterThan(0n); // a borrower holds what it borrowed
    expect(observer.totalsRead(world.lab.address)).to.deep.equal(await world.lab.totals());
    expect(observer.totalsRead(world.addresses.amm)).to.equal(null);
    const m = await world.lab.marketConfig();
    const rules = await view.rules();
    expect([rules.closeFactor, rules.fullCloseHealthFactor, rules.dust]).to.deep.equal([
      m.closeFactor,
      m.fullCloseHealthFactor,
      m.dust,
    ]);
  });
});
