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

describe("Observer: the first read of every position, in several lens calls (scripts/sim/observe.ts)", () => {
  it("holds each of 450 positions exactly as the pool does (collateral, debt from shares rounded up)", async function () {
    this.timeout(120_000);
    const scenario = loadScenarioFile(path.join(hre.config.paths.root, "scenarios", "default.json"), [
      "borrowers.count=450",
    ]);
    const [price] = generatePath(scenario.path, {
      blocks: scenario.blocks,
      blockTimeSeconds: scenario.chain.blockTimeSeconds,
      seed: scenario.seed,
    });
    const world = await buildWorld(hre, scenario, price);
    await startClock(world, borrowersFromScenario(scenario, price), price, FIXED_START);
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
});
