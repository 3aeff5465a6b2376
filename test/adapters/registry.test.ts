/**
 * The protocol registry (scripts/adapters/registry.ts): protocols come from the adapters' own `protocol.ts` files, and
 * a folder that adds one is a new `market.protocol` with nothing else changed.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deployerOf, discoverProtocols, protocolKinds } from "../../scripts/adapters/registry";
import { deployLab } from "../../scripts/adapters/lab/deploy";
import { parseScenario, ScenarioError } from "../../scripts/sim/scenario";

describe("protocol registry", () => {
  it("finds the lab, Aave v3 and Morpho Blue from their folders, lab first", () => {
    expect(protocolKinds()).to.deep.equal(["lab", "aave-v3", "morpho-blue"]);
  });

  it("loads a protocol's deployer from its own folder", async () => {
    expect(await deployerOf("lab")).to.equal(deployLab);
    await deployerOf("nobody").then(
      () => expect.fail("an unregistered protocol has no deployer"),
      (e: Error) =>
        expect(e.message).to.equal(
          'market.protocol: no adapter registers "nobody" (registered: lab, aave-v3, morpho-blue)',
        ),
    );
  });

  it("the scenario schema takes exactly the registered protocols", () => {
    for (const p of protocolKinds())
      expect(parseScenario({ market: { protocol: p } }, "x").market.protocol).to.equal(p);
    expect(() => parseScenario({ market: { protocol: "compound-v2" } }, "x")).to.throw(
      ScenarioError,
      "market.protocol",
    );
  });

  it("a new folder with a protocol.ts registers a protocol; a folder without one is ignored; order decides", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "registry-"));
    try {
      const write = (dir: string, kind: string, order: number) => {
        fs.mkdirSync(path.join(root, dir));
        fs.writeFileSync(
          path.join(root, dir, "protocol.js"),
          `exports.PROTOCOL = { kind: "${kind}", order: ${order}, source: "x", deployer: async () => null };\n`,
        );
      };
      write("zeta", "zeta-v1", 1);
      write("alpha", "alpha-v2", 2);
      fs.mkdirSync(path.join(root, "compare")); // shared code, not a protocol
      expect(discoverProtocols(root).map((e) => e.kind)).to.deep.equal(["zeta-v1", "alpha-v2"]);
      write("beta", "zeta-v1", 3);
      expect(() => discoverProtocols(root)).to.throw('protocol "zeta-v1" twice');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
