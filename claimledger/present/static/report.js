// Draws the claims of a claimledger report on a Leaflet map over the built-in region outlines. Reads its data
// from the JSON script tags and builds every popup and label with textContent: no document text ever goes
// through innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("claims-data").textContent);
  var regions = JSON.parse(document.getElementById("boundaries-data").textContent);
  var colours = { "1": "#1a9850", "2": "#66bd63", "3": "#fdae61", "4": "#f46d43", "5": "#d73027", "6": "#878787" };
  var map = L.map("map", { preferCanvas: false, attributionControl: true });
  var osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: "\u00a9 OpenStreetMap contributors"
  });
  var markers = L.featureGroup();
  function line(parent, tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }
  // Leaflet writes attributions with innerHTML: escape the text first.
  var attribution = document.createElement("span");
  attribution.textContent = regions.attribution;
  map.createPane("boundaries").style.zIndex = "350";
  var outlines = L.geoJSON(regions, {
    pane: "boundaries",
    attribution: attribution.innerHTML,
    style: function (feature) {
      return { color: feature.properties.country === "UA" ? "#4a6378" : "#7a5a4a", weight: 1, fillOpacity: 0.04 };
    },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(line(document.createElement("div"), "span", feature.properties.name), { sticky: true });
    }
  }).addTo(map);
  data.features.forEach(function (feature) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var popup = document.createElement("div");
    line(popup, "strong", p.grade + " \u00b7 " + p.status + " \u00b7 " + p.action);
    line(popup, "p", p.claimant + ": " + p.sentence);
    line(popup, "p", p.place + " (geo precision " + p.geo_precision + ")");
    var link = line(popup, "a", "go to the claim");
    link.href = "#" + p.anchor;
    L.circleMarker([c[1], c[0]], {
      radius: 7, weight: 1, color: "#222", fillOpacity: 0.85, className: "claim-marker",
      fillColor: colours[String(p.grade).slice(1)] || "#878787"
    }).bindPopup(popup).addTo(markers);
  });
  markers.addTo(map);
  if (data.focus) {
    var f = data.focus;
    map.fitBounds(L.latLngBounds([f[1], f[0]], [f[3], f[2]]).pad(0.2), { maxZoom: 11 });
  } else {
    map.setView([49.0, 32.0], 5);
  }
  window.claimledgerMap = map;
  L.control.layers({}, { "OpenStreetMap tiles (online)": osm, "Regions (offline)": outlines, "Claims": markers }).addTo(map);
  L.control.scale().addTo(map);
})();
