// Start Swagger UI on the API's OpenAPI document (a file, not an inline script: the CSP
// allows only scripts from this site). "Try it out" reads with the browser session; for
// writes, paste a personal token under "Authorize" (session writes need an X-CSRFToken header).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
