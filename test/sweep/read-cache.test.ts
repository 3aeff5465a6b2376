import { expect } from "chai";
import type { EthereumProvider, RequestArguments } from "hardhat/types";
import { installReadMemo } from "../../scripts/sweep/read-cache";

/** A fake network: a counter that eth_sendTransaction bumps; every request is logged. */
function fakeProvider() {
  let state = 0;
  const log: string[] = [];
  const p = {
    request: async (a: RequestArguments) => {
      log.push(a.method);
      await new Promise((r) => setImmediate(r));
      if (a.method === "eth_sendTransaction") state += 1;
      return { state, list: [state] };
    },
    send: async () => {
      throw new Error("send must go through request");
    },
  };
  return { provider: p as unknown as EthereumProvider, log };
}

describe("sweep read memo", () => {
  it("answers a repeated read from the memo until a request that may change the chain", async () => {
    const { provider, log } = fakeProvider();
    const memo = installReadMemo(provider);
    const read = () => provider.send("eth_getBlockByNumber", ["pending", true]) as Promise<{ state: number }>;
    expect((await read()).state).to.equal(0);
    const again = (await read()) as { state: number; list: number[] };
    expect(again.state).to.equal(0);
    again.list.push(99); // a caller editing its answer edits its own copy
    expect(await read()).to.deep.equal({ state: 0, list: [0] });
    await provider.send("eth_sendTransaction", [{}]);
    expect((await read()).state).to.equal(1);
    expect(log.filter((m) => m === "eth_getBlockByNumber")).to.have.length(2);
    expect([memo.hits, memo.misses]).to.deep.equal([2, 2]);
  });

  it("keeps no answer of a read that overlapped a transaction", async () => {
    const { provider, log } = fakeProvider();
    installReadMemo(provider);
    const read = () => provider.request({ method: "eth_call", params: [{}] }) as Promise<{ state: number }>;
    await Promise.all([read(), provider.request({ method: "eth_sendTransaction", params: [{}] })]);
    expect((await read()).state).to.equal(1);
    expect(log.filter((m) => m === "eth_call")).to.have.length(2);
  });

  it("sends every request once through a wrapper installed over it (as the engine's Chain watches the provider)", async () => {
    const { provider, log } = fakeProvider();
    installReadMemo(provider);
    const seen: string[] = [];
    const p = provider as unknown as {
      send: (m: string, params?: unknown[]) => Promise<unknown>;
      request: (a: RequestArguments) => Promise<unknown>;
    };
    const [send, request] = [p.send.bind(p), p.request.bind(p)];
    p.send = (m, params) => (seen.push(m), send(m, params));
    p.request = (a) => (seen.push(a.method), request(a));
    await p.send("eth_sendTransaction", [{}]);
    await p.request({ method: "evm_mine" });
    // Twice would tell the watch two transactions were in flight at once, and its mempool copy would give up.
    expect(seen).to.deep.equal(["eth_sendTransaction", "evm_mine"]);
    expect(log).to.deep.equal(["eth_sendTransaction", "evm_mine"]);
  });
});
