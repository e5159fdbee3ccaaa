(function () {
  "use strict";
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  function chosen(name) {
    var out = {};
    form.querySelectorAll("input[name=" + name + "]").forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }
  function apply() {
    var sev = chosen("severity"), kind = chosen("kind"), status = chosen("status"), outlet = chosen("outlet");
    var findings = document.querySelectorAll(".finding"), visible = 0;
    findings.forEach(function (f) {
      var outlets = (f.getAttribute("data-outlets") || "").split(" ").filter(Boolean);
      var ok = sev[f.getAttribute("data-severity")] !== false && kind[f.getAttribute("data-kind")] !== false &&
        status[f.getAttribute("data-status")] !== false &&
        (outlets.length === 0 || outlets.some(function (o) { return outlet[o] !== false; }));
      f.hidden = !ok;
      if (ok) { visible += 1; }
    });
    document.querySelectorAll(".dispute").forEach(function (d) {
      d.hidden = d.querySelector(".finding:not([hidden])") === null;
    });
    shown.textContent = visible + " of " + findings.length + " findings shown";
  }
  function reveal() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* a literal % in an id */ }
    var target = id ? document.getElementById(id) : null;
    if (!target) { return; }
    if (target.closest("[hidden]")) {
      form.reset();
      apply();
    }
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    target.scrollIntoView();
  }
  function copied(button, message) {
    var out = button.parentElement.querySelector(".copied");
    if (out) { out.textContent = message; }
  }
  function copy(button) {
    var pre = document.getElementById(button.getAttribute("data-copy"));
    if (!pre) { return; }
    var text = pre.textContent;
    var fallback = function () {
      var details = pre.closest("details");
      if (details) { details.open = true; }
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      copied(button, ok ? "Copied" : "Selected below: press Ctrl+C");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { copied(button, "Copied"); }, fallback);
    } else {
      fallback();
    }
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button.copy") : null;
    if (button) { copy(button); }
  });
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
