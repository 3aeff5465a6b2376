import { expect } from "chai";
import { spawn, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** Every process whose parent chain leads to `pid` (Linux `ps`), `pid` excluded. */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const out: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = rows.filter(([, ppid]) => frontier.includes(ppid)).map(([p]) => p);
    out.push(...next);
    frontier = next;
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("chains: no process left behind (npx hardhat cascade --scenario chains/…, Ctrl-C)", function () {
  this.timeout(600_000); // a Hardhat start-up; far less on an idle machine

  it("a two-chain run interrupted by SIGINT exits and leaves none of its processes running", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "chains-sigint-"));
    // Its own process group, as a shell's foreground job: Ctrl-C signals the whole group.
    const child = spawn(
      process.execPath,
      [
        // What `npx hardhat` runs (it may start a second node process with its own flags).
        path.join(ROOT, "node_modules", "hardhat", "internal", "cli", "bootstrap.js"),
        "cascade",
        "--scenario",
        "chains/shared-whale",
        "--borrowers",
        "4",
        "--out",
        out,
      ],
      { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    const seen = new Set<number>([child.pid!]);
    let stderr = "";
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    // Interrupt once the two chains are running (the task prints its first phase on stderr).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the run did not start: ${stderr}`)), 90_000);
      child.stderr!.on("data", (d: Buffer) => {
        stderr += d.toString();
        for (const p of descendants(child.pid!)) seen.add(p);
        if (stderr.includes("with the crash on A")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 2_000));
    for (const p of descendants(child.pid!)) seen.add(p);
    process.kill(-child.pid!, "SIGINT");
    const { code, signal } = await exited;
    expect(code === 0 && signal === null, "an interrupted run does not exit as a success").to.equal(false);
    await new Promise((r) => setTimeout(r, 500));
    expect([...seen].filter(alive), "processes of the run still alive").to.deep.equal([]);
    // Nothing half-written: a run folder only appears complete (written to a temporary folder, then renamed).
    expect(fs.readdirSync(out).filter((f) => !f.startsWith("."))).to.deep.equal([]);
    fs.rmSync(out, { recursive: true, force: true });
  });
});
