/* The site's search engine: folding, ranking, marking matches. Plain script, no dependency.
   Loaded with the index the first time someone searches (by assets/search.js, which draws the
   search box on every page), so a visitor who never searches never downloads it.

   The index (assets/search-index.js, written by formfill/site/search_index.py) is a script that
   hands its data to window.ffSearchIndex; it is loaded the first time someone searches, never
   with the page. Everything is folded as formfill.vietnamese.search_fold folds (no accents,
   đ -> d, lower case, a final y after a consonant -> i), so "lam so do", "làm sổ đỏ", NFD text,
   hoà/hòa and kí/ký all find the same pages; matches are marked on the accented words.

   Ranking (Index.search), for what is typed, folded into words:
   - Names: every run of up to MAX_PHRASE words, starting in the first MAX_WORDS, that is a whole
     everyday name of a page counts its length squared (a name found whole inside a question,
     and the longer name wins: "sổ đỏ bị rách có cấp lại được không" -> "sổ đỏ bị rách", not
     "cấp lại"). Old form numbers count less on the pages of the procedures that used them than
     on the form's own page. The whole query may also be how a name begins, its last word still
     being typed ("sang te" -> "sang tên"): that counts its length less half a word, so a
     name typed whole ("cò") still outranks the names it begins ("công dân...").
   - Glossary terms match only the whole query without its question words, and count as a
     one-word name: "TTPVHCC" and "bộ phận một cửa ở đâu" lead to the glossary, while "sang tên"
     still leads to its procedure, and "sổ đỏ bị rách" does not lead to the glossary at all.
   - Words: each word that is not a question or filler word ("có", "không", "được", "như thế
     nào", "ở đâu"...: they are on every page) scores by where it is found (title, a heading, the
     description, a name, the text) and how rare it is on the site; a word may be the start of a
     longer one ("te" -> "tên"), for less. A page with more of the words scores more.
   - The page's boost (procedures and journeys 2, sources pages 0.5) multiplies its score. */
