// claimledger web UI: a clustered map of claims over an offline map of regions, a time slider, a side panel,
// groups, contradictions and reviews.
// Document text is untrusted: every piece of data goes into the page through textContent or attributes
// set with createElement, never through innerHTML.
"use strict";

const STATUS_COLOURS = {
  confirmed: "#1b7837", assessed: "#5aae61", claimed: "#2166ac", unverified: "#b2abd2", denied: "#b2182b",
};
const CREDIBILITY_COLOURS = ["#888888", "#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027"];
const state = { meta: null, data: null, row: new Map(), markers: [], days: [], cutoff: null, map: null, clusters: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replace a node's children; like el(), skips null children and turns strings into text nodes.
function fill(node, ...children) {
  node.replaceChildren(el("div", {}, ...children));
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ? JSON.stringify(body.detail) : response.statusText);
  return body;
}

function say(text, ok) {
  const message = document.getElementById("message");
  message.textContent = text;
  message.className = ok ? "ok" : "";
}

function showTab(name) {
  for (const button of document.querySelectorAll("#panel nav button")) {
    button.classList.toggle("active", button.dataset.tab === name);
  }
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.id === "tab-" + name);
}

function gradeColour(grade) {
  const credibility = grade ? parseInt(grade.slice(1), 10) : 0;
  return CREDIBILITY_COLOURS[credibility] || CREDIBILITY_COLOURS[0];
}

// -- map ------------------------------------------------------------------------------------------

