/**
 * `npx hardhat dashboard [--dir out] [--port 8777]`: serves the systemic-risk dashboard over a folder of runs and
 * sweeps until interrupted (docs/dashboard.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { task, types } from "hardhat/config";

/** The default port (any free one with --port 0). */
export const DASHBOARD_PORT = 8777;

task("dashboard", "Serves a local web app over a folder of runs and sweeps (liquidation curves, leverage, VaR)")
  .addOptionalParam("dir", "Folder of runs (each a cascade / gas-war output folder) and sweeps", "out")
  .addOptionalParam("port", "Port on 127.0.0.1 (0: any free port)", DASHBOARD_PORT, types.int)
  .setAction(async (a: { dir: string; port: number }) => {
    const dir = path.resolve(a.dir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      process.stderr.write(`dashboard: --dir: no folder ${dir} (make runs with npx hardhat cascade --out ${a.dir})\n`);
      process.exit(1);
    }
    if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) {
      process.stderr.write(`dashboard: --port: ${a.port} is not a port (0-65535)\n`);
      process.exit(1);
    }
    const { startDashboard } = await import("./server");
    let d;
    try {
      d = await startDashboard(dir, a.port);
    } catch (e) {
      process.stderr.write(`dashboard: cannot listen on 127.0.0.1:${a.port}: ${(e as Error).message}\n`);
      process.exit(1);
    }
    process.stdout.write(`dashboard over ${dir}: ${d.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void d.close().then(resolve);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  });
