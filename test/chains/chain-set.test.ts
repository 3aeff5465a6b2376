import { expect } from "chai";
import hre from "hardhat";
import { ChainSet } from "../../scripts/chains/chain-set";
import { gwei } from "../../scripts/sim/chain";
import { TWO_CHAINS, childPids } from "./helpers";

async function transferRun(): Promise<{ set: ChainSet; hashes: string[] }> {
  const set = await ChainSet.create(hre, TWO_CHAINS, { setupSeconds: 100 });
  const [a, b] = set.chains;
  const hashes: string[] = [];
  for (let i = 0; i < 8; i++) {
    const from = await b.signer(0);
    await from.sendTransaction({ to: (await b.signer(1)).address, value: 1000n + BigInt(i) });
    await set.step();
  }
  for (const c of [a, b]) {
    const latest = await c.chain.send<{ hash: string }>("eth_getBlockByNumber", ["latest", false]);
    hashes.push(latest.hash);
  }
  return { set, hashes };
}

describe("chains/ChainSet", () => {
  it("runs two in-process chains with their own chain id, base fee and mempool", async () => {
    const before = childPids().length;
    const set = await ChainSet.create(hre, TWO_CHAINS);
    const [a, b] = set.chains;
    expect(Number(await a.chain.send<string>("eth_chainId"))).to.equal(31_401);
    expect(Number(await b.chain.send<string>("eth_chainId"))).to.equal(31_402);
    expect((await a.chain.latestBlock()).baseFeePerGas).to.equal(gwei(20));
    expect((await b.chain.latestBlock()).baseFeePerGas).to.equal(gwei(0.1));
    // A transaction sent to B waits in B's mempool only.
    const s = await b.signer(0);
    await s.sendTransaction({ to: (await b.signer(1)).address, value: 1n });
    expect(await b.chain.pendingTransactions()).to.have.length(1);
    expect(await a.chain.pendingTransactions()).to.have.length(0);
    // In process: no child process was started.
    expect(childPids().length).to.equal(before);
  });

  it("stamps every block from one clock, each chain at its own block time", async () => {
    const set = await ChainSet.create(hre, TWO_CHAINS, { setupSeconds: 100 });
    const [a, b] = set.chains;
    const startA = await a.chain.blockNumber();
    const startB = await b.chain.blockNumber();
    await set.runUntil(set.start + 36);
    expect(set.now).to.equal(set.start + 36);
    expect((await a.chain.blockNumber()) - startA).to.equal(3);
    expect((await b.chain.blockNumber()) - startB).to.equal(18);
    expect((await a.chain.latestBlock()).timestamp).to.equal(set.start + 36);
    expect((await b.chain.latestBlock()).timestamp).to.equal(set.start + 36);
  });

  it("is deterministic: the same transactions give the same block hashes on both chains", async () => {
    const one = await transferRun();
    const two = await transferRun();
    expect(one.hashes).to.deep.equal(two.hashes);
    expect(one.hashes[0]).to.not.equal(one.hashes[1]);
  });

  it("refuses two chains with the same id and setup that runs past the clock's start", async () => {
    await expect(ChainSet.create(hre, [TWO_CHAINS[0], { ...TWO_CHAINS[1], chainId: 31_401 }])).to.be.rejectedWith(
      "own chain id",
    );
    const set = await ChainSet.create(hre, TWO_CHAINS, { setupSeconds: 2 });
    const b = set.chains[1];
    for (let i = 0; i < 2; i++) await b.mineAt(b.lastTimestamp + 1);
    await expect(set.step()).to.be.rejectedWith("setup ran past");
  });
});
