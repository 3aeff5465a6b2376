import { expect } from "chai";
import * as path from "node:path";
import hre, { ethers } from "hardhat";
import {
  CONTRACT_CONSTANTS,
  RANGE_RULES,
  boundValue,
  rangeText,
  type RangeRule,
} from "../../scripts/sim/scenario/contract-bounds";
import {
  applyOverrides,
  loadScenarioFile,
  parseScenario,
  scenarioSchema,
  ScenarioError,
} from "../../scripts/sim/scenario";
import { presetNames } from "../../scripts/sim/preset-names";
import { renderContractBounds } from "../../scripts/sim/scenario/contract-bounds-doc";
import { CONTRACT_BOUNDS_DOC } from "../../scripts/tasks/gen-contract-bounds-doc";
import * as fs from "node:fs";

/** A scenario (defaults) with `sets` applied. */
const scenario = (...sets: string[]) => parseScenario(applyOverrides({}, sets));
const problemsOf = (...sets: string[]) => {
  try {
    scenario(...sets);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
};

describe("contract bounds on scenarios", function () {
  describe("every constant is the compiled contract's", () => {
    for (const [key, k] of Object.entries(CONTRACT_CONSTANTS).filter(([, k]) => k.read === "getter")) {
      it(`${k.contract}.${k.name} (${key})`, async () => {
        // Constants need no constructor: the runtime code at any address answers the getter.
        const artifact = await hre.artifacts.readArtifact(k.contract);
        const at = ethers.Wallet.createRandom().address;
        await hre.network.provider.send("hardhat_setCode", [at, artifact.deployedBytecode]);
        const contract = new ethers.Contract(at, artifact.abi, ethers.provider);
        expect(await contract.getFunction(k.name).staticCall()).to.equal(k.raw);
      });
    }

    it("ConstantProductPool's private BPS: a fee of BPS - 1 deploys, BPS reverts FeeTooHigh(BPS, BPS - 1)", async () => {
      const bps = CONTRACT_CONSTANTS.poolBps.raw;
      const a = await ethers.deployContract("MockERC20", ["A", "A", 18]);
      const b = await ethers.deployContract("MockERC20", ["B", "B", 6]);
      await ethers.deployContract("ConstantProductPool", [a, b, bps - 1n, "LP", "LP"]);
      const factory = await ethers.getContractFactory("ConstantProductPool");
      await expect(ethers.deployContract("ConstantProductPool", [a, b, bps, "LP", "LP"]))
        .to.be.revertedWithCustomError(factory, "FeeTooHigh")
        .withArgs(bps, bps - 1n);
    });

    it("LaggedPriceFeed deploys at MAX_LATENCY_SECONDS and reverts one second past it", async () => {
      const [admin] = await ethers.getSigners();
      const max = CONTRACT_CONSTANTS.maxLatencySeconds.raw;
      const args = (seconds: bigint) => [8, "X / Y", admin.address, admin.address, seconds, 1];
      await ethers.deployContract("LaggedPriceFeed", args(max));
      const factory = await ethers.getContractFactory("LaggedPriceFeed");
      await expect(ethers.deployContract("LaggedPriceFeed", args(max + 1n)))
        .to.be.revertedWithCustomError(factory, "LatencyOutOfBounds")
        .withArgs(max + 1n, max);
    });
  });

  describe("range rules: the bound passes, one step past it is refused naming the field and the range", () => {
    const step = (r: RangeRule) => (r.scale === "wad" ? 1e-9 : 1);
    for (const r of RANGE_RULES) {
      it(r.path, () => {
        const sets = r.path.startsWith("riskControls.dynamicRisk.")
          ? ["riskControls.dynamicRisk.enabled=true"]
          : r.path.startsWith("riskControls.circuitBreaker.")
            ? ["riskControls.circuitBreaker.enabled=true"]
            : r.path.startsWith("liquidation.auction.curve.")
              ? ['liquidation.auction.curve.kind="exponential"']
              : [];
        const mine = (ps: string[]) => ps.filter((p) => p.startsWith(`${r.path}: `));
        for (const b of [r.min && { b: r.min, dir: -1 }, r.max && { b: r.max, dir: 1 }].filter((x) => !!x)) {
          const edge = boundValue(b.b, r.scale);
          const inside = b.b.inclusive ? edge : edge - b.dir * step(r);
          const outside = b.b.inclusive ? edge + b.dir * step(r) : edge;
          expect(problemsOf(...sets, `${r.path}=${inside}`), `${inside} is allowed`).to.deep.equal([]);
          const refused = mine(problemsOf(...sets, `${r.path}=${outside}`));
          expect(refused, `${outside} is refused`).to.have.length(1);
          // A bound the schema holds too (depthWindowSeconds) is refused by the schema first, in its own words.
          const bySchema = !scenarioSchema.safeParse(applyOverrides({}, [...sets, `${r.path}=${outside}`])).success;
          if (bySchema) expect(refused[0]).to.match(new RegExp(`must be [<>]=? ${edge}`));
          else
            expect(refused[0])
              .to.include(`must be ${rangeText(r)}`)
              .and.include(b.b.source);
        }
      });
    }
  });

  describe("relations between fields", () => {
    it("ltv must be below the liquidation threshold (the schema lets them be equal; LendingPool does not)", () => {
      expect(
        problemsOf("market.collateral.ltv=0.85", "market.collateral.liquidationThreshold=0.85").join("\n"),
      ).to.match(/^market\.collateral\.ltv: must be < liquidationThreshold \(0\.85\)/m);
    });

    it("threshold × (1 + bonus) must stay below 1", () => {
      const ps = problemsOf("market.collateral.liquidationThreshold=0.96", "market.collateral.liquidationBonusBps=500");
      expect(ps.join("\n")).to.match(/market\.collateral\.liquidationThreshold: must be < 1 \/ \(1 \+ bonus 500 bps\)/);
      expect(
        problemsOf("market.collateral.liquidationThreshold=0.95", "market.collateral.liquidationBonusBps=500"),
      ).to.deep.equal([]);
    });

    it('the breaker\'s "halt-kicks" needs an auction mechanism (checked before any deploy)', () => {
      const sets = ["riskControls.circuitBreaker.enabled=true", 'riskControls.circuitBreaker.effects=["halt-kicks"]'];
      expect(problemsOf(...sets).join("\n")).to.match(/halt-kicks" needs an auction mechanism/);
      const kicker = 'keepers=[{"strategy":"fixed-bonus","count":1},{"strategy":"auction-kicker","count":1}]';
      expect(problemsOf(...sets, 'liquidation.mechanism="both"', kicker)).to.deep.equal([]);
    });

    it("dynamic risk: minLtv <= ltv and < minThreshold, minThreshold <= threshold, only when enabled", () => {
      const sets = ["riskControls.dynamicRisk.minLtv=0.9", "riskControls.dynamicRisk.minThreshold=0.95"];
      expect(problemsOf(...sets)).to.deep.equal([]);
      const ps = problemsOf("riskControls.dynamicRisk.enabled=true", ...sets).join("\n");
      expect(ps).to.match(/riskControls\.dynamicRisk\.minLtv: must be <= market\.collateral\.ltv/);
      expect(ps).to.match(
        /riskControls\.dynamicRisk\.minThreshold: must be <= market\.collateral\.liquidationThreshold/,
      );
    });
  });

  it("docs/contract-bounds.md equals the generated output (run scripts/tasks/gen-contract-bounds-doc.ts)", () => {
    expect(fs.readFileSync(CONTRACT_BOUNDS_DOC, "utf8")).to.equal(renderContractBounds());
  });

  it("every preset keeps every bound", () => {
    const dir = path.join(hre.config.paths.root, "scenarios");
    for (const name of presetNames(dir))
      expect(() => loadScenarioFile(path.join(dir, `${name}.json`)), name).not.to.throw();
  });
});
