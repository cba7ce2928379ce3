/* The staff desk: filter procedures as typed, add and remove members, parcels and houses, and
   check each field as it is typed with the same rules and messages as `formfill fill` (the
   server checks; this only asks and shows). Everything stays on this machine. */
(function () {
  "use strict";

  /* The filter asks the desk which procedures match: the desk folds accents, Unicode form and
     i/y spelling with formfill.vietnamese.search_fold, as the site's search does. */
  var search = document.getElementById("tim");
  if (search) {
    var items = document.querySelectorAll("#thu-tuc > li");
    var status = document.getElementById("so-ket-qua");
    search.addEventListener("input", function () {
      var asked = search.value;
      var request = new XMLHttpRequest();
      request.open("GET", search.getAttribute("data-find") + "?q=" + encodeURIComponent(asked));
      request.onload = function () {
        if (request.status !== 200 || asked !== search.value) return;  /* a later key won */
        var found = JSON.parse(request.responseText);
        items.forEach(function (item) {
          item.hidden = found.indexOf(item.getAttribute("data-id")) === -1;
        });
        status.textContent = asked.trim() ? found.length + " thủ tục" : "";
      };
      request.send();
    });
  }

  var print = document.getElementById("in");
  if (print) {
    print.addEventListener("click", function () {
      var frame = document.getElementById(print.getAttribute("data-frame"));
      try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (e) { window.open(frame.src); }
    });
  }

  var form = document.getElementById("ho");
  if (!form) return;

  function renumber(group) {
    var list = group.querySelectorAll(".items > fieldset.item");
    list.forEach(function (item, i) {
      var old = item.getAttribute("data-index");
      item.setAttribute("data-index", i);
      item.querySelector("legend .n").textContent = i + 1;
      item.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v === null) return;
          if (attr === "name" && el.type === "radio") { el.value = i; return; }
          el.setAttribute(attr, v.split(group.getAttribute("data-group") + "." + old + ".")
            .join(group.getAttribute("data-group") + "." + i + ".")
            .split(group.getAttribute("data-group") + "-" + old + "-")
            .join(group.getAttribute("data-group") + "-" + i + "-")
            .replace(/^applicant-\d+$/, "applicant-" + i));
        });
      });
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var group = button.closest(".group");
    if (button.classList.contains("add")) {
      var tpl = document.getElementById("tpl-" + button.getAttribute("data-group"));
      var holder = group.querySelector(".items");
      holder.insertAdjacentHTML("beforeend", tpl.innerHTML);
      renumber(group);
      var added = holder.lastElementChild;
      added.querySelector("input:not([type=radio]):not([type=checkbox]), select").focus();
    } else if (button.classList.contains("remove")) {
      button.closest("fieldset.item").remove();
      renumber(group);
      group.querySelector("button.add").focus();
      check();
    }
  });

  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = "Đang điền đơn, xin chờ (lần đầu trong ngày có thể mất nửa phút)...";
  });

  var touched = {};
  var timer = null;
  var summary = document.getElementById("tong-hop");

  function show(result, all) {
    form.querySelectorAll("[name]").forEach(function (el) {
      var err = document.getElementById("err-" + el.name.replace(/\./g, "-"));
      if (!err) return;
      var message = (all || touched[el.name]) ? (result.errors[el.name] || "") : "";
      err.textContent = message;
      if (message) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
    });
    if (all) {
      var names = Object.keys(result.errors);
      var count = names.length + result.general.length;
      summary.hidden = count === 0;
      summary.querySelector("h2").textContent = "Còn " + count + " chỗ cần sửa";
      var list = summary.querySelector("ul");
      list.textContent = "";
      result.general.forEach(function (m) {
        var li = document.createElement("li"); li.textContent = m; list.appendChild(li);
      });
      names.forEach(function (name) {
        var li = document.createElement("li"); var a = document.createElement("a");
        a.href = "#" + name.replace(/\./g, "-"); a.textContent = result.errors[name];
        li.appendChild(a); list.appendChild(li);
      });
    }
  }

  function check(all) {
    var request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("data-check"));
    request.onload = function () {
      if (request.status === 200) show(JSON.parse(request.responseText), all);
    };
    request.send(new FormData(form));
  }

  form.addEventListener("input", function (event) {
    if (event.target.name) touched[event.target.name] = true;
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
  form.addEventListener("change", function (event) {
    if (event.target.name) touched[event.target.name] = true;
    check();
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.name && event.target.value) { touched[event.target.name] = true; check(); }
  });

})();
