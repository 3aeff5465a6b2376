import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { runSweep } from "../../scripts/sweep/sweep";
import { LEDGER } from "../../scripts/sweep/store";
import type { RunRecord } from "../../scripts/sweep/job";

const ROOT = hre.config.paths.root;
const TINY = ["borrowers.count=8", "blocks=10", "path.atBlock=2"];
const HARDHAT_CLI = require.resolve("hardhat/internal/cli/cli");

/** A free loopback port (the OS picks it; closed again before redis-server takes it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Resolves with the first stdout line matching `re` (rejects if the process exits first). */
function waitForLine(p: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = re.exec(buffer);
      if (m) {
        p.stdout!.off("data", onData);
        resolve(m);
      }
    };
    p.stdout!.on("data", onData);
    p.once("exit", () => reject(new Error(`process ${p.pid} exited before printing ${re}`)));
  });
}

const hasRedis = spawnSync("sh", ["-c", "command -v redis-server"]).status === 0;

describe("npx hardhat sweep --queue (BullMQ on a real redis-server)", function () {
  this.timeout(600_000);
  let redis: ChildProcess | null = null;
  let url = "";
  let out = "";
  const workers: ChildProcess[] = [];

  before(async function () {
    if (!hasRedis) {
      console.warn(
        "    redis-server is not installed (apt-get install -y redis-server): distributed sweeps not tested",
      );
      this.skip();
    }
    const port = await freePort();
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
    await waitForLine(redis, /Ready to accept connections/);
    url = `redis://127.0.0.1:${port}`;
    out = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-queue-"));
    await hre.run("compile", { quiet: true });
  });
  after(() => {
    for (const w of workers) w.kill("SIGKILL");
    redis?.kill("SIGKILL");
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  const startWorker = () => {
    const w = spawn(
      process.execPath,
      [HARDHAT_CLI, "sweep-worker", "--queue", url, "--lock-seconds", "4", "--stalled-seconds", "1"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    workers.push(w);
    return w;
  };

  it("runs every job once although a worker dies mid-run: its job is retried on another worker", async () => {
    const dir = path.join(out, "killed");
    const sweep = runSweep(ROOT, {
      scenario: "default",
      seeds: "1-4",
      vary: [],
      sets: TINY,
      out: dir,
      keepRuns: false,
      queue: url,
      quiet: true,
    });
    const doomed = startWorker();
    const [, lostJob] = await waitForLine(doomed, /running (\S+)\n/);
    doomed.kill("SIGKILL");
    const survivor = startWorker();
    const outcome = await sweep;
    expect(outcome).to.deep.include({ planned: 4, finished: 4, failed: [] });
    const records = fs
      .readFileSync(path.join(dir, LEDGER), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as RunRecord);
    expect(records).to.have.length(4);
    expect(new Set(records.map((r) => r.runId)).size).to.equal(4);
    const lost = records.find((r) => r.runId === lostJob)!;
    expect(lost, "the killed worker's job finished elsewhere").to.not.equal(undefined);
    expect(lost.worker).to.equal(`${os.hostname()}/${survivor.pid}`);
    // Enqueuing the same sweep again finds every result already there: nothing runs twice.
    fs.rmSync(dir, { recursive: true });
    const again = await runSweep(ROOT, {
      scenario: "default",
      seeds: "1-4",
      vary: [],
      sets: TINY,
      out: dir,
      keepRuns: false,
      queue: url,
      quiet: true,
    });
    expect(again).to.deep.include({ finished: 4, failed: [] });
    const rerun = fs
      .readFileSync(path.join(dir, LEDGER), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("{"));
    expect(rerun.map((l) => (JSON.parse(l) as RunRecord).worker).sort()).to.deep.equal(
      records.map((r) => r.worker).sort(),
    );
  });
});
