// The report form's map: a pin on a Leaflet map fills the hidden lat/lon fields.
// Progressive enhancement: without JavaScript, Leaflet or tiles, the address field works alone.
// Page contract: input#address, input#lat, input#lon (hidden), div#report-map with
// data-tile-url, data-attribution (trusted HTML from config), data-center-lat, data-center-lon,
// data-zoom, data-messages (the words below in the page's language, JSON), and
// button#use-my-location[hidden]. Strict CSP: no inline styles, no eval; the only
// network requests are tiles from data-tile-url.
(() => {
  "use strict";

  const PIN_ZOOM = 17;
  const ENGLISH = {
    label: "Map: choose the location of the problem",
    hint: "Use the arrow keys to move the map and plus or minus to zoom. "
      + "Press Enter or Space to place the pin at the centre of the map.",
    pinned: "Pin placed at latitude {lat}, longitude {lon}.",
    locating: "Finding your location…",
    located: "Location set to where you are: latitude {lat}, longitude {lon}, "
      + "accurate to about {accuracy} m.",
    denied: "Your device did not share its location. Place the pin on the map or type the address.",
    unavailable: "Your location could not be found. Place the pin on the map or type the address.",
    pin: "Pin",
  };

  const MESSAGES = {};

  const round = (value) => Number(value.toFixed(6));
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
  const number = (text) => {
    const value = Number.parseFloat(text);
    return Number.isFinite(value) ? value : null;
  };

  function savedPosition(latInput, lonInput) {
    const lat = number(latInput.value);
    const lon = number(lonInput.value);
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    return [lat, lon];
  }

  function statusElement(after) {
    let status = document.getElementById("location-status");
    if (!status) {
      status = document.createElement("p");
      status.id = "location-status";
      status.className = "hint location-status";
      after.insertAdjacentElement("afterend", status);
    }
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    return status;
  }

  // Write both fields and tell listeners (another script may look up nearby reports).
  function fieldWriter(latInput, lonInput) {
    return (lat, lon) => {
      const values = { lat: round(lat), lon: round(lon) };
      for (const [input, value] of [[latInput, values.lat], [lonInput, values.lon]]) {
        input.value = String(value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      return values;
    };
  }

  function setUpMap(container, saved, write, announce) {
    const data = container.dataset;
    const center = [number(data.centerLat), number(data.centerLon)];
    const zoom = number(data.zoom);
    if (!data.tileUrl || center.includes(null) || zoom === null) return null;

    if (!container.hasAttribute("aria-label")) container.setAttribute("aria-label", MESSAGES.label);
    // An application role lets screen readers pass the arrow, +/- and Enter keys to the map.
    container.setAttribute("role", "application");
    container.tabIndex = 0;
    const map = L.map(container, {
      center: saved || center,
      zoom: saved ? Math.max(zoom, PIN_ZOOM) : zoom,
      keyboard: true,
      // The wheel scrolls the page until someone works with the map (a click focuses it).
      scrollWheelZoom: false,
    });
    L.tileLayer(data.tileUrl, {
      attribution: data.attribution || "",
      maxZoom: 19,
      // The desk's Referrer-Policy (same-origin) would send tile hosts no Referer, and
      // tile.openstreetmap.org's usage policy requires one from browsers; tiles get our origin
      // only, never the page's path.
      referrerPolicy: "strict-origin-when-cross-origin",
    }).addTo(map);
    container.addEventListener("focus", () => map.scrollWheelZoom.enable());
    container.addEventListener("blur", () => map.scrollWheelZoom.disable());

    // The hint lies over the map (showing it below would move the page under the pointer).
    const hint = document.createElement("p");
    hint.id = "report-map-hint";
    hint.className = "report-map-hint";
    hint.textContent = MESSAGES.hint;
    container.append(hint);
    container.setAttribute("aria-describedby", hint.id);
    // Leaflet focuses the map on a click, which counts as :focus-visible; the hint and the
    // crosshair are for keyboard users, so the stylesheet hides them after pointer use.
    container.addEventListener("pointerdown", () => container.classList.add("report-map-pointer"));
    for (const type of ["keydown", "blur"]) {
      container.addEventListener(type, () => container.classList.remove("report-map-pointer"));
    }

    // Not keyboard-focusable: Leaflet cannot drag a pin by keys; Enter on the map moves it.
    const marker = L.marker(saved || center, {
      draggable: true, autoPan: true, keyboard: false, alt: MESSAGES.pin,
    });
    if (saved) marker.addTo(map);

    const place = (latlng) => {
      const at = latlng.wrap();
      const values = write(at.lat, at.lng);
      marker.setLatLng([values.lat, values.lon]);
      if (!map.hasLayer(marker)) marker.addTo(map);
      return values;
    };
    const placeAndSay = (latlng) => announce(fill(MESSAGES.pinned, place(latlng)));

    map.on("click", (event) => placeAndSay(event.latlng));
    marker.on("dragend", () => placeAndSay(marker.getLatLng()));
    container.addEventListener("keydown", (event) => {
      // Only the map itself: Enter on a zoom button or attribution link keeps its meaning.
      if (event.target !== container || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault(); // Space would scroll the page
        placeAndSay(map.getCenter());
      }
    });
    return { map, place };
  }

  function setUpLocateButton(button, pinMap, write, announce) {
    // Browsers offer geolocation only to secure pages (HTTPS or localhost).
    if (!button || !("geolocation" in navigator) || window.isSecureContext === false) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      button.disabled = true;
      announce(MESSAGES.locating);
      navigator.geolocation.getCurrentPosition(
        (position) => {
          button.disabled = false;
          const { latitude, longitude, accuracy } = position.coords;
          let values;
          if (pinMap) {
            pinMap.map.setView([latitude, longitude], Math.max(pinMap.map.getZoom(), PIN_ZOOM));
            values = pinMap.place(L.latLng(latitude, longitude));
          } else {
            values = write(latitude, longitude);
          }
          values.accuracy = Math.round(accuracy);
          announce(fill(MESSAGES.located, values));
        },
        (error) => {
          button.disabled = false;
          announce(error.code === error.PERMISSION_DENIED ? MESSAGES.denied : MESSAGES.unavailable);
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
  }

  function start() {
    const container = document.getElementById("report-map");
    const latInput = document.getElementById("lat");
    const lonInput = document.getElementById("lon");
    if (!container || !latInput || !lonInput) return;
    // The page gives the words in its own language; English stands in for any it leaves out.
    Object.assign(MESSAGES, ENGLISH, JSON.parse(container.dataset.messages || "{}"));
    const button = document.getElementById("use-my-location");
    const write = fieldWriter(latInput, lonInput);
    // The live region exists before anything is said in it, or screen readers may stay silent.
    const status = statusElement(button || container);
    const announce = (text) => { status.textContent = text; };
    const saved = savedPosition(latInput, lonInput);
    const pinMap = typeof L === "undefined" ? null : setUpMap(container, saved, write, announce);
    setUpLocateButton(button, pinMap, write, announce);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
