/* The API docs (/api/docs): Swagger UI drawn from the settings the server put in the page
 * (uplift/api/docs.py). Writes made from the page with the browser session carry the CSRF
 * token, as the API asks of a session. */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  settings.requestInterceptor = function (request) {
    if (csrfToken) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  };
  window.SwaggerUIBundle(settings);
})();