// Leaflet puts attributions in with innerHTML: escape the text first.
function escaped(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

// The offline base map: oblast and region outlines in their own pane under the claims, named on hover.
async function boundariesLayer() {
  const data = await api("/boundaries.geojson");
  state.map.createPane("boundaries").style.zIndex = "350";
  return L.geoJSON(data, {
    pane: "boundaries", attribution: escaped(data.attribution),
    style: (feature) => ({ color: feature.properties.country === "UA" ? "#4a6378" : "#7a5a4a", weight: 1, fillOpacity: 0.04 }),
    onEachFeature: (feature, layer) => layer.bindTooltip(el("span", {}, feature.properties.name), { sticky: true }),
  }).addTo(state.map);
}

async function buildMap() {
  const map = L.map("map", { maxZoom: 18, minZoom: 2, fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false });
  map.setView([49.0, 32.0], 5);
  state.map = map;
  window.claimledgerMap = map;
  const overlays = {};
  const tiles = state.meta.tiles;
  if (tiles.url) overlays["Map tiles (online)"] = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
  try {
    overlays["Regions (offline)"] = await boundariesLayer();
  } catch (error) {
    say("No base map: " + String(error), false);
  }
  state.clusters = L.markerClusterGroup({
    chunkedLoading: true, animate: false, showCoverageOnHover: false, maxClusterRadius: 40,
  });
  map.addLayer(state.clusters);
  overlays.Claims = state.clusters;
  L.control.layers({}, overlays, { collapsed: true }).addTo(map);
}

function buildMarkers() {
  const d = state.data;
  state.row = new Map(d.id.map((id, n) => [id, n]));
  state.markers = d.id.map((id, n) => {
    const marker = L.circleMarker([d.lat[n], d.lon[n]], {
      radius: 7, weight: 3, color: STATUS_COLOURS[d.status[n]] || "#444",
      fillColor: gradeColour(d.grade[n]), fillOpacity: d.verdict[n] === "rejected" ? 0.15 : 0.9,
      className: "claim-marker",
    });
    marker.claimIndex = n;
    marker.on("click", () => openClaim(id));
    return marker;
  });
  state.days = [...new Set(d.day.filter((day) => day))].sort();
  const slider = document.getElementById("slider");
  slider.max = String(Math.max(state.days.length - 1, 0));
  slider.value = slider.max;
  slider.disabled = state.days.length === 0;
}

function visible(n) {
  const d = state.data;
  const claimant = document.getElementById("f-claimant").value.trim().toLowerCase();
  const side = document.getElementById("f-side").value;
  const status = document.getElementById("f-status").value;
  if (state.cutoff && d.day[n] && d.day[n] > state.cutoff) return false;
  if (claimant && !(d.claimant[n] || "").toLowerCase().includes(claimant)) return false;
  if (side && d.side[n] !== side) return false;
  return !status || d.status[n] === status;
}

function redraw() {
  const shown = state.markers.filter((marker) => visible(marker.claimIndex));
  state.clusters.clearLayers();
  state.clusters.addLayers(shown);
  document.getElementById("count").textContent = `${shown.length} of ${state.markers.length} claims on the map`;
}

function onSlider() {
  const slider = document.getElementById("slider");
  const last = Number(slider.value) >= state.days.length - 1;
  state.cutoff = last ? null : state.days[Number(slider.value)];
  document.getElementById("slider-day").textContent = state.cutoff ? "up to " + state.cutoff : "all days";
  redraw();
}

function replay() {
  const slider = document.getElementById("slider");
  slider.value = "0";
  onSlider();
  const timer = setInterval(() => {
    if (Number(slider.value) >= Number(slider.max)) { clearInterval(timer); return; }
    slider.value = String(Number(slider.value) + 1);
    onSlider();
  }, 600);
}

function fitToClaims() {
  // Open on claims placed at settlement or district level; country-level points would stretch the view.
  const focused = state.markers.filter((marker) => state.data.focus[marker.claimIndex]);
  const markers = focused.length ? focused : state.markers;
  if (!markers.length) return;
  const bounds = L.latLngBounds(markers.map((marker) => marker.getLatLng()));
  state.map.fitBounds(bounds.pad(0.2), { maxZoom: 9 });
}

function legend() {
  const box = document.getElementById("legend");
  for (const [status, colour] of Object.entries(STATUS_COLOURS)) {
    const dot = el("i", { class: "dot" });
    dot.style.borderColor = colour;
    box.append(el("span", {}, dot, status));
  }
  box.append(el("span", {}, "fill: credibility 1 (green) to 6 (red)"));
}

// -- claim, document and place --------------------------------------------------------------------

function claimantName(claim) {
  const c = claim.claim.claimant;
  return c.canonical || c.name;
}

function claimCard(claim, compact) {
  const c = claim.claim;
  const places = c.places.map((p) => p.name || p.mention).join(", ");
  const card = el("div", { class: "card claim", "data-claim": claim.id },
    el("h3", {}, `${claimantName(claim)}: ${c.action}` + (c.actor_side !== "unknown" ? ` by ${c.actor_side}` : "")),
    el("div", { class: "meta" },
      el("span", { class: "badge" }, c.status), el("span", { class: "badge" }, "grade " + (claim.grade || "–")),
      claim.verdict ? el("span", { class: "badge " + claim.verdict }, "analyst: " + claim.verdict) : null,
      claim.day ? claim.day + " · " : "", places),
    el("p", { class: "sentence" }, c.sentence));
  if (compact) card.append(el("button", { type: "button", class: "link", onclick: () => openClaim(claim.id) }, "open"));
  return card;
}

function highlighted(documentData, claimId) {
  const text = documentData.text;
  const span = documentData.sentences.find((s) => s.claim_id === claimId);
  const box = el("div", { class: "document", id: "document-text" });
  if (!span) { box.textContent = text; return box; }
  box.append(text.slice(0, span.start), el("mark", {}, text.slice(span.start, span.end)), text.slice(span.end));
  return box;
}

function auth() {
  const token = document.getElementById("token").value.trim();
  return token ? { Authorization: "Bearer " + token } : {};
}

async function post(path, body, claimId) {
  try {
    await api(path, {
      method: "POST", headers: { "Content-Type": "application/json", ...auth() }, body: JSON.stringify(body),
    });
    say("Saved; the ledger was re-assessed.", true);
    await loadMap();
    await openClaim(claimId);
  } catch (error) {
    say("Refused: " + error.message, false);
  }
}

function reviewForm(claim) {
  const why = el("input", { type: "text", id: "why", placeholder: "why (required)" });
  const reason = () => why.value.trim();
  const verdict = (value) => () => post(`/api/claims/${encodeURIComponent(claim.id)}/verdict`,
    { verdict: value, why: reason() }, claim.id);
  const letter = el("select", { id: "reliability" }, ..."ABCDEF".split("").map((x) => el("option", {}, x)));
  letter.value = claim.claim.claimant.reliability || "F";
  const source = claimantName(claim);
  const form = el("div", { class: "review" }, why,
    el("button", { type: "button", id: "confirm", onclick: verdict("confirmed") }, "Confirm"),
    el("button", { type: "button", id: "reject", onclick: verdict("rejected") }, "Reject"),
    el("label", {}, "reliability ", letter),
    el("button", { type: "button", id: "set-reliability", onclick: () => post(
      `/api/sources/${encodeURIComponent(source)}/reliability`, { reliability: letter.value, why: reason() },
      claim.id) }, "Set"));
  claim.claim.places.forEach((place, index) => {
    if (!place.place_id) return;
    const choose = el("select", { "data-place": String(index) }, el("option", { value: "" }, `move ${place.mention} to…`));
    choose.addEventListener("focus", async () => {
      if (choose.options.length > 1) return;
      const found = await api(`/api/claims/${encodeURIComponent(claim.id)}/places/${index}/candidates`);
      for (const p of found) choose.append(el("option", { value: p.id }, `${p.name} (${p.admin1 || p.country || p.kind})`));
    });
    choose.addEventListener("change", () => choose.value && post(
      `/api/claims/${encodeURIComponent(claim.id)}/places/${index}`, { place_id: choose.value, why: reason() },
      claim.id));
    form.append(choose);
  });
  return form;
}

async function openClaim(claimId) {
  const claim = await api(`/api/claims/${encodeURIComponent(claimId)}`);
  const doc = await api(`/api/documents/${encodeURIComponent(claim.document_id)}`);
  const tab = document.getElementById("tab-claim");
  const reviews = claim.reviews.map((r) => el("li", {}, `${r.at.slice(0, 16)} ${r.who}: ${r.kind} ${JSON.stringify(r.value)} — ${r.why}`));
  fill(tab,
    claimCard(claim, false),
    el("ul", { class: "reasons" }, claim.reasons.map((reason) => el("li", {}, reason))),
    claim.contradicts.length ? el("p", {}, `Contradicted by ${claim.contradicts.length} claim(s): `,
      claim.contradicts.map((id) => el("button", { type: "button", class: "link", onclick: () => openClaim(id) }, id + " "))) : null,
    reviews.length ? el("div", {}, el("h4", {}, "Analyst changes"), el("ul", { class: "reviews" }, reviews)) : null,
    reviewForm(claim),
    el("h4", {}, doc.title || doc.source),
    el("div", { class: "meta" }, doc.published_at || "undated", doc.url ? " · " : "",
      doc.url ? el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, doc.url) : null),
    highlighted(doc, claim.id));
  showTab("claim");
  const mark = tab.querySelector("mark");
  const box = document.getElementById("document-text");
  if (mark) box.scrollTop = Math.max(0, mark.offsetTop - 60);
  const place = claim.claim.places.find((p) => p.place_id);
  if (place) await openPlace(place.place_id);
}