(function () {
  "use strict";

  /* ---- Folding: keep in step with formfill.vietnamese.search_fold ---- */
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var FINAL_Y = /\b(ngh|ng|nh|ch|gh|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])y\b/g;
  function fold(text) {
    var words = String(text).normalize("NFD").replace(MARKS, "").replace(/đ/g, "d")
      .replace(/Đ/g, "D").toLowerCase().match(/[a-z0-9]+/g);
    return words ? words.join(" ").replace(FINAL_Y, "$1i") : "";
  }
  function foldedWords(text) {
    var folded = fold(text);
    return folded ? folded.split(" ") : [];
  }

  /* ---- Ranking ---- */
  /* Question and filler words: not looked up on their own (they stay inside names). */
  var COMMON_RUNS = /(^| )(nhu the nao|the nao|thu tuc|o dau|bao nhieu|bao lau|la gi|lam sao|ra sao)(?= |$)/g;
  var COMMON = /^(co|khong|duoc|lam|thi|gi|nao|vay|a|nhe)$/;
  var MAX_WORDS = 14, MAX_PHRASE = 10;  /* PHRASE_WORDS in formfill/site/search.py */
  /* Weights. A name, per word squared, outranks any single word; an old form number on the page
     of a procedure that used it counts a fifth of one on the form's own page (x2 for the
     procedure's boost). Words: where they are found, times how rare they are. */
  var NAME = 100, OLD_FORM = 20, GLOSSARY = 100;
  var TITLE = 10, HEADING = 4, DESCRIPTION = 4, NAME_WORD = 3, TEXT = 1;
  var PREFIX = 0.5, LAST_PREFIX = 0.8;  /* a word typed as the start of a longer one */
  var LIMIT = 10, FLOOR = 0.02;  /* results shown; and not below this share of the best score */

  function Index(data) {
    var self = this, width = data.width, digits = data.digits;
    self.pages = [];
    self.where = {};   /* folded word -> {page: weight of the best field it is in} */
    self.names = {};   /* folded name -> [[page, weight, name]] */
    self.nameList = [];
    self.glossary = {};  /* folded term -> [page] */
    function place(word, page, weight) {
      var at = self.where[word] || (self.where[word] = {});
      if (!(at[page] >= weight)) at[page] = weight;
    }
    data.pages.forEach(function (p, i) {
      var page = { url: p.u, title: p.t, description: p.d || "", boost: p.b || 1, headings: [] };
      self.pages.push(page);
      foldedWords(p.t).forEach(function (w) { place(w, i, TITLE); });
      foldedWords(page.description).forEach(function (w) { place(w, i, DESCRIPTION); });
      (p.h || []).forEach(function (h) {
        var words = foldedWords(h[1]);
        page.headings.push({ anchor: h[0], text: h[1], words: words });
        words.forEach(function (w) { place(w, i, HEADING); });
      });
      [[p.n, NAME], [p.o, OLD_FORM]].forEach(function (field) {
        (field[0] || []).forEach(function (name) {
          var key = fold(name);
          if (!key) return;
          (self.names[key] || (self.names[key] = [])).push([i, field[1], name]);
          self.nameList.push([key, i, field[1], name]);
          key.split(" ").forEach(function (w) { place(w, i, NAME_WORD); });
        });
      });
      (p.g || []).forEach(function (term) {
        var key = fold(term);
        if (key) (self.glossary[key] || (self.glossary[key] = [])).push(i);
      });
    });
    Object.keys(data.words).forEach(function (word) {
      var list = data.words[word], keys = foldedWords(word);
      for (var k = 0; k < list.length; k += width) {
        var n = 0;
        for (var d = 0; d < width; d++) n = n * digits.length + digits.indexOf(list.charAt(k + d));
        keys.forEach(function (w) { place(w, n, TEXT); });
      }
    });
    self.keys = Object.keys(self.where).sort();
    self.idf = {};
    var total = self.pages.length;
    self.keys.forEach(function (w) {
      self.idf[w] = Math.log(1 + total / Object.keys(self.where[w]).length);
    });
  }

  /* The folded words of the index that `word` matches: itself, and the longer words it begins
     (binary search in the sorted list). [[word, strength]]. */
  Index.prototype.expand = function (word, last) {
    var keys = this.keys, lo = 0, hi = keys.length, out = [];
    if (this.where[word]) out.push([word, 1]);
    if (word.length < 2 && !last) return out;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < word) lo = mid + 1; else hi = mid;
    }
    for (var i = lo; i < keys.length && keys[i].lastIndexOf(word, 0) === 0; i++) {
      if (keys[i] !== word) out.push([keys[i], last ? LAST_PREFIX : PREFIX]);
    }
    return out;
  };

  /* The ranked pages for `query`: [{page, score, name, heading, marks: {exact, prefix}}]. */
  Index.prototype.search = function (query) {
    var self = this, words = foldedWords(query), scores = {}, names = {}, matched = {};
    if (!words.length) return [];
    function add(page, score) { scores[page] = (scores[page] || 0) + score; }
    function named(page, score, name, run) {
      add(page, score);
      if (!names[page] || names[page].score < score) names[page] = { score: score, name: name };
      run.split(" ").forEach(function (w) { matched[w] = true; });
    }
    /* Everyday names, as phrases found whole inside the query. */
    var seen = {};
    for (var i = 0; i < words.length && i < MAX_WORDS; i++) {
      var run = "";
      for (var k = i; k < words.length && k - i < MAX_PHRASE; k++) {
        run += (k > i ? " " : "") + words[k];
        if (seen[run]) continue;
        seen[run] = true;
        var n = k - i + 1;
        (self.names[run] || []).forEach(function (hit) {
          named(hit[0], hit[1] * n * n, hit[2], run);
        });
      }
    }
    /* The whole query as the start of a name, its last word being typed: the best such name
       of each page counts (a page with many names beginning so must not win by their number). */
    var whole = words.join(" "), best = {};
    if (words.length <= MAX_PHRASE) {
      self.nameList.forEach(function (entry) {
        if (entry[0].length > whole.length && entry[0].lastIndexOf(whole, 0) === 0) {
          var score = entry[2] * (words.length - 0.5);  /* below the same words as a whole name */
          if (!(best[entry[1]] && best[entry[1]][0] >= score)) best[entry[1]] = [score, entry[3]];
        }
      });
      Object.keys(best).forEach(function (page) { named(+page, best[page][0], best[page][1], whole); });
    }
    /* The task: the query without its question and filler words (all of it if nothing else). */
    var task = words.join(" ").replace(COMMON_RUNS, "$1").split(" ").filter(function (w) {
      return w && !COMMON.test(w);
    });
    task = task.length ? task : words;
    (self.glossary[task.join(" ")] || []).forEach(function (page) {
      named(page, GLOSSARY, "", task.join(" "));
    });
    /* Words: each counts once per page, at the best field and form it is found in. */
    var distinct = task.filter(function (w, j) { return task.indexOf(w) === j; });
    var wordScores = {}, found = {}, prefixes = [];
    distinct.forEach(function (word, j) {
      var last = j === distinct.length - 1 && word === words[words.length - 1];
      var forms = self.expand(word, last), top = {};
      if (forms.length) matched[word] = true;
      /* marked as the start of longer words only when it is no word of its own ("sang te") */
      if (forms.length && forms[0][1] < 1 && word.length > 1) prefixes.push(word);
      forms.forEach(function (form) {
        var at = self.where[form[0]], idf = self.idf[form[0]];
        Object.keys(at).forEach(function (page) {
          var score = at[page] * idf * form[1];
          if (!(top[page] >= score)) top[page] = score;
        });
      });
      Object.keys(top).forEach(function (page) {
        wordScores[page] = (wordScores[page] || 0) + top[page];
        found[page] = (found[page] || 0) + 1;
      });
    });
    Object.keys(wordScores).forEach(function (page) {
      var share = found[page] / distinct.length;
      add(page, wordScores[page] * share * share);
    });
    var marks = { exact: matched, prefix: prefixes, terms: distinct };
    var ranked = Object.keys(scores).map(function (page) {
      var p = self.pages[page];
      return { page: p, index: +page, score: scores[page] * p.boost,
               name: names[page] ? names[page].name : "", marks: marks };
    }).sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    var floor = ranked.length ? ranked[0].score * FLOOR : 0;
    ranked = ranked.filter(function (r) { return r.score >= floor; }).slice(0, LIMIT);
    ranked.forEach(function (r) { r.heading = self.section(r.page, marks); });
    return ranked;
  };

  function isMatch(word, marks) {
    if (marks.exact[word]) return true;
    for (var i = 0; i < marks.prefix.length; i++) {
      if (word.lastIndexOf(marks.prefix[i], 0) === 0) return true;
    }
    return false;
  }
  /* How many of the query's words are in `words` (as themselves, or as the start of one when
     they are no word of their own). */
  function countMatches(words, marks) {
    return marks.terms.filter(function (term) {
      if (words.indexOf(term) >= 0) return true;
      if (marks.prefix.indexOf(term) < 0) return false;
      return words.some(function (w) { return w.lastIndexOf(term, 0) === 0; });
    }).length;
  }

  /* The section to open: the heading with more of the query's words than the title has, and
     two of them at least when there are two ("ủy quyền" is not about a heading "Ủy ban..."). */
  Index.prototype.section = function (page, marks) {
    var best = null, most = Math.max(countMatches(foldedWords(page.title), marks),
                                     Math.min(2, marks.terms.length) - 1);
    page.headings.forEach(function (h) {
      var n = countMatches(h.words, marks);
      if (n > most) { most = n; best = h; }
    });
    return best;
  };

  /* Text as HTML, with the words that match the query in <mark>, in their own spelling. */
  var WORD = /([\p{L}\p{M}\p{N}]+)/u;
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  function highlight(text, marks) {
    return text.split(WORD).map(function (piece, i) {
      var safe = escapeHtml(piece);
      return i % 2 && isMatch(fold(piece), marks) ? "<mark>" + safe + "</mark>" : safe;
    }).join("");
  }

  var engine = { fold: fold, Index: Index, highlight: highlight, escapeHtml: escapeHtml };
  if (typeof module !== "undefined" && module.exports) module.exports = engine;
  if (typeof window !== "undefined") window.ffSearchEngine = engine;
})();
