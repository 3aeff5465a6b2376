import { expect } from "chai";
import * as path from "node:path";
import { loadChainScenario, parseChainScenario } from "../../scripts/chains/scenario";
import { DEFAULT_CONTAGION, SYSTEM_RISK_DEFAULT } from "../../scripts/chains/contagion/spec";
import { DEFAULT_BRIDGE } from "../../scripts/chains/bridge-params";
import { presetNames } from "../../scripts/sim/preset-names";
import { chainPresetNames } from "../../scripts/chains/cascade-task";

const problems = (json: unknown, sets: string[] = []): string[] => {
  try {
    parseChainScenario(json, "x.json", sets);
  } catch (e) {
    return (e as { problems: string[] }).problems;
  }
  return [];
};
const base = { kind: "two-chain" };

describe("chains/scenario (two-chain scenario files)", () => {
  it("every scenarios/chains preset parses, and none is listed among the single-chain presets", () => {
    const names = chainPresetNames();
    expect(names).to.include.members([
      "chains/shared-whale",
      "chains/shared-whale-slow-bridge",
      "chains/shared-whale-system-risk",
      "chains/bridge-halt-par",
      "chains/bridge-halt-market",
    ]);
    for (const n of names) loadChainScenario(path.join(__dirname, "..", "..", "scenarios", `${n}.json`));
    expect(presetNames().filter((n) => n.startsWith("chains/"))).to.deep.equal([]);
  });

  it("fills what a file leaves out with the defaults, and a nullable section with its own defaults", () => {
    const s = parseChainScenario({ ...base, bridge: { delayBlocks: 5 }, systemRisk: { cutBps: 500 } }, "x.json");
    expect(s.spec.bridge).to.deep.equal({ ...DEFAULT_BRIDGE, delayBlocks: 5 });
    expect(s.spec.systemRisk).to.deep.equal({ ...SYSTEM_RISK_DEFAULT, cutBps: 500 });
    expect(s.spec.chains).to.deep.equal(DEFAULT_CONTAGION.chains);
    expect(parseChainScenario({ ...base, whale: null }, "x.json").spec.whale).to.equal(null);
  });

  it("applies --set overrides in order, including inside arrays", () => {
    const s = parseChainScenario(base, "x.json", [
      "borrowersPerChain=7",
      "chains[1].blockTimeSec=3",
      "bridge.halt.fromSec=10",
      "bridge.halt.untilSec=20",
      "borrowersPerChain=9",
    ]);
    expect(s.spec.borrowersPerChain).to.equal(9);
    expect(s.spec.chains[1].blockTimeSec).to.equal(3);
    expect(s.spec.bridge.halt).to.deep.equal({ fromSec: 10, untilSec: 20 });
  });

  it("refuses bad input with one line per field, naming the allowed range or fields", () => {
    expect(problems({ kind: "single" })).to.deep.equal(['kind: must be "two-chain" (got "single")']);
    expect(problems({ ...base, borowersPerChain: 3 })[0]).to.match(/^borowersPerChain: unknown field \(allowed: seed,/);
    expect(problems({ ...base, borrowersPerChain: 0 })).to.deep.equal([
      "borrowersPerChain: must be a whole number in [1, 5000] (got 0)",
    ]);
    expect(problems({ ...base, crash: { drop: "big" } })).to.deep.equal(['crash.drop: must be a number (got "big")']);
    expect(problems({ ...base, healthMin: 1.5, healthMax: 1.2 })).to.deep.equal([
      "healthMax: must be >= healthMin (1.5) (got 1.2)",
    ]);
    expect(problems(base, ["bridge.delayBlocks=-1"])).to.deep.equal([
      "bridge.delayBlocks: must be a whole number >= 0, got -1 (from --set bridge.delayBlocks=-1)",
    ]);
    expect(problems(base, ["chains[0].blockTimeSec=5"])[0]).to.match(
      /^chains\[0\]\.blockTimeSec: must be a multiple of chains\[1\]\.blockTimeSec \(2\)/,
    );
    expect(problems({ ...base, chains: [DEFAULT_CONTAGION.chains[0]] })[0]).to.match(/^chains: must be an array of 2/);
    expect(problems(base, ["nope"])).to.deep.equal(["--set nope: expected path=value"]);
  });
});
