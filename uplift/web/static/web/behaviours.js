/* Small behaviours that pages declare in their markup, so that no page needs inline script: the
 * Content-Security-Policy runs only Uplift's own script files.
 *
 *   <select data-autosubmit>          choosing an option submits the form
 *   <form data-confirm="Question?">   asks before submitting
 *   <a href="/fallback/" data-back>   goes back a page (the link works without history too)
 *
 * And a write that answers 429 (too many requests) shows its message just before the part of
 * the page it meant to update, which stays as it was. */
(function () {
  "use strict";

  function closest(target, selector) {
    return target && target.closest ? target.closest(selector) : null;
  }

  document.addEventListener("change", function (event) {
    var field = closest(event.target, "[data-autosubmit]");
    if (field && field.form) field.form.submit();
  });

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    var link = closest(event.target, "a[data-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 429) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      event.detail.swapOverride = "beforebegin";
    }
  });
})();
