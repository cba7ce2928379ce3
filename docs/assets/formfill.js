/* The site's own scripts, loaded before Material's bundle: two changes to its search, and the
   checklist's print button. */

/* 1. The search index loads when someone starts to search, not with every page.
   Material fetches search/search_index.json as soon as a page opens over http (from a file://
   copy it already waits until the search box opens). The index is several times heavier than a
   page, and most visitors never search, so on a cheap phone and a rural link it would cost them
   most of the first page's weight for nothing. The request is held back until the search box
   opens (its toggle #__search is checked, or the query field gets focus), or at once when the
   page was opened from a search result (?h=... highlights the searched words). */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var wanted = /[?&](h|q)=/.test(location.search);
  var held = [];
  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (send) { send(); });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) release();
  }, true);
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-md-component=search-query]")) release();
  }, true);
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.ffSearchIndex = INDEX.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.ffSearchIndex || wanted) return send.apply(xhr, args);
    held.push(function () { send.apply(xhr, args); });
  };
})();

/* 2. Forgiving search for Vietnamese, the query side. Material's query path cuts a word at its
   first non-ASCII letter ("sổ" arrives as "s"), so what is typed is sent to the search worker
   already folded, the way the worker folds the index (lunr.vi.min.js, and
   formfill.vietnamese.search_fold): NFC, no diacritics, đ -> d, lower case, a final y after a
   consonant onset -> i. "làm sổ đỏ", "lam so do", NFD text, "hoà"/"hòa" and "kí"/"ký" then all
   find the same pages, and matches are still highlighted on the accented words. */
(function () {
  "use strict";
  var finalY = /\b(ngh|ng|nh|ch|gh|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])y\b/g;
  function fold(text) {
    var words = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().match(/[a-z0-9]+/g) || [];
    return words.join(" ").replace(finalY, "$1i");
  }
  /* What is sent to the worker: the words to look up in titles and text, and phrase terms that
     match the everyday names (aliases), stored as one token each ("làm sổ đỏ" -> "zqlam0so0do0",
     formfill/site/search.py, alias_token; "0" ends each word).
     - Question and filler words ("thủ tục", "có", "không", "được", "như thế nào", "ở đâu", "bao
       nhiêu"...) are not looked up on their own: they are on every page, and with Material's
       trailing wildcard "co" also matches "con", "cong"... So "lên thổ cư có được không" ranks
       as "lên thổ cư". They stay inside the phrases ("không phải xin phép", "làm sổ đỏ").
     - Every run of up to 10 words, wherever it starts, is an exact phrase term ("zqso0do0bi0rach0^16"):
       a name found whole inside the question counts, and a longer name counts more (its length
       squared), so "sổ đỏ bị rách có cấp lại được không" goes to "sổ đỏ bị rách", not "cấp lại".
       A term with a boost gets no wildcard from Material, so it matches that name only.
     - The whole query may be how a name begins, its last word still being typed: "sang te" ->
       "zqsang0te*". Only the whole query: the end of a longer one ("... sổ đỏ") would match every
       name that begins with those words, and a page with many such names would win.
     - The glossary's terms ("zg..." tokens) match only the whole query without its question
       words, so "sổ đỏ" is explained there but "sổ đỏ bị rách" leads to the procedure. */
  var COMMON_RUNS = /(^| )(nhu the nao|the nao|thu tuc|o dau|bao nhieu|bao lau|la gi|lam sao|ra sao)(?= |$)/g;
  var COMMON = /^(co|khong|duoc|lam|thi|gi|nao|vay|a|nhe)$/;
  var MAX_WORDS = 14, MAX_PHRASE = 10;  /* PHRASE_WORDS in formfill/site/search.py */
  function withPhrases(folded) {
    var words = folded ? folded.split(" ") : [], seen = {}, out = [];
    function add(term) { if (!seen[term]) { seen[term] = true; out.push(term); } }
    var plain = words.join(" ").replace(COMMON_RUNS, "$1").split(" ").filter(function (w) {
      return w && !COMMON.test(w);
    });
    plain = plain.length ? plain : words;
    plain.forEach(add);
    if (plain.length) {  /* a glossary term, typed alone or as a question: "bộ phận một cửa ở đâu" */
      var term = "zg" + plain.join("0") + "0";
      add(term + "^1");
      add(term.slice(0, -1) + "*^1");
    }
    for (var i = 0; i < words.length && i < MAX_WORDS; i++) {  /* a long question: its start */
      var joined = "zq";
      for (var k = i; k < words.length && k - i < MAX_PHRASE; k++) {
        joined += words[k] + "0";
        var n = k - i + 1;
        add(joined + "^" + n * n);
        if (i === 0 && k === words.length - 1) {
          add(joined.slice(0, -1) + "*^" + n);
        }
      }
    }
    return out.join(" ");
  }
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string") {
      message = { type: message.type, data: withPhrases(fold(message.data)) };
    }
    return post.apply(this, arguments.length > 1 ? [message, arguments[1]] : [message]);
  };
  /* The phrase terms are for ranking only. Material lists a result's unmatched terms under it
     ("Không: ...") and puts the matched ones in its link: take them out of each result before
     Material reads it. This listener is added ahead of Material's own, on the same message. */
  var PHRASE = /^z[qg]/;
  function withoutPhrases(message) {
    if (!message || message.type !== 3 || !message.data || !message.data.items) return;
    message.data.items.forEach(function (group) {
      group.forEach(function (item) {
        Object.keys(item.terms || {}).forEach(function (term) {
          if (PHRASE.test(term)) delete item.terms[term];
        });
      });
    });
  }
  var listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type) {
    if (type === "message" && !this.ffPhrasesHidden) {
      this.ffPhrasesHidden = true;
      listen.call(this, "message", function (event) { withoutPhrases(event.data); });
    }
    return listen.apply(this, arguments);
  };
})();

