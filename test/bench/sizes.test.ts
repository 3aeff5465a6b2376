import { expect } from "chai";
import * as path from "node:path";
import hre from "hardhat";
import { contractSizes, EIP170_LIMIT, EIP3860_INITCODE_LIMIT } from "../../scripts/bench/sizes";

const ROOT = path.resolve(__dirname, "..", "..");

describe("bench: bytecode sizes (EIP-170)", () => {
  it("keeps the network's contract-size limit on", () => {
    expect(hre.config.networks.hardhat.allowUnlimitedContractSize).to.equal(false);
  });

  it("every core contract's runtime bytecode is under 24,576 bytes and its init code under 49,152", async () => {
    await hre.run("compile", { quiet: true });
    const rows = contractSizes(ROOT);
    // the discovery finds the large contracts, so an empty or partial table cannot pass
    for (const name of ["LendingPool", "DutchAuctionLiquidator", "ConstantProductPool", "FlashLiquidator"]) {
      expect(rows.map((r) => r.contract)).to.include(name);
    }
    expect(rows.some((r) => r.source.startsWith("test/") || r.source.startsWith("sim/"))).to.equal(false);
    for (const r of rows) {
      const artifact = await hre.artifacts.readArtifact(r.contract);
      expect((artifact.deployedBytecode.length - 2) / 2).to.equal(r.runtimeBytes);
      expect(r.runtimeBytes, `${r.contract}: ${r.runtimeBytes} bytes`).to.be.lte(EIP170_LIMIT);
      expect(r.initcodeBytes, `${r.contract} init code`).to.be.lte(EIP3860_INITCODE_LIMIT);
    }
  });
});