async function openPlace(placeId) {
  const place = await api(`/api/places/${encodeURIComponent(placeId)}?limit=200`);
  const tab = document.getElementById("tab-place");
  const rows = (place.timeline ? place.timeline.entries : []).map((e) => el("tr", {},
    el("td", {}, e.day), el("td", {}, e.action), el("td", {}, e.holder), el("td", {}, e.grade), el("td", {}, e.status)));
  fill(tab,
    el("h3", {}, place.name),
    el("h4", {}, "Control timeline"),
    rows.length ? el("table", { id: "timeline" }, el("tr", {}, ["day", "action", "holder", "grade", "status"].map((h) => el("th", {}, h))), rows)
      : el("p", { class: "hint" }, "No dated claims of control."),
    el("h4", {}, `${place.claims.total} claim(s)`),
    ...place.claims.items.map((claim) => claimCard(claim, true)));
}

async function loadContradictions() {
  const found = await api("/api/contradictions?limit=200");
  const tab = document.getElementById("tab-contradictions");
  fill(tab, el("p", {}, `${found.total} contradiction(s)`), ...found.items.map((c) => el("div", { class: "contradiction" },
    el("p", { class: "reason" }, c.reason),
    el("div", { class: "pair" }, el("div", { class: "side-a" }, claimCard(c.a, true)), el("div", { class: "side-b" }, claimCard(c.b, true))))));
}

