import { expect } from "chai";
import hre from "hardhat";
import { Chain, edrBatch, gwei } from "../../scripts/sim/chain";

/** The base fee of the pending block as the node builds it. */
async function nodeNextBaseFee(chain: Chain): Promise<bigint> {
  const b = await chain.send<{ baseFeePerGas: string }>("eth_getBlockByNumber", ["pending", false]);
  return BigInt(b.baseFeePerGas);
}

describe("Chain", function () {
  this.timeout(60_000);

  it("knows the next base fee and the latest block as the node does, across blocks full, empty and set", async () => {
    const chain = new Chain(hre.network.provider);
    const [a, b] = await hre.ethers.getSigners();
    await chain.setAutomine(false);
    try {
      let calls = 0;
      for (let i = 0; i < 12; i++) {
        // Blocks under, at and over the gas target (plain transfers of 21,000 gas), some with a base fee set.
        for (let k = 0; k < (i * 7) % 11; k++) {
          await chain.sendTransaction({
            from: a.address,
            to: b.address,
            data: "0x",
            gasLimit: 21_000,
            maxFeePerGas: gwei(500),
            maxPriorityFeePerGas: gwei(1),
          });
        }
        if (i % 4 === 3) {
          // A base fee set for the next block leaves the latest block as it was: still known, still the node's.
          const before = await chain.latestBlock();
          await chain.setNextBaseFee(gwei(3 + i));
          expect(await chain.latestBlock()).to.deep.equal(before);
          const node = await chain.send<{ number: string; gasUsed: string }>("eth_getBlockByNumber", ["latest", false]);
          expect([before.number, before.gasUsed]).to.deep.equal([Number(node.number), BigInt(node.gasUsed)]);
        }
        expect(await chain.nextBaseFee()).to.equal(await nodeNextBaseFee(chain));
        await chain.setBlockGasLimit(i % 2 ? 30_000_000 : 120_000);
        await chain.mine();
        const latest = await chain.latestBlock();
        expect(latest.number).to.equal(await chain.blockNumber());
        expect(await chain.nextBaseFee()).to.equal(await nodeNextBaseFee(chain));
        calls += 1;
      }
      expect(calls).to.equal(12);
    } finally {
      await chain.setAutomine(true);
    }
  });

  it("sends a transaction as ethers' signer does: the same hash", async () => {
    const chain = new Chain(hre.network.provider);
    const [a, b] = await hre.ethers.getSigners();
    const snapshot = await chain.send<string>("evm_snapshot");
    await chain.setAutomine(false);
    try {
      const fields = { gasLimit: 30_000, maxFeePerGas: gwei(100), maxPriorityFeePerGas: gwei(2) };
      const viaSigner = await a.sendTransaction({ to: b.address, data: "0x1234", ...fields });
      await chain.send("hardhat_dropTransaction", [viaSigner.hash]);
      const raw = await chain.sendTransaction({ from: a.address, to: b.address, data: "0x1234", ...fields });
      expect(raw).to.equal(viaSigner.hash);
    } finally {
      await chain.setAutomine(true);
      await chain.send("evm_revert", [snapshot]);
    }
  });

  it("reads receipts in one JSON-RPC batch to the network: the same receipts as one request each, null when not mined", async () => {
    const chain = new Chain(hre.network.provider);
    const [a, b] = await hre.ethers.getSigners();
    await chain.setAutomine(false);
    try {
      const tx = (n: number) =>
        chain.sendTransaction({
          from: a.address,
          to: b.address,
          data: "0x",
          gasLimit: 21_000 + n,
          maxFeePerGas: gwei(500),
          maxPriorityFeePerGas: gwei(1),
        });
      const mined = [await tx(0), await tx(1), await tx(2)];
      await chain.mine();
      const waiting = await tx(3);
      const hashes = [...mined, waiting];
      // Counted at Hardhat's provider: a batch does not go through it.
      const provider = hre.network.provider as unknown as { send: (m: string, p?: unknown[]) => Promise<unknown> };
      const send = provider.send;
      let single = 0;
      provider.send = (m, p) => {
        if (m === "eth_getTransactionReceipt") single += 1;
        return send.call(hre.network.provider, m, p);
      };
      const batched = await chain.receipts(hashes);
      provider.send = send;
      expect(single).to.equal(0);
      const oneByOne = [];
      for (const h of hashes) oneByOne.push(await chain.receipt(h));
      expect(batched).to.deep.equal(oneByOne);
      expect(batched.slice(0, 3).every((r) => r?.status === 1)).to.equal(true);
      expect(batched[3]).to.equal(null);
      expect(await chain.receipts([])).to.deep.equal([]);
      await expect(chain.batchRequest("eth_sendTransaction", [[{}]])).to.be.rejectedWith(/not a read/);
      await chain.mine();
    } finally {
      await chain.setAutomine(true);
    }
  });

  it("finds the network's handler behind the wrappers at each batch (a reset puts a new one in place), and trusts only its answer's shape", async () => {
    const handler = (tag: string) => ({
      handleRequest: async (json: string) => ({
        data: JSON.stringify({ result: (JSON.parse(json) as unknown[]).map(() => tag) }),
      }),
    });
    const holder: { _provider: unknown } = { _provider: handler("first") };
    const batch = edrBatch({ _wrapped: { _wrappedProvider: holder } })!;
    expect(await batch([{}])).to.deep.equal(["first"]);
    holder._provider = handler("after a reset"); // hardhat_reset replaces the network's provider in its holder
    expect(await batch([{}, {}])).to.deep.equal(["after a reset", "after a reset"]);
    holder._provider = { handleRequest: async () => ({ data: { result: [{ jsonrpc: "2.0", id: 1, result: null }] } }) };
    expect(await batch([{}])).to.equal(null); // per-request answers: not this network's batch shape
    holder._provider = { handleRequest: async () => ({ data: { error: { code: -32602, message: "no" } } }) };
    expect(await batch([{}])).to.equal(null);
    expect(edrBatch({})).to.equal(null);
    expect(edrBatch(hre.network.provider)).to.not.equal(null); // Hardhat's network: found
  });
});
