/* The site's own search box: a button in the header and a search box with a list of results
   (the WAI-ARIA combobox pattern). Plain script, no dependency, works over http and from a
   folder (file://). This part is on every page and stays small; the ranking
   (assets/search-engine.js) and the index (assets/search-index.js, written by
   formfill/site/search_index.py) are loaded as scripts the first time someone searches, never
   with the page. */
(function () {
  "use strict";
  if (typeof document === "undefined") return;

  /* ---- The search box ---- */
  /* The site's root, from this script's own address (…/assets/search.js): the same on every
     page depth, over http and from a folder. */
  var script = document.currentScript || document.querySelector("script[src$='assets/search.js']");
  var root = script && script.src ? new URL("../", script.src).href : "";
  var ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">' +
    '<path fill="currentColor" d="M9.5 3a6.5 6.5 0 0 1 5.2 10.4l5.4 5.4-1.4 1.4-5.4-5.4A6.5 6.5 0 ' +
    '1 1 9.5 3m0 2a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9"/></svg>';
  var ID = "ff-search";
  var state = 0, engine = null, index = null, timer = 0, active = -1;  /* state: 0 not loaded, 1 loading, 2 ready */
  /* While keys come faster than this, the search waits for a pause; after one, the next key
     searches at once. */
  var PAUSE = 60, lastRun = 0;
  var box, button, panel, input, status, list;

  function say(text) { if (status.textContent !== text) status.textContent = text; }

  function build() {
    box = document.createElement("div");
    box.className = "ff-search";
    box.innerHTML =
      '<button type="button" class="ff-search-button" aria-expanded="false" aria-controls="' +
      ID + '-panel">' + ICON + '<span class="ff-search-label">Tìm kiếm</span></button>' +
      '<div id="' + ID + '-panel" class="ff-search-panel" role="search" aria-label="Tìm kiếm" hidden>' +
      '<label for="' + ID + '-input">Tìm trang hướng dẫn</label>' +
      '<div class="ff-search-row"><input id="' + ID + '-input" type="search" role="combobox" ' +
      'aria-autocomplete="list" aria-expanded="false" aria-controls="' + ID + '-list" ' +
      'aria-describedby="' + ID + '-hint" autocomplete="off" autocapitalize="off" ' +
      'spellcheck="false" enterkeyhint="search">' +
      '<button type="button" class="ff-search-close">Đóng</button></div>' +
      '<p id="' + ID + '-hint" class="ff-search-hint">Gõ vài chữ, có dấu hay không dấu đều được, ' +
      'ví dụ: làm sổ đỏ, sang tên, mẫu 04a/ĐK.</p>' +
      '<p class="ff-search-status" role="status" aria-live="polite"></p>' +
      '<div id="' + ID + '-list" class="ff-search-list" role="listbox" ' +
      'aria-label="Kết quả tìm kiếm" hidden></div></div>';
    button = box.firstChild;
    panel = box.lastChild;
    input = panel.querySelector("input");
    status = panel.querySelector("[role=status]");
    list = panel.querySelector("[role=listbox]");
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(box, header.querySelector(".md-header__option, .md-header__source"));
    } else {
      box.className += " ff-search--page";
      document.body.insertBefore(box, document.body.firstChild);
    }
    button.addEventListener("click", function () {
      if (panel.hidden) open(); else close(false);
    });
    panel.querySelector(".ff-search-close").addEventListener("click", function () { close(true); });
    input.addEventListener("focus", load);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = 0;
      if (Date.now() - lastRun > PAUSE) run(); else timer = setTimeout(run, PAUSE);
    });
    input.addEventListener("keydown", onKey);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && event.target !== input) close(true);
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target, tag = target && target.tagName;
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey ||
          /^(INPUT|TEXTAREA|SELECT)$/.test(tag) || (target && target.isContentEditable)) return;
      event.preventDefault();
      open();
    });
    document.addEventListener("pointerdown", function (event) {
      if (!panel.hidden && !box.contains(event.target)) close(false);
    });
    var query = new URLSearchParams(location.search).get("q");
    if (query) open(query);
  }

  function open(query) {
    if (panel.hidden) {
      var header = document.querySelector(".md-header");
      var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      panel.style.top = top + "px";
      panel.style.maxHeight = "calc(100vh - " + top + "px)";
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
    }
    if (typeof query === "string") input.value = query;
    input.focus();
    load();
    if (input.value) run();
  }

  function close(returnFocus) {
    collapse();
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (returnFocus) button.focus();
  }

  function load() {
    if (state) return;
    state = 1;
    say("Đang tải…");
    window.ffSearchIndex = function (data) {
      engine = window.ffSearchEngine;
      index = new engine.Index(data);
      state = 2;
      run();
    };
    addScript("assets/search-engine.js", function () { addScript("assets/search-index.js"); });
  }

  /* A script of the site, inserted (works from file://, where fetch does not). */
  function addScript(path, then) {
    var tag = document.createElement("script");
    tag.src = root + path;
    if (then) tag.onload = then;
    tag.onerror = function () {
      state = 0;
      tag.remove();
      say("Chưa tải được dữ liệu tìm kiếm. Hãy kiểm tra kết nối rồi thử lại.");
    };
    document.head.appendChild(tag);
  }

  function run() {
    clearTimeout(timer);
    timer = 0;
    lastRun = Date.now();
    if (state !== 2) { load(); return; }
    var fold = engine.fold, highlight = engine.highlight, escapeHtml = engine.escapeHtml;
    var query = input.value, results = fold(query) ? index.search(query) : [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.innerHTML = results.map(function (r, i) {
      var p = r.page, href = root + p.url + (r.heading ? "#" + r.heading.anchor : "");
      var shown = fold(r.name), inTitle = (" " + fold(p.title) + " ").indexOf(" " + shown + " ") >= 0;
      var snippet = r.heading ? "Mục: " + r.heading.text
        : (r.name && !inTitle ? "Còn gọi là: " + r.name + ". " : "") + p.description;
      return '<a role="option" id="' + ID + "-option-" + i + '" aria-selected="false" tabindex="-1" ' +
        'href="' + escapeHtml(href) + '"><span class="ff-search-title">' + highlight(p.title, r.marks) +
        '</span><span class="ff-search-snippet">' + highlight(snippet, r.marks) + "</span></a>";
    }).join("");
    list.setAttribute("data-query", query);
    if (results.length) expand(); else collapse();
    say(!fold(query) ? "" : results.length ? "Có " + results.length + " kết quả."
      : "Không tìm thấy trang nào. Hãy thử từ khác, ví dụ “sổ đỏ”.");
  }

  function expand() {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  function collapse() {
    activate(-1);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }
  function activate(i) {
    var options = list.children;
    if (options[active]) options[active].setAttribute("aria-selected", "false");
    active = i;
    if (options[i]) {
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function onKey(event) {
    var count = list.children.length, key = event.key;
    if (key === "ArrowDown" || key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (list.hidden) expand();
      var step = key === "ArrowDown" ? 1 : -1;
      activate(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
    } else if (key === "Enter") {
      if (timer) run();
      var option = list.children[active < 0 ? 0 : active];
      if (option && state === 2) {
        event.preventDefault();
        location.href = option.href;
      }
    } else if (key === "Escape") {
      event.preventDefault();
      if (!list.hidden) collapse(); else close(true);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
