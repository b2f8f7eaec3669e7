// The performance page's map of open reports: one dot per row of the table #open-reports.
// Progressive enhancement: without JavaScript, Leaflet or tiles, the table says it all (the
// map stays hidden). Strict CSP: no inline styles or scripts; tiles come from data-tile-url.
(() => {
  "use strict";

  function show() {
    const box = document.getElementById("open-reports-map");
    const table = document.getElementById("open-reports");
    if (!box || !table || typeof L === "undefined") return;
    box.hidden = false;
    const map = L.map(box, { keyboard: true }).setView(
      [Number(box.dataset.centerLat), Number(box.dataset.centerLon)],
      Number(box.dataset.zoom),
    );
    box.setAttribute("aria-label", box.dataset.label);
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution, maxZoom: 19 })
      .addTo(map);
    const points = [];
    for (const row of table.tBodies[0].rows) {
      const lat = Number.parseFloat(row.dataset.lat);
      const lon = Number.parseFloat(row.dataset.lon);
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      const text = `${row.cells[0].textContent} (${row.cells[1].textContent}, ${row.cells[2].textContent})`;
      L.circleMarker([lat, lon], { radius: 6, color: "#0b5cad", weight: 2, fillOpacity: 0.5 })
        .bindTooltip(text)
        .addTo(map);
      points.push([lat, lon]);
    }
    if (points.length) map.fitBounds(points, { padding: [20, 20], maxZoom: 16 });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
