/* A minimal, local stand-in for telegram.org's telegram-web-app.js: the parts Kombel uses
   (initData, start_param, themeParams, BackButton, openLink/openTelegramLink, downloadFile,
   ready, expand),
   so the page makes no third-party request. Telegram passes the launch parameters in the
   URL's fragment and talks to the page through postEvent/receiveEvent. A real or test
   window.Telegram.WebApp already present is left alone. */
(function () {
  "use strict";
  var T = window.Telegram = window.Telegram || {};
  if (T.WebApp) { return; }
  var hash = new URLSearchParams(location.hash.replace(/^#/, ""));
  var initData = hash.get("tgWebAppData") || sessionStorage.getItem("kombel.initData") || "";
  if (initData) { sessionStorage.setItem("kombel.initData", initData); }
  var unsafe = {};
  new URLSearchParams(initData).forEach(function (v, k) {
    try { unsafe[k] = (k === "user" || k === "chat") ? JSON.parse(v) : v; } catch (e) { unsafe[k] = v; }
  });
  var theme = {};
  try { theme = JSON.parse(hash.get("tgWebAppThemeParams") || "{}"); } catch (e) { theme = {}; }
  var handlers = {};
  function post(type, data) {
    var body = JSON.stringify(data || {});
    if (window.TelegramWebviewProxy) { window.TelegramWebviewProxy.postEvent(type, body); }
    else if (window.external && "notify" in window.external) { window.external.notify(JSON.stringify({eventType: type, eventData: data})); }
    else if (window.parent !== window) { window.parent.postMessage(JSON.stringify({eventType: type, eventData: data}), "*"); }
  }
  function receive(type, data) {
    if (type === "theme_changed" && data && data.theme_params) { WebApp.themeParams = data.theme_params; }
    (handlers[type === "back_button_pressed" ? "backButtonClicked" : type === "theme_changed" ? "themeChanged" : type] || [])
      .forEach(function (f) { f(data); });
  }
  T.WebView = T.WebView || {receiveEvent: receive};
  window.TelegramGameProxy = window.TelegramGameProxy || {receiveEvent: receive};  // older clients
  window.addEventListener("message", function (e) {
    try { var m = JSON.parse(e.data); receive(m.eventType, m.eventData); } catch (err) { /* not ours */ }
  });
  var back = {isVisible: false,
    show: function () { back.isVisible = true; post("web_app_setup_back_button", {is_visible: true}); },
    hide: function () { back.isVisible = false; post("web_app_setup_back_button", {is_visible: false}); },
    onClick: function (f) { (handlers.backButtonClicked = handlers.backButtonClicked || []).push(f); }};
  var WebApp = T.WebApp = {
    initData: initData, initDataUnsafe: unsafe, themeParams: theme, BackButton: back,
    onEvent: function (name, f) { (handlers[name] = handlers[name] || []).push(f); },
    ready: function () { post("web_app_ready"); },
    expand: function () { post("web_app_expand"); },
    openLink: function (url) { if (!window.TelegramWebviewProxy && window.parent === window) { window.open(url, "_blank"); } else { post("web_app_open_link", {url: url}); } },
    // Telegram (Bot API 8.0) downloads the file itself and asks the person first.
    downloadFile: function (params) { post("web_app_request_file_download", params); },
    openTelegramLink: function (url) {
      if (!window.TelegramWebviewProxy && window.parent === window) { location.href = url; return; }
      post("web_app_open_tg_link", {path_full: url.replace(/^https:\/\/t\.me/, "")});
    }
  };
})();
