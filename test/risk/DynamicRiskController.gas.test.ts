import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { FEED } from "./fixtures";
import { world } from "./dynamicRiskWorld";

/**
 * Budgets (gas used, incl. 21,000 base): the measured figure plus about 5%. Since the market phases threshold cuts
 * in (issue 15, F1) an update also reads the market's ramp and the market starts a new one: 161,408 and 144,389.
 */
const BUDGET = { step: 170_000n, next: 152_500n };

describe("DynamicRiskController gas @gas-budget", () => {
  it("update() stays within budget: an hour later (full step) and 12 s later (ramp)", async () => {
    const w = await loadFixture(world); // a fixture: the deployments do not shift later files' addresses
    await time.increase(3600);
    await w.ethFeed.setAnswer(FEED(2100));
    const step = (await (await w.controller.update()).wait())!.gasUsed;
    await time.increase(12);
    await w.ethFeed.setAnswer(FEED(2050));
    const next = (await (await w.controller.update()).wait())!.gasUsed;
    console.log(`      update(): ${step} gas an hour later (new round, full step); ${next} 12 s later (new round)`);
    expect(step).to.be.lessThan(BUDGET.step);
    expect(next).to.be.lessThan(BUDGET.next);
  });
});