/* 3. "In danh sách giấy tờ": print only a procedure's document checklist, on one A4 page with
   empty boxes to tick (the print styles in formfill.css do the layout). Without JavaScript the
   button stays hidden, and printing the page prints all of it without the menus. */
(function () {
  "use strict";
  var MODE = "ff-print-checklist";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".ff-print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        document.documentElement.classList.add(MODE);
        window.print();
      });
    });
    document.querySelectorAll(".ff-print-page").forEach(function (button) {
      button.hidden = false;  /* a poster: print the page as it is */
      button.addEventListener("click", function () { window.print(); });
    });
  });
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove(MODE);
  });
})();

/* 4. "Chia sẻ": the ready-made Zalo message and its copy button, added under the short link.
   An entry's message is its title, its description (the page's own, so it is not sent twice)
   and its short link; a commune's message comes in the block's data-message. The clipboard API
   needs https (or localhost); elsewhere, such as the offline copy opened from a folder, the
   text is selected and copied the old way. Without JavaScript the short link is what is shown. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var share = document.querySelector(".ff-share");
    var link = share && share.querySelector(".ff-short-link");
    if (!link) return;
    var message = share.getAttribute("data-message");
    if (!message) {
      var title = document.querySelector("article h1");
      var description = document.querySelector('meta[name="description"]');
      message = (title ? title.textContent.trim() + ": " : "") +
        (description ? description.getAttribute("content") + "\n" : "") + link.href;
    }
    var box = document.createElement("p");
    box.className = "ff-share-box";
    box.innerHTML = '<label for="ff-share-text">Tin nhắn để gửi vào nhóm Zalo:</label>' +
      '<textarea id="ff-share-text" readonly rows="6"></textarea>' +
      '<button type="button" class="md-button ff-copy-button">Sao chép tin nhắn</button> ' +
      '<span class="ff-copy-status" role="status"></span>';
    link.parentNode.insertAdjacentElement("afterend", box);
    var text = box.querySelector("textarea");
    var status = box.querySelector(".ff-copy-status");
    text.value = message;
    var say = function (words) { status.textContent = words; };
    box.querySelector("button").addEventListener("click", function () {
      var done = function () { say("Đã sao chép. Mở Zalo và dán vào nhóm."); };
      var fallback = function () {
        text.focus();
        text.select();
        try {
          if (!document.execCommand("copy")) throw new Error("copy refused");
          done();
        } catch (e) {
          say("Hãy bấm giữ vào ô chữ để sao chép.");
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();

/* 5. The schedule's filter: show one commune's sessions. Without JavaScript the list shows all
   sessions and the links under it lead to each commune's own page. `?xa=<id>` preselects one,
   so a commune can link to its sessions on this page. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("ff-commune-filter");
    if (!select) return;
    var items = document.querySelectorAll(".ff-all-sessions > li");
    var status = document.querySelector(".ff-filter-status");
    var apply = function () {
      var shown = 0;
      items.forEach(function (item) {
        var match = !select.value || item.getAttribute("data-commune") === select.value;
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (status) status.textContent = select.value ? "Có " + shown + " buổi." : "";
    };
    var wanted = new URLSearchParams(window.location.search).get("xa");
    if (wanted && select.querySelector('option[value="' + wanted.replace(/[^a-z0-9-]/g, "") + '"]')) {
      select.value = wanted;
    }
    select.parentNode.hidden = false;
    select.addEventListener("change", apply);
    apply();
  });
})();

/* 6. A page built days ago still lists as "upcoming" a session that has ended since: mark it, so
   nobody sets off for a session that is over. Sessions carry their end time (Hà Nội time). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var now = Date.now();
    document.querySelectorAll(".ff-sessions > li[data-end]").forEach(function (item) {
      if (item.closest(".ff-past") || Date.parse(item.getAttribute("data-end")) > now) return;
      item.classList.add("ff-ended");
      var note = document.createElement("strong");
      note.textContent = "Buổi này đã qua. ";
      item.insertBefore(note, item.firstChild);
    });
  });
})();
