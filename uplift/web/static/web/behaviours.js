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
 *
 *   <div data-person-picker>         a people picker (uplift/web/pickers.py): its <select> gives way
 *                                     to a search box whose matches (htmx) pick options of it, and
 *                                     the people chosen show as chips; without script the
 *                                     <select> stays as it is
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
  });

  /* People pickers. The <select> stays the form's field (and the rule of who may be picked):
   * the search box only chooses among its options. */
  function pickerSelect(picker) { return picker.querySelector("select"); }

  function drawChosen(picker) {
    var select = pickerSelect(picker);
    var chosen = picker.querySelector(".person-picker-chosen");
    chosen.textContent = "";
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.selected || !option.value) return;
      var chip = document.createElement("span");
      chip.className = "badge rounded-pill text-bg-light border d-inline-flex align-items-center gap-1";
      chip.setAttribute("data-testid", "picked");
      chip.appendChild(document.createTextNode(option.text));
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close btn-close-sm";
      remove.setAttribute("aria-label", "Remove " + option.text);
      remove.setAttribute("data-unpick", option.value);
      chip.appendChild(remove);
      chosen.appendChild(chip);
    });
  }

  function pickerStart(picker) {
    if (picker.hasAttribute("data-picker-ready")) return;
    picker.setAttribute("data-picker-ready", "");
    var select = pickerSelect(picker);
    var ui = picker.querySelector(".person-picker-ui");
    if (!select || !ui) return;
    // Out of sight but still the form's field (a label names it; scripts and tests may set it).
    select.classList.add("visually-hidden");
    select.required = false; // a hidden field cannot show the browser's message; the server's shows
    select.setAttribute("tabindex", "-1");
    ui.hidden = false;
    drawChosen(picker);
  }

  function pickersStart(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("[data-person-picker]").forEach(pickerStart);
  }

  document.addEventListener("DOMContentLoaded", function () { pickersStart(document); });
  document.addEventListener("change", function (event) {
    var picker = closest(event.target, "[data-person-picker]");
    if (picker && event.target.tagName === "SELECT") drawChosen(picker);
  });
  document.addEventListener("htmx:load", function (event) { pickersStart(event.target); });

  document.addEventListener("htmx:afterSwap", function (event) {
    var results = event.target;
    if (!results.classList || !results.classList.contains("person-picker-results")) return;
    var picker = closest(results, "[data-person-picker]");
    var select = picker && pickerSelect(picker);
    if (!select) return;
    var allowed = {};
    Array.prototype.forEach.call(select.options, function (option) { allowed[option.value] = true; });
    var shown = 0;
    results.querySelectorAll("[data-pick]").forEach(function (button) {
      var ok = allowed[button.getAttribute("data-pick")] === true;
      button.hidden = !ok;
      if (ok) shown += 1;
    });
    var none = results.querySelector("[data-pick-none]");
    if (none) none.hidden = shown > 0;
  });

  document.addEventListener("click", function (event) {
    var button = closest(event.target, "[data-pick]");
    var picker = button && closest(button, "[data-person-picker]");
    if (picker) {
      var select = pickerSelect(picker);
      var value = button.getAttribute("data-pick");
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value === value) option.selected = true;
        else if (!select.multiple) option.selected = false;
      });
      select.dispatchEvent(new Event("change", { bubbles: true }));
      var results = picker.querySelector(".person-picker-results");
      var search = picker.querySelector("[data-picker-search]");
      if (results) results.textContent = "";
      if (search) search.value = "";
      return;
    }
    var remove = closest(event.target, "[data-unpick]");
    picker = remove && closest(remove, "[data-person-picker]");
    if (picker) {
      Array.prototype.forEach.call(pickerSelect(picker).options, function (option) {
        if (option.value === remove.getAttribute("data-unpick")) option.selected = false;
      });
      drawChosen(picker);
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
