/* /docs: starts Swagger UI (served from /vendor, installed by `make web`) on this server's
   OpenAPI description. A separate file because the page's CSP allows no inline script. */
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // the default validator badge would send the spec to an outside service
    validatorUrl: null,
  });
});
