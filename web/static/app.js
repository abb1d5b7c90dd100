/* tiepcan — progressive enhancement only: every page works without this. */
(function () {
  "use strict";
  /* "Mở tất cả / Thu gọn tất cả" for pages with <details> sections. */
  function addToggles() {
    var all = document.querySelectorAll("details");
    var bar = document.querySelector("[data-toggle-details]");
    if (!bar || all.length === 0) return;
    function make(label, open) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.textContent = label;
      b.addEventListener("click", function () {
        for (var i = 0; i < all.length; i++) all[i].open = open;
      });
      bar.appendChild(b);
    }
    make("Mở tất cả", true);
    make("Thu gọn tất cả", false);
  }

  /* ---- The self-assessment form (src/web/assess.c, form#phieu) ----------
   * 1. Live points: as the official types, the draft is scored by the
   *    server's engine (POST data-preview, which writes nothing) ~300 ms
   *    after the last keystroke, and the indicator's points and reason, the
   *    criterion subtotals, the total and the verdict are redrawn. No rule is
   *    evaluated here: every number shown comes from the server.
   * 2. Offline drafts: the typed form is kept in localStorage under
   *    data-draft-key (unit/year/login). A save is sent with fetch() as the
   *    ordinary form POST; if the network fails the draft stays on this
   *    machine ("đã lưu trên máy") and is sent again when the browser is
   *    back online (and with backoff), with the version it was typed on, so
   *    a changed assessment is never overwritten (409: kept, explained).
   * The status line #trang-thai-nhap is role="status" (aria-live). */
  var S = { form: null };          /* the current form and its state */
  var RETRY_MIN = 2000, RETRY_MAX = 60000;

  function storage() {
    try {
      var k = "tiepcan-thu";
      window.localStorage.setItem(k, "1");
      window.localStorage.removeItem(k);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function byId(id) { return document.getElementById(id); }

  function setStatus(text, kind) {
    var el = byId("trang-thai-nhap");
    if (!el) return;
    el.textContent = text;
    el.className = "draft-status" + (kind ? " " + kind : "");
  }

  /* Points as the pages write them (pts_format_vi): the JSON number with a
   * decimal comma — 95.45 → "95,45", 80 → "80". */
  function fmt(n) { return String(n).replace(".", ","); }

  function field(name) {
    var els = S.form.elements;
    for (var i = 0; i < els.length; i++) if (els[i].name === name) return els[i];
    return null;
  }

  /* [[name, value]] of what the form would post, without the CSRF token. */
  function fields(form) {
    var out = [], els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.disabled || el.name === "csrf") continue;
      if (/^(submit|button|file|reset)$/.test(el.type)) continue;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
      out.push([el.name, el.value]);
    }
    return out;
  }

  function withoutVersion(pairs) {
    return JSON.stringify(pairs.filter(function (p) { return p[0] !== "version"; }));
  }

  function valueOf(pairs, name) {
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === name) return pairs[i][1];
    return null;
  }

  /* Puts saved values back into the form (not the version: the form's own
   * version is the one the server last gave). */
  function restore(form, pairs) {
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.name === "csrf" || el.name === "version" || el.disabled) continue;
      if (/^(submit|button|file|reset|hidden)$/.test(el.type)) continue;
      var v = valueOf(pairs, el.name);
      if (el.type === "checkbox" || el.type === "radio") el.checked = v !== null && v === el.value;
      else el.value = v === null ? "" : v;
    }
  }

  /* ---- drafts in localStorage ---- */

  function loadDraft() {
    if (!S.store) return null;
    try {
      var d = JSON.parse(S.store.getItem(S.key) || "null");
      return d && d.fields && d.fields.length !== undefined ? d : null;
    } catch (e) {
      return null;
    }
  }

  function putDraft(d) {
    try {
      S.store.setItem(S.key, JSON.stringify(d));
      return true;
    } catch (e) {
      setStatus("Không lưu được trên máy (bộ nhớ của trình duyệt đầy hoặc bị chặn). " +
        "Hãy giữ trang này mở và bấm «Lưu và tính điểm» khi có mạng.", "warn");
      return false;
    }
  }

  function dropDraft() { if (S.store) S.store.removeItem(S.key); }

  /* Keeps what is typed now; pending = to be sent as soon as possible;
   * force = even when nothing changed (the official pressed save). */
  function keepDraft(pending, force) {
    if (!S.store) return false;
    var now = fields(S.form), old = loadDraft();
    if (!force && withoutVersion(now) === S.base && !(old && old.pending)) {
      dropDraft();
      return true;
    }
    return putDraft({ version: valueOf(now, "version"), at: Date.now(), fields: now,
      pending: pending || !!(old && old.pending && !old.conflict) });
  }

  function when(ms) {
    var d = new Date(ms);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " ngày " + two(d.getDate()) + "/" +
      two(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  /* ---- live points (preview API) ---- */

  function csrf() {
    var c = field("csrf");
    return c ? c.value : "";
  }

  function previewValues() {
    var out = [], pairs = fields(S.form);
    for (var i = 0; i < pairs.length; i++) {
      var n = pairs[i][0], v = pairs[i][1], slash = n.indexOf("/");
      if (slash <= 0 || v === "" || n.charAt(slash + 1) === "_") continue;
      out.push({ item: n.slice(0, slash), field: n.slice(slash + 1), value: v });
    }
    return out;
  }

  function liveBox() {
    var box = byId("diem-tam-tinh");
    if (box) return box;
    box = document.createElement("p");
    box.id = "diem-tam-tinh";
    box.className = "live-total";
    box.setAttribute("aria-live", "polite");
    box.setAttribute("aria-atomic", "true");
    var st = byId("trang-thai-nhap");
    st.parentNode.insertBefore(box, st);
    return box;
  }

  function schedulePreview() {
    clearTimeout(S.previewTimer);
    if (navigator.onLine === false) {
      previewFailed();
      return;
    }
    liveBox().textContent = "Điểm tính thử (chưa lưu): đang tính…";
    liveBox().className = "live-total calc";
    S.previewTimer = setTimeout(preview, 300);
  }

  function preview() {
    var seq = ++S.seq, form = S.form;
    fetch(form.getAttribute("data-preview"), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify({ values: previewValues() })
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    }).then(function (x) {
      if (seq !== S.seq || form !== S.form) return;
      if (x.status === 200) showScore(x.body);
      else if (x.status === 422) showErrors(x.body);
      else previewFailed();
    }).catch(function () {
      if (seq === S.seq && form === S.form) previewFailed();
    });
  }

  /* Offline or refused: keep the last figures, say quietly they are old. */
  function previewFailed() {
    var box = liveBox();
    box.className = "live-total stale";
    box.textContent = "Điểm tính thử: chưa tính lại được (mất kết nối?); điểm sẽ được tính khi lưu.";
  }

  function clearLiveErrors() {
    var olds = document.querySelectorAll("[data-live-error]");
    for (var i = 0; i < olds.length; i++) {
      var inp = byId(olds[i].getAttribute("data-live-error"));
      if (inp) inp.removeAttribute("aria-invalid");
      olds[i].parentNode.removeChild(olds[i]);
    }
  }

  function showErrors(j) {
    clearLiveErrors();
    var errs = j.errors || [], first = "";
    for (var i = 0; i < errs.length; i++) {
      var name = (errs[i].item ? errs[i].item + "/" : "") + errs[i].field;
      var inp = byId("f-" + name);
      if (!first) first = errs[i].message;
      if (!inp || byId("e-" + name)) continue;
      var p = document.createElement("p");
      p.className = "field-error";
      p.id = "e-" + name;
      p.setAttribute("data-live-error", inp.id);
      p.textContent = errs[i].message;
      inp.setAttribute("aria-invalid", "true");
      inp.parentNode.insertBefore(p, inp.nextSibling);
    }
    var box = liveBox();
    box.className = "live-total stale";
    box.textContent = "Chưa tính được điểm: " + (first || j.message || "có số liệu không hợp lệ") +
      " (xem thông báo bên dưới ô).";
  }

  function pointsLine(code) {
    var fs = byId("ct-" + code);
    if (!fs) return null;
    var p = fs.querySelector("p.points");
    if (!p) {
      p = document.createElement("p");
      p.className = "points";
      var legend = fs.querySelector("legend");
      fs.insertBefore(p, legend ? legend.nextSibling : fs.firstChild);
    }
    return p;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showIndicator(ind) {
    var p = pointsLine(ind.code);
    if (!p) return;
    p.textContent = "Điểm: ";
    p.appendChild(el("strong", "", fmt(ind.points)));
    if (ind.provisional) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(el("span", "badge prov", "Tạm tính"));
    }
    p.appendChild(document.createTextNode(" — " + ind.explain));
  }

  function showCriterion(c) {
    var d = document.querySelector('details[data-crit="' + c.code + '"] > summary');
    if (d) {
      var sub = d.querySelector(".subtotal") || d.appendChild(el("span", "subtotal"));
      sub.textContent = " — " + fmt(c.points) + (c.max === null ? "" : "/" + fmt(c.max)) + " điểm";
    }
    var row = document.querySelector('tr[data-crit="' + c.code + '"]');
    if (row && row.cells.length >= 4) {
      row.cells[1].textContent = fmt(c.points);
      row.cells[3].textContent = c.met ? "đạt" : "chưa đạt";
    }
  }

  function verdictNode(j) {
    var f = document.createDocumentFragment();
    f.appendChild(j.recognised ? el("span", "verdict-pass", "Đủ điều kiện công nhận")
      : el("span", "verdict-fail", "Chưa đủ điều kiện công nhận"));
    if (j.provisional) {
      f.appendChild(document.createTextNode(" "));
      f.appendChild(el("span", "badge prov", "Tạm tính"));
      f.appendChild(document.createTextNode(" (kết quả dựa vào giá trị tạm tính của bộ tiêu chí)"));
    }
    return f;
  }

  /* The "Kết quả tự chấm" section (only after a first save). */
  function showVerdict(j) {
    var total = byId("tong-diem"), verdict = byId("ket-luan");
    if (!total || !verdict) return;
    var sec = total.closest ? total.closest("section") : null;
    total.textContent = fmt(j.total);
    verdict.textContent = "";
    verdict.appendChild(verdictNode(j));
    if (!sec) return;
    var note = sec.querySelector(".live-note");
    if (!note) {
      note = el("p", "live-note", "Đang hiển thị điểm tính thử theo số liệu vừa nhập — chưa lưu.");
      sec.insertBefore(note, sec.querySelector("h2").nextSibling);
    }
    var ul = sec.querySelector("ul.reasons"), reasons = j.reasons_vi || [];
    if (!ul && reasons.length) {
      var lead = el("p", "", "Lý do:");
      ul = el("ul", "reasons");
      var table = sec.querySelector(".table-wrap");
      sec.insertBefore(lead, table);
      sec.insertBefore(ul, table);
    }
    if (!ul) return;
    ul.textContent = "";
    for (var i = 0; i < reasons.length; i++) ul.appendChild(el("li", "", reasons[i]));
    var prev = ul.previousElementSibling;
    ul.hidden = reasons.length === 0;
    if (prev && prev.textContent === "Lý do:") prev.hidden = ul.hidden;
  }

  function showScore(j) {
    clearLiveErrors();
    var i;
    for (i = 0; i < (j.indicators || []).length; i++)
      if (!j.indicators[i].scored_as_whole) showIndicator(j.indicators[i]);
    for (i = 0; i < (j.criteria || []).length; i++) showCriterion(j.criteria[i]);
    showVerdict(j);
    var box = liveBox();
    box.className = "live-total";
    box.textContent = "Điểm tính thử (chưa lưu): tổng " + fmt(j.total) + " điểm — ";
    box.appendChild(verdictNode(j));
  }

  /* ---- saving: the ordinary form POST, through fetch ---- */

  function scheduleRetry() {
    clearTimeout(S.retryTimer);
    S.retryTimer = setTimeout(sync, S.delay);
    S.delay = Math.min(S.delay * 2, RETRY_MAX);
  }

  var MSG_LOCAL = "Đã lưu trên máy: chưa gửi được lên máy chủ vì mất kết nối mạng. " +
    "Số liệu sẽ tự động được gửi khi có mạng trở lại; đừng xoá dữ liệu trình duyệt.";
  var MSG_CONFLICT = "Chưa gửi được số liệu lưu trên máy: hồ sơ trên máy chủ đã được thay đổi " +
    "(hoặc đã ký duyệt) sau khi bạn bắt đầu nhập, nên số liệu trên máy chủ KHÔNG bị ghi đè. " +
    "Số liệu bạn nhập vẫn được giữ trên máy này. Hãy tải lại trang để xem số liệu mới nhất, " +
    "rồi chọn điền lại hoặc bỏ bản nháp.";

  function sync() {
    var d = loadDraft();
    clearTimeout(S.retryTimer);
    if (!d || S.syncing || !S.form) return;
    S.syncing = true;
    var form = S.form, sent = withoutVersion(fields(form));
    var body = new URLSearchParams();
    body.append("csrf", csrf());
    for (var i = 0; i < d.fields.length; i++) body.append(d.fields[i][0], d.fields[i][1]);
    setStatus("Đang gửi số liệu lên máy chủ…", "busy");
    fetch(form.action, { method: "POST", credentials: "same-origin", body: body })
      .then(function (r) {
        return r.text().then(function (t) { synced(r, t, d, form, sent); });
      })
      .catch(function () {
        S.syncing = false;
        d.pending = true;
        putDraft(d);
        setStatus(MSG_LOCAL, "local");
        scheduleRetry();
      });
  }

  function synced(r, html, d, form, sent) {
    S.syncing = false;
    var saved = r.ok && /[?&]da-luu=1/.test(r.url);
    /* typed again while sending: the page must not be replaced under the hands */
    var moved = form === S.form && withoutVersion(fields(form)) !== sent;
    if (saved) {
      S.delay = RETRY_MIN;
      if (moved) {
        /* keep the new typing as a draft on the new version (sent at once if
         * save was pressed again meanwhile) */
        var doc = parse(html), v = doc.querySelector('form#phieu input[name="version"]');
        var newer = loadDraft(), again = !!(newer && newer.pending && newer.at > d.at);
        if (v) field("version").value = v.value;
        S.base = withoutVersion(d.fields);
        dropDraft();
        keepDraft(again);
        setStatus("Đã đồng bộ: số liệu đã gửi được lưu trên máy chủ. Những gì bạn vừa nhập thêm " +
          (again ? "đang được gửi." : "chưa lưu."), "ok");
        if (again) sync();
        return;
      }
      dropDraft();
      swap(html, r.url);
      setStatus("Đã đồng bộ: số liệu bạn nhập (lúc " + when(d.at) + ") đã được lưu trên máy chủ.", "ok");
      return;
    }
    d.pending = false;
    if (r.status === 409) {
      d.conflict = true;
      putDraft(d);
      setStatus(MSG_CONFLICT, "warn");
    } else if (r.status === 422 && moved) {
      keepDraft(false);
      setStatus("Chưa lưu: có số liệu không hợp lệ. Bấm «Lưu và tính điểm» để xem thông báo " +
        "bên dưới từng ô; số liệu vẫn được giữ trên máy này.", "warn");
    } else if (r.status === 422) {
      swap(html, r.url);
      putDraft(d); /* after swap: the new page shows these values, not the server's */
      setStatus("Chưa lưu: có số liệu không hợp lệ (xem thông báo bên dưới từng ô). " +
        "Bản nháp vẫn được giữ trên máy này.", "warn");
    } else if (r.status === 401 || r.status === 403 || /\/dang-nhap/.test(r.url)) {
      putDraft(d);
      setStatus("Chưa gửi được: phiên đăng nhập đã hết hạn. Số liệu vẫn được giữ trên máy này; " +
        "hãy đăng nhập lại rồi mở lại trang này để gửi.", "warn");
    } else {
      d.pending = true;
      putDraft(d);
      setStatus("Máy chủ tạm thời chưa nhận số liệu (lỗi " + r.status + "). Đã lưu trên máy; " +
        "sẽ tự gửi lại sau.", "local");
      scheduleRetry();
    }
  }

  function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }

  /* Shows the server's answer page in place (same <main>), then wires it. */
  function swap(html, url) {
    var doc = parse(html), fresh = doc.querySelector("main"), cur = document.querySelector("main");
    if (!fresh || !cur) return;
    cur.parentNode.replaceChild(document.adoptNode(fresh), cur);
    document.title = doc.title;
    if (url && window.history && history.replaceState) history.replaceState(null, "", url);
    initSheet();
    var msg = byId("thong-bao");
    if (msg) {
      msg.setAttribute("tabindex", "-1");
      msg.focus();
    }
  }

  /* ---- wiring ---- */

  function noticeDraft(d, fill) {
    var old = byId("ban-nhap");
    if (old) old.parentNode.removeChild(old);
    var p = el("p", "notice draft-notice" + (fill ? " old-draft" : ""));
    p.id = "ban-nhap";
    p.setAttribute("role", "alert");
    p.appendChild(document.createTextNode(fill
      ? "Trên máy này còn số liệu bạn nhập lúc " + when(d.at) + " cho một phiên bản cũ của hồ sơ, " +
        "chưa được gửi vì hồ sơ trên máy chủ đã thay đổi. Biểu mẫu đang hiển thị số liệu trên máy chủ. "
      : "Đã khôi phục số liệu bạn nhập lúc " + when(d.at) + " (lưu trên máy này" +
        (d.pending ? ", đang gửi lên máy chủ). " : ", chưa lưu lên máy chủ). ")));
    function button(label, fn) {
      var b = el("button", "secondary", label);
      b.type = "button";
      b.addEventListener("click", fn);
      p.appendChild(b);
      p.appendChild(document.createTextNode(" "));
    }
    if (fill)
      button("Điền số liệu trên máy vào biểu mẫu", function () {
        restore(S.form, d.fields);
        keepDraft(false);
        p.parentNode.removeChild(p);
        schedulePreview();
        setStatus("Đã điền số liệu trên máy vào biểu mẫu; kiểm tra rồi bấm «Lưu và tính điểm».", "");
      });
    button("Bỏ số liệu trên máy", function () {
      dropDraft();
      window.location.reload();
    });
    S.form.parentNode.insertBefore(p, S.form);
  }

  function onLoadDraft() {
    var d = loadDraft();
    if (!d) return;
    if (withoutVersion(d.fields) === S.base) {
      dropDraft();
      return;
    }
    if (d.conflict || String(d.version) !== String(field("version").value)) {
      noticeDraft(d, true);
      setStatus("Trên máy này còn số liệu chưa gửi được của một phiên bản cũ của hồ sơ: " +
        "xem thông báo ở đầu biểu mẫu.", "warn");
      return;
    }
    restore(S.form, d.fields);
    noticeDraft(d, false);
    setStatus("Đã khôi phục số liệu lưu trên máy, chưa lưu lên máy chủ (xem thông báo ở đầu " +
      "biểu mẫu); bấm «Lưu và tính điểm» để lưu.", "local");
    schedulePreview();
    if (d.pending) sync();
  }

  function initSheet() {
    var form = byId("phieu");
    clearTimeout(S.retryTimer);
    clearTimeout(S.previewTimer);
    if (!form || !form.getAttribute("data-preview") || !window.fetch || !window.JSON) {
      S.form = null;
      return;
    }
    S.form = form;
    S.store = storage();
    S.key = "tiepcan-ban-nhap:" + form.getAttribute("data-draft-key");
    S.base = withoutVersion(fields(form));
    S.seq = S.seq || 0;
    S.delay = RETRY_MIN;
    S.syncing = false;
    function typed(e) {
      var n = (e.target && e.target.name) || "";
      if (n.indexOf("/_") < 0) schedulePreview(); /* remarks and officials score nothing */
      if (!keepDraft(!navigator.onLine)) return;
      if (!navigator.onLine) setStatus(MSG_LOCAL, "local");
    }
    form.addEventListener("input", typed);
    form.addEventListener("change", typed);
    if (S.store && window.URLSearchParams && window.DOMParser)
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (keepDraft(true, true)) sync();
      });
    onLoadDraft();
  }

  if (!S.listening) {
    S.listening = true;
    window.addEventListener("online", function () {
      S.delay = RETRY_MIN;
      var d = S.form && loadDraft();
      if (d && d.pending && !d.conflict) sync();
    });
    window.addEventListener("offline", function () {
      if (!S.form) return;
      keepDraft(true);
      if (loadDraft()) setStatus(MSG_LOCAL, "local");
    });
  }

  function init() {
    addToggles();
    initSheet();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
