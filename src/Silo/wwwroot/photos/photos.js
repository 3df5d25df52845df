"use strict";
// The photo page: sends a photo to /api/photos and draws each face's box and 15 keypoints over it, in the photo's pixels.
const params = new URLSearchParams(location.search);
const svgNs = "http://www.w3.org/2000/svg";
const $ = id => document.getElementById(id);
const el = (tag, attrs = {}, text) => {
  const e = tag === "rect" || tag === "circle" || tag === "g" ? document.createElementNS(svgNs, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

// The campaigns this cluster can serve; a silo host lists them, kg serve names its own in the page's address.
async function listCampaigns() {
  const chosen = params.get("campaign");
  let ids = chosen ? [chosen] : [];
  try {
    const response = await fetch("/api/campaigns", { cache: "no-store" });
    if (response.ok) {
      const served = (await response.json()).filter(c => c.ensembleVersion > 0).map(c => c.id);
      ids = [...new Set([...ids, ...served.reverse()])];
    }
  } catch { /* a front door without the campaign list: the address names the campaign */ }
  $("campaign").replaceChildren(...ids.map(id => el("option", { value: id }, id)));
  if (chosen) $("campaign").value = chosen;
  if (!ids.length) say("No campaign with a trained ensemble: add ?campaign=ID to the address.", true);
}

function say(text, error = false) {
  $("summary").replaceChildren(error ? el("span", { class: "error" }, text) : document.createTextNode(text));
}

async function send(file) {
  const campaign = $("campaign").value;
  say(`Sending ${file.name}…`);
  $("stage").hidden = true;
  $("faces").hidden = true;
  const query = campaign ? `?campaign=${encodeURIComponent(campaign)}` : "";
  const started = performance.now();
  const response = await fetch(`/api/photos${query}`, {
    method: "POST", body: file, headers: { "Content-Type": file.type || "application/octet-stream" },
  });
  const answer = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (!response.ok) return say(`${file.name}: ${answer.error}`, true);
  const image = $("photo");
  if (image.src) URL.revokeObjectURL(image.src);
  image.src = URL.createObjectURL(file);
  await image.decode().catch(() => {});
  // Small frames are drawn larger, so that their points can be told apart.
  image.style.width = `${Math.min(Math.max(image.naturalWidth, 520), 1100)}px`;
  draw(answer);
  const ms = Math.round(performance.now() - started);
  say(`${file.name}: ${answer.width}x${answer.height}, ${answer.faces.length} face${answer.faces.length === 1 ? "" : "s"} ` +
      `(campaign ${answer.campaign}, ensemble version ${answer.ensembleVersion}, ${ms} ms)`);
}

function draw(answer) {
  const overlay = $("overlay");
  overlay.setAttribute("viewBox", `0 0 ${answer.width} ${answer.height}`);
  overlay.dataset.width = answer.width;
  overlay.dataset.height = answer.height;
  const radius = Math.max(2, Math.min(answer.width, answer.height) / 150);
  overlay.replaceChildren(...answer.faces.map((face, i) => {
    const group = el("g", { "data-face": i });
    group.append(el("rect", { x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height }));
    for (const [name, p] of Object.entries(face.keypoints)) {
      // Keypoints are in pixel-centre coordinates: pixel (i, j) spans [i, i + 1), its centre at i + 0.5 in the image.
      group.append(el("circle", { cx: p.x + 0.5, cy: p.y + 0.5, r: radius, "data-name": name, "data-x": p.x, "data-y": p.y }));
    }
    return group;
  }));
  $("stage").hidden = false;
  table(answer.faces);
}

function table(faces) {
  if (!faces.length) return;
  const names = Object.keys(faces[0].keypoints);
  const head = el("tr", {}, undefined);
  head.append(el("th", {}, "keypoint"), ...faces.map((f, i) => el("th", {}, `face ${i + 1} x, y${f.degraded.length ? " (degraded)" : ""}`)));
  const rows = names.map(name => {
    const row = el("tr");
    row.append(el("td", {}, name), ...faces.map(f => el("td", {}, `${f.keypoints[name].x.toFixed(1)}, ${f.keypoints[name].y.toFixed(1)}`)));
    return row;
  });
  $("faces").replaceChildren(head, ...rows);
  $("faces").hidden = false;
}

// A name beside the point under the pointer.
$("overlay").addEventListener("mouseover", e => {
  if (e.target.tagName !== "circle") return;
  const tip = $("tip"), stage = $("stage").getBoundingClientRect(), point = e.target.getBoundingClientRect();
  tip.textContent = e.target.dataset.name;
  tip.style.left = `${point.left + point.width / 2 - stage.left}px`;
  tip.style.top = `${point.top - stage.top}px`;
  tip.hidden = false;
});
$("overlay").addEventListener("mouseout", e => { if (e.target.tagName === "circle") $("tip").hidden = true; });

$("file").addEventListener("change", () => { if ($("file").files[0]) send($("file").files[0]); });
const drop = $("drop");
drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", e => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files[0]) send(e.dataTransfer.files[0]);
});

listCampaigns();
