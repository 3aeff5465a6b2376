import { expect } from "chai";
import { applyOverrides, parseScenario, ScenarioError } from "../../scripts/sim/scenario";

function problemsOf(json: unknown): string[] {
  try {
    parseScenario(json, "bad.json");
  } catch (e) {
    expect(e).to.be.instanceOf(ScenarioError);
    return (e as ScenarioError).problems;
  }
  throw new Error("expected a ScenarioError");
}

describe("scenario schema", () => {
  it("fills every default from an empty object", () => {
    const s = parseScenario({});
    expect(s.seed).to.equal("1");
    expect(s.blocks).to.equal(120);
    expect(s.path).to.deep.equal({ kind: "step", initialPrice: 2000, atBlock: 10, dropPct: 25 });
    expect(s.tokens.debt).to.deep.equal({ symbol: "USDC", decimals: 6 });
    expect(s.market.collateral.ltv).to.equal(0.83);
    expect(s.market.collateral.liquidationThreshold).to.equal(0.85);
    expect(s.borrowers.count).to.equal(60);
    expect(s.borrowers.health).to.deep.equal({ kind: "uniform", min: 1.03, max: 1.25 });
    expect(s.keepers.map((k) => k.strategy)).to.deep.equal(["fixed-bonus", "flash"]);
    expect(s.liquidation.auction.curve.kind).to.equal("exponential");
    expect(s.oracle.latencySeconds).to.equal(12);
  });

  it("fills defaults of the chosen union variant and keeps given values", () => {
    const s = parseScenario({ path: { kind: "gbm", volatilityPerYear: 1.2 }, seed: 7 });
    expect(s.path).to.deep.equal({ kind: "gbm", initialPrice: 2000, driftPerYear: 0, volatilityPerYear: 1.2 });
    expect(s.seed).to.equal("7");
  });

  it("names the field and the value of a negative number", () => {
    expect(problemsOf({ oracle: { latencySeconds: -3 } })).to.deep.equal([
      "oracle.latencySeconds: must be >= 0 (got -3)",
    ]);
  });

  it("names the field of a wrong type", () => {
    expect(problemsOf({ amm: { depth: "deep" } })).to.deep.equal([
      'amm.depth: must be a number, not string (got "deep")',
    ]);
    expect(problemsOf({ tokens: 5 })[0]).to.match(/^tokens: must be an object/);
  });

  it("names unknown keys at any depth", () => {
    expect(problemsOf({ bogus: 1, market: { collateral: { ltvv: 0.5 } } })).to.have.members([
      "bogus: unknown field",
      "market.collateral.ltvv: unknown field",
    ]);
  });

  it("names a bad enum and a bad union tag with the allowed values", () => {
    expect(problemsOf({ oracle: { source: "chainlink" } })[0]).to.equal(
      'oracle.source: must be one of "external", "amm-spot", "amm-twap", "median", "amm-spot-live" (got "chainlink")',
    );
    expect(problemsOf({ path: { kind: "zigzag" } })[0]).to.equal(
      'path.kind: must be one of "step", "linear", "gbm", "jump", "regime", "depeg", "csv" (got "zigzag")',
    );
  });

  it("names array elements by index and lists every problem", () => {
    const problems = problemsOf({ keepers: [{ strategy: "psychic" }, { count: 1.5 }], blocks: 0 });
    expect(problems).to.have.length(3);
    expect(problems.some((p) => p.startsWith("keepers[0].strategy: must be one of"))).to.equal(true);
    expect(problems).to.include("keepers[1].count: must be an integer, not number (got 1.5)");
    expect(problems).to.include("blocks: must be >= 1 (got 0)");
  });

  it("checks relations between fields", () => {
    expect(problemsOf({ market: { collateral: { ltv: 0.9 } } })).to.deep.equal([
      "market.collateral.ltv: must be <= liquidationThreshold (0.85) (got 0.9)",
    ]);
    expect(problemsOf({ borrowers: { size: { kind: "uniform", min: 9, max: 3 } } })).to.deep.equal([
      "borrowers.size.min: must be <= max (3) (got 9)",
    ]);
    const [problem] = problemsOf({ liquidation: { mechanism: "dutch-auction" } });
    expect(problem).to.match(
      /^keepers: liquidation.mechanism "dutch-auction" needs at least one "auction-kicker" keeper/,
    );
    expect(() =>
      parseScenario({ liquidation: { mechanism: "both" }, keepers: [{ strategy: "auction-kicker", count: 1 }] }),
    ).to.not.throw();
  });

  it("puts the source in the message", () => {
    expect(() => parseScenario({ blocks: -1 }, "scenarios/x.json")).to.throw(/invalid scenario scenarios\/x\.json/);
  });
});

describe("applyOverrides", () => {
  it("sets nested values, parsing JSON where it can", () => {
    const out = applyOverrides({ oracle: { source: "external" } }, [
      "oracle.latencySeconds=30",
      "oracle.source=amm-twap",
      'path={"kind":"linear","dropPct":40}',
      "keepers[0].count=5",
      "description=two words",
    ]);
    const s = parseScenario(out);
    expect(s.oracle.latencySeconds).to.equal(30);
    expect(s.oracle.source).to.equal("amm-twap");
    expect(s.path).to.include({ kind: "linear", dropPct: 40 });
    expect(s.keepers[0].count).to.equal(5);
    expect(s.description).to.equal("two words");
  });

  it("does not modify its input", () => {
    const input = { oracle: { latencySeconds: 1 } };
    applyOverrides(input, ["oracle.latencySeconds=2"]);
    expect(input.oracle.latencySeconds).to.equal(1);
  });

  it("names paths that do not exist in the schema", () => {
    expect(() => applyOverrides({}, ["oracle.latency=1", "nope=2"])).to.throw(
      ScenarioError,
      /oracle\.latency: no such field[\s\S]*nope: no such field/,
    );
    expect(() => applyOverrides({}, ["blocks"])).to.throw(/expected path=value/);
  });

  it("lets validation name a bad overridden value", () => {
    expect(() => parseScenario(applyOverrides({}, ["oracle.latencySeconds=-3"]))).to.throw(
      "oracle.latencySeconds: must be >= 0 (got -3)",
    );
  });
});
