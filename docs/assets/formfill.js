/* The site's own scripts: the checklist's print button, the share box, the schedule's filter
   and ended sessions. (Search is assets/search.js.) */

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
