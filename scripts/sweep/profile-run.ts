/**
 * Where a sweep run's time goes inside one worker: runs seeds of a scenario in one process with world reuse and
 * prints, per run, seconds per engine phase (deploy, open, agents/observer, block loop, summary).
 *   npx hardhat run scripts/sweep/profile-run.ts   (PROFILE_SEEDS=1-6 PROFILE_SCENARIO=default PROFILE_SET=a=b,c=d)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { runScenario } from "../sim/engine";
import * as worldModule from "../sim/world/setup";
import { parseSeeds } from "./grid";
import { installReadMemo } from "./read-cache";
import { resolveScenarioPath, runScenarioOf, WorldReuse } from "./run-one";

/** Per JSON-RPC method (eth_call by selector): calls, wall milliseconds and errors, when PROFILE_RPC=1. */
function countRpc() {
  const stats = new Map<string, { n: number; ms: number; errors?: number }>();
  const hits = new Map<string, { n: number; ms: number }>();
  const seen = new Set<string>();
  (globalThis as { rpcHits?: typeof hits }).rpcHits = hits;
  const provider = hre.network.provider;
  const request = provider.request.bind(provider);
  const counted: typeof provider.request = async (args) => {
    const p = args.params as { data?: string; input?: string }[] | undefined;
    const sel = args.method === "eth_call" ? ` ${(p?.[0]?.data ?? p?.[0]?.input ?? "").slice(0, 10)}` : "";
    const block = args.method === "eth_getBlockByNumber" ? ` ${JSON.stringify(args.params)}` : "";
    const key = args.method + sel + block;
    if (block && process.env.PROFILE_STACKS === "1" && Math.random() < 0.02) console.log(new Error("where").stack);
    if (/^(eth_send|evm_|hardhat_)/.test(args.method)) seen.clear();
    else {
      const k = JSON.stringify(args);
      if (seen.has(k)) {
        const e = hits.get(key) ?? { n: 0, ms: 0 };
        e.n += 1;
        hits.set(key, e);
      }
      seen.add(k);
    }
    const t = performance.now();
    try {
      return await request(args);
    } catch (err) {
      const e = stats.get(key) ?? { n: 0, ms: 0 };
      e.errors = (e.errors ?? 0) + 1;
      stats.set(key, e);
      throw err;
    } finally {
      const e = stats.get(key) ?? { n: 0, ms: 0 };
      e.n += 1;
      e.ms += performance.now() - t;
      stats.set(key, e);
    }
  };
  provider.request = counted;
  provider.send = (method: string, params?: unknown[]) => counted({ method, params });
  return stats;
}

async function main() {
  const rpc = process.env.PROFILE_RPC === "1" ? countRpc() : null;
  const file = resolveScenarioPath(hre.config.paths.root, process.env.PROFILE_SCENARIO ?? "default");
  const sets = process.env.PROFILE_SET ? process.env.PROFILE_SET.split(",") : [];
  const reuse = process.env.PROFILE_NO_REUSE === "1" ? undefined : new WorldReuse(hre);
  const memo = process.env.PROFILE_NO_MEMO === "1" ? undefined : installReadMemo(hre.network.provider);
  for (const seed of parseSeeds(process.env.PROFILE_SEEDS ?? "1-4")) {
    const s = runScenarioOf(file, sets, [], seed);
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const marks: [string, number, number][] = [["start", performance.now(), cpu()]];
    const mark = (p: string) => marks.push([p, performance.now(), cpu()]);
    await runScenario(hre, s, {
      readCsv: (f) => fs.readFileSync(path.resolve(path.dirname(file), f), "utf8"),
      onPhase: mark,
      world: reuse
        ? {
            build: ((_h, sc, price) => reuse.build(sc, price, worldModule.buildWorld)) as typeof worldModule.buildWorld,
            start: ((w, b, price, at) =>
              reuse.open(w, b, price, at, worldModule.startClock)) as typeof worldModule.startClock,
          }
        : undefined,
    });
    mark("end");
    const sec = (ms: number) => (ms / 1000).toFixed(2);
    const parts = marks
      .slice(1)
      .map(([, t, c], i) => `${marks[i][0].split(" ")[0]} ${sec(t - marks[i][1])}/${sec(c - marks[i][2])}`);
    const last = marks[marks.length - 1];
    process.stdout.write(
      `seed ${seed} (wall/cpu s): ${parts.join(", ")}; total ${sec(last[1] - marks[0][1])}/${sec(last[2] - marks[0][2])}\n`,
    );
    if (memo) process.stdout.write(`  memo: ${memo.hits} reads answered, ${memo.misses} sent\n`);
    if (rpc) {
      for (const [k, v] of [...rpc.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
        process.stdout.write(`  ${k}: ${v.n} calls, ${sec(v.ms)} s${v.errors ? `, ${v.errors} errors` : ""}\n`);
      rpc.clear();
      const hits = (globalThis as { rpcHits?: Map<string, { n: number }> }).rpcHits!;
      process.stdout.write(`  repeated reads: ${[...hits.entries()].map(([k, v]) => `${k} ${v.n}`).join("; ")}\n`);
      hits.clear();
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
