import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyOverrides, loadScenarioFile, parseOverrideValue, ScenarioError } from "../../scripts/sim/scenario";
import { overrideSource } from "../../scripts/sim/scenario/overrides";

describe("--set values and the problems they cause", () => {
  it("a value that starts like JSON must be JSON; anything else not JSON stays a string", () => {
    expect(parseOverrideValue("amm-twap")).to.equal("amm-twap");
    expect(parseOverrideValue('{"kind":"gbm"}')).to.deep.equal({ kind: "gbm" });
    expect(() => parseOverrideValue("[{")).to.throw(SyntaxError);
    expect(() => parseOverrideValue('"unterminated')).to.throw(SyntaxError);
  });

  it("a malformed JSON value is reported as such, naming the --set", () => {
    try {
      applyOverrides({}, ["blocks=10", "keepers=[{"]);
      expect.fail("did not throw");
    } catch (e) {
      expect(e).to.be.instanceOf(ScenarioError);
      const err = e as ScenarioError;
      expect(err.source).to.equal("--set");
      expect(err.problems).to.have.length(1);
      expect(err.problems[0]).to.match(/^--set keepers=\[\{: the value is malformed JSON \(.+\)$/);
    }
  });

  it("finds the override behind a problem's path (the last one wins, parents count)", () => {
    const sets = ["oracle.latencySeconds=5", "keepers=[]", "oracle.latencySeconds=1e12"];
    expect(overrideSource("oracle.latencySeconds", sets)).to.equal("oracle.latencySeconds=1e12");
    expect(overrideSource("keepers[0].strategy", sets)).to.equal("keepers=[]");
    expect(overrideSource("amm.feeBps", sets)).to.equal(undefined);
  });

  it("a problem in an overridden field names the --set, others do not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "overrides-"));
    const file = path.join(dir, "s.json");
    fs.writeFileSync(file, JSON.stringify({ amm: { feeBps: 10_000 } }));
    try {
      expect(() => loadScenarioFile(file, ["oracle.latencySeconds=1e12"]))
        .to.throw(ScenarioError)
        .with.property("problems")
        .that.satisfies(
          (ps: string[]) =>
            ps.some(
              (p) => p.startsWith("oracle.latencySeconds:") && p.endsWith("(from --set oracle.latencySeconds=1e12)"),
            ) && ps.some((p) => p.startsWith("amm.feeBps:") && !p.includes("--set")),
        );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
