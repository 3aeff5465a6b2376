/**
 * `npx hardhat dashboard`: a local web app over a folder of runs and sweeps. Plain node:http — the page, the
 * bundled front-end (client.ts with vega and vega-lite, built by esbuild at start: no network, no CDN), the views
 * as JSON, and every file of every run (its report.html, CSVs, charts) under /runs/<name>/.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { escapeXml } from "../report/svg";
import { readFolder } from "./folder";
import { buildView, VIEWS } from "./views";

/** The front-end bundled into one script (esbuild, minified, browser target), as text. */
export function bundleClient(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const out = esbuild.buildSync({
    entryPoints: [path.join(__dirname, "client.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0].text;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#222}header{background:#1f2d3d;color:#fff;padding:.6em 1.5em}
header h1{font-size:1.2em;margin:0 0 .3em}nav a{color:#cfe0f5;margin-right:1.2em;text-decoration:none}nav a.on{color:#fff;font-weight:600;border-bottom:2px solid #f28e2b}
main{padding:1em 1.5em;max-width:1200px}.intro{color:#555;max-width:900px}.chart{margin:1.2em 0}
table{border-collapse:collapse;font-size:14px;margin:.6em 0}td,th{border:1px solid #ddd;padding:4px 9px;text-align:left}th{background:#fafafa}
td.v{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.empty,.problems{padding:1em;background:#fff7e6}
.note{color:#666;font-size:13px}select{font-size:14px;margin-right:1em}`;

export function page(dir: string): string {
  const nav = VIEWS.map(([id, label]) => `<a href="#${id}">${escapeXml(label)}</a>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cascade Lab dashboard</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body><header><h1>Cascade Lab — systemic-risk dashboard <small>(${escapeXml(dir)})</small></h1><nav>${nav}</nav></header>
<main id="view" aria-busy="true"></main><script src="app.js"></script></body></html>
`;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".js": "text/javascript",
};

export interface Dashboard {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1:`port` (0: any free port). */
export async function startDashboard(dir: string, port: number): Promise<Dashboard> {
  const root = path.resolve(dir);
  const app = bundleClient();
  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const p = decodeURIComponent(url.pathname);
      if (p === "/" || p === "/index.html") return send(res, 200, TYPES[".html"], page(root));
      if (p === "/app.js") return send(res, 200, TYPES[".js"], app);
      const api = /^\/api\/view\/([a-z-]+)$/.exec(p);
      if (api) {
        const view = buildView(readFolder(root), api[1], {
          a: url.searchParams.get("a") ?? undefined,
          b: url.searchParams.get("b") ?? undefined,
        });
        return view
          ? send(res, 200, TYPES[".json"], JSON.stringify(view))
          : send(res, 404, "text/plain", "no such view");
      }
      const file = /^\/runs\/([^/]+)\/([^/]+)$/.exec(p);
      if (file && !file[1].startsWith(".") && !file[2].startsWith(".")) {
        const full = path.join(root, file[1], file[2]);
        if (path.dirname(path.dirname(full)) === root && fs.existsSync(full) && fs.statSync(full).isFile()) {
          return send(res, 200, TYPES[path.extname(full)] ?? "application/octet-stream", fs.readFileSync(full));
        }
      }
      send(res, 404, "text/plain", "not found");
    } catch (e) {
      send(res, 500, "text/plain", (e as Error).message);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    server,
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
