/* Small behaviours that pages declare in their markup, so that no page needs inline script: the
 * Content-Security-Policy runs only Uplift's own script files.
 *
 *   <select data-autosubmit>          choosing an option submits the form
 *   <form data-confirm="Question?">   asks before submitting
 *   <a href="/fallback/" data-back>   goes back a page (the link works without history too)
 *   <input type="range" data-shows-percent="output-id">
 *                                     writes the slider's value as a whole percentage in the output
 *   <fieldset data-shown-when="metric=composite">
 *                                     shown only while the form's radio "metric" has that value
 *   <button data-reveal-rows="table-id" hidden>
 *                                     the table's rows marked .row-more start folded away and this
 *                                     button shows them (without script every row shows)
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

  document.addEventListener("input", function (event) {
    var slider = closest(event.target, "[data-shows-percent]");
    var output = slider && document.getElementById(slider.getAttribute("data-shows-percent"));
    if (output) output.value = Math.round(slider.value * 100) + "%";
  });

  function followChoices(form) {
    form.querySelectorAll("[data-shown-when]").forEach(function (part) {
      var rule = part.getAttribute("data-shown-when").split("=");
      var chosen = form.querySelector('input[name="' + rule[0] + '"]:checked');
      part.hidden = !chosen || chosen.value !== rule[1];
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target && event.target.form;
    if (form) followChoices(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(followChoices);
    document.querySelectorAll("[data-reveal-rows]").forEach(function (button) {
      var table = document.getElementById(button.getAttribute("data-reveal-rows"));
      if (!table) return;
      table.classList.add("rows-folded");
      button.hidden = false;
    });
  });

  document.addEventListener("click", function (event) {
    var button = closest(event.target, "[data-reveal-rows]");
    var table = button && document.getElementById(button.getAttribute("data-reveal-rows"));
    if (!table) return;
    table.classList.remove("rows-folded");
    button.hidden = true;
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 429) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      event.detail.swapOverride = "beforebegin";
    }
  });
})();
