/**
 * The dashboard's browser side (bundled by esbuild with vega and vega-lite into one offline file): a view per
 * `#<id>` route, fetched from `/api/view`, its tables inserted as given and its Vega-Lite specs rendered to SVG.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

interface ViewJson {
  id: string;
  title: string;
  intro: string;
  blocks: ({ kind: "html"; html: string } | { kind: "chart"; id: string; spec: TopLevelSpec })[];
}

const main = () => document.getElementById("view")!;

async function render(): Promise<void> {
  const hash = location.hash.replace(/^#/, "") || "runs";
  const [id, query = ""] = hash.split("?");
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("on", a.getAttribute("href") === `#${id}`));
  const el = main();
  el.setAttribute("aria-busy", "true");
  const res = await fetch(`api/view/${encodeURIComponent(id)}?${query}`);
  if (!res.ok) {
    el.innerHTML = `<p class="problems">${res.status} ${res.statusText}</p>`;
    el.removeAttribute("aria-busy");
    return;
  }
  const view = (await res.json()) as ViewJson;
  el.innerHTML = "";
  const title = document.createElement("h2");
  title.textContent = view.title;
  const intro = document.createElement("p");
  intro.className = "intro";
  intro.textContent = view.intro;
  el.append(title, intro);
  const pending: Promise<unknown>[] = [];
  for (const b of view.blocks) {
    const div = document.createElement("div");
    el.append(div);
    if (b.kind === "html") {
      div.innerHTML = b.html; // built and escaped by the server (views.ts)
    } else {
      div.className = "chart";
      div.id = `chart-${b.id}`;
      const v = new vega.View(vega.parse(compile(b.spec).spec), { renderer: "svg", container: div, hover: true });
      pending.push(v.runAsync());
    }
  }
  const form = el.querySelector<HTMLFormElement>("#compare-form");
  form?.addEventListener("change", () => {
    const data = new FormData(form);
    location.hash = `compare?a=${encodeURIComponent(String(data.get("a")))}&b=${encodeURIComponent(String(data.get("b")))}`;
  });
  await Promise.all(pending);
  el.removeAttribute("aria-busy");
  el.dataset.view = view.id;
}

window.addEventListener("hashchange", () => void render());
void render();