// A group is one story told by several claimants; its members load when the group is opened.
function groupCard(group) {
  const d = state.data;
  const names = [...new Set(group.claim_ids.map((id) => d.claimant[state.row.get(id)]).filter((name) => name))];
  const dates = group.start === group.end ? group.start : `${group.start || "?"} to ${group.end || "?"}`;
  const members = el("div", { class: "members" });
  const card = el("details", { class: "card group", "data-group": group.id },
    el("summary", {}, el("strong", {}, group.frame || "group"),
      el("span", { class: "meta" }, ` · ${group.claim_ids.length} claims · ${group.origins.length} origin(s) · ${dates || "undated"}`),
      names.length ? el("div", { class: "meta" }, names.join(", ")) : null),
    members);
  card.addEventListener("toggle", async () => {
    if (!card.open || members.childElementCount) return;
    const claims = await Promise.all(group.claim_ids.map((id) => api(`/api/claims/${encodeURIComponent(id)}`)));
    const places = [...new Set(claims.flatMap((claim) => claim.claim.places.map((p) => p.name || p.mention)))];
    members.replaceChildren(el("p", { class: "meta places" }, "Places: " + (places.join(", ") || "none resolved")),
      el("p", { class: "meta" }, "Origins: " + group.origins.join(", ")),
      ...claims.map((claim) => claimCard(claim, true)));
  });
  return card;
}

async function loadGroups() {
  const found = await api("/api/groups?limit=1000");
  const shared = found.items.filter((group) => group.claim_ids.length > 1);
  const tab = document.getElementById("tab-groups");
  fill(tab, el("p", {}, `${shared.length} stories told by more than one claim (${found.total} groups in all)`),
    ...shared.map(groupCard));
}

async function loadAudit() {
  const found = await api("/api/audit?limit=200");
  const tab = document.getElementById("tab-audit");
  fill(tab, el("table", {}, el("tr", {}, ["when", "who", "what", "item", "why"].map((h) => el("th", {}, h))),
    found.items.map((r) => el("tr", {}, el("td", {}, r.at.slice(0, 16)), el("td", {}, r.who),
      el("td", {}, `${r.kind} ${JSON.stringify(r.value)}`), el("td", {}, r.key), el("td", {}, r.why)))));
}

// -- start ----------------------------------------------------------------------------------------

async function loadMap() {
  state.data = await api("/api/map");
  buildMarkers();
  onSlider();
}

async function start() {
  state.meta = await api("/api/meta");
  document.getElementById("ledger-name").textContent = `${state.meta.ledger}: ${state.meta.counts.claims} claims`;
  const token = sessionStorage.getItem("claimledger-token");
  if (token) document.getElementById("token").value = token;
  document.getElementById("token").addEventListener("change", (e) => sessionStorage.setItem("claimledger-token", e.target.value));
  document.getElementById("token-form").addEventListener("submit", (e) => e.preventDefault());
  await buildMap();
  legend();
  await loadMap();
  fitToClaims();
  for (const id of ["f-claimant", "f-side", "f-status"]) document.getElementById(id).addEventListener("input", redraw);
  document.getElementById("slider").addEventListener("input", onSlider);
  document.getElementById("play").addEventListener("click", replay);
  for (const button of document.querySelectorAll("#panel nav button")) {
    button.addEventListener("click", async () => {
      if (button.dataset.tab === "contradictions") await loadContradictions();
      if (button.dataset.tab === "groups") await loadGroups();
      if (button.dataset.tab === "audit") await loadAudit();
      showTab(button.dataset.tab);
    });
  }
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", () => start().catch((error) => say("Cannot load the ledger: " + String(error))));
