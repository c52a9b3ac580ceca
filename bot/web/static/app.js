/* Kombel Mini App: asks the server for each view with Telegram's initData in a header,
   puts the answer in <main>, and keeps Telegram's back button and theme in step. Links
   marked data-nav load inside the app; t.me links open in Telegram; data-download links are
   handed to Telegram's downloadFile; forms marked data-nav
   load their result; forms marked data-post send and show the answer in place. */
(function () {
  "use strict";
  var tg = window.Telegram && window.Telegram.WebApp;
  var main = document.getElementById("main");
  var base = document.body.getAttribute("data-base") || "";
  var initData = tg ? tg.initData : "";
  var query = new URLSearchParams(location.search);
  var payload = (tg && tg.initDataUnsafe && tg.initDataUnsafe.start_param) || query.get("startapp") || "";
  var history = [], current = null, latest = 0;

  function theme() {
    var p = (tg && tg.themeParams) || {}, root = document.documentElement.style;
    var map = {bg_color: "--bg", secondary_bg_color: "--bg2", text_color: "--text", hint_color: "--hint",
      link_color: "--link", button_color: "--btn", button_text_color: "--btn-text"};
    Object.keys(map).forEach(function (k) { if (p[k]) { root.setProperty(map[k], p[k]); } });
  }
  function fromTemplate(id) { main.innerHTML = document.getElementById(id).innerHTML; }
  function backButton() {
    if (!tg || !tg.BackButton) { return; }
    if (history.length) { tg.BackButton.show(); } else { tg.BackButton.hide(); }
  }
  function request(url, options) {
    options = options || {};
    options.headers = {"X-Telegram-Init-Data": initData};
    return fetch(url, options).then(function (r) { return r.text(); });
  }
  function load(url, push) {
    var mine = ++latest;  // on a slow line an older answer may arrive last: only the newest shows
    return request(url).then(function (html) {
      if (mine !== latest) { return; }
      if (push && current) { history.push(current); }
      current = url;
      main.innerHTML = html;
      backButton();
      window.scrollTo(0, 0);
    }, function () { fromTemplate("offline"); });
  }
  function goBack() { if (history.length) { current = null; load(history.pop(), false); } }

  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a") : null;
    if (!a) { return; }
    var href = a.getAttribute("href");
    if (a.hasAttribute("data-back")) { e.preventDefault(); goBack(); return; }
    if (a.hasAttribute("data-nav")) { e.preventDefault(); load(href, true); return; }
    if (a.hasAttribute("data-download") && tg) {  /* a signed address: no header needed */
      e.preventDefault();
      var url = new URL(href, location.href).href;
      if (tg.downloadFile) { tg.downloadFile({url: url, file_name: a.getAttribute("download")}); } else { tg.openLink(url); }
      return;
    }
    if (/^https:\/\/t\.me\//.test(href) && tg) { e.preventDefault(); tg.openTelegramLink(href); return; }
    if (/^https?:\/\//.test(href) && tg) { e.preventDefault(); tg.openLink(href); }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute("data-nav")) {
      e.preventDefault();
      var fields = new URLSearchParams(new FormData(form));
      var url = form.getAttribute("action") + (fields.toString() ? "?" + fields.toString() : "");
      load(url, true);
    } else if (form.hasAttribute("data-post")) {
      e.preventDefault();
      var target = document.getElementById(form.getAttribute("data-post"));
      var button = form.querySelector("button");
      if (button) { button.disabled = true; }
      request(form.getAttribute("action"), {method: "POST", body: new URLSearchParams(new FormData(form))})
        .then(function (html) { (target || form).innerHTML = html; }, function () { fromTemplate("offline"); });
    }
  });
  document.addEventListener("change", function (e) {
    var form = e.target.form;
    if (form && form.hasAttribute("data-auto") && e.target.tagName === "SELECT") { form.requestSubmit(); }
  });

  theme();
  if (tg) {
    if (tg.onEvent) { tg.onEvent("themeChanged", theme); }
    if (tg.BackButton) { tg.BackButton.onClick(goBack); }
    if (tg.ready) { tg.ready(); }
    if (tg.expand) { tg.expand(); }
  }
  if (!initData) { fromTemplate("no-telegram"); return; }
  load(base + "/v/" + encodeURIComponent(payload || "me"), false);
})();
