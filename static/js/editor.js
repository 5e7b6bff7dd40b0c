// The editor's safety net. Everything works without it; with it:
// - what the author types is kept in this browser (localStorage) until the server has
//   it, and offered back after a crash, a closed tab or an expired session;
// - leaving the page with unsaved changes asks first;
// - an image can be uploaded in place and its Markdown inserted at the cursor.
(function () {
  "use strict";

  var form = document.getElementById("editor");
  if (!form) return;

  var storageKey = "blog-editor:" + form.dataset.draftKey;
  // The words it shows come from the page, in the page's language.
  var texts = form.dataset;

  function filled(text, name, value) {
    return text.split("{" + name + "}").join(value);
  }
  var fieldNames = ["title", "body", "labels", "slug", "publish_at"];
  var dirty = false;

  function currentValues() {
    var values = {};
    fieldNames.forEach(function (name) {
      if (form.elements[name]) values[name] = form.elements[name].value;
    });
    return values;
  }

  function sameValues(a, b) {
    return fieldNames.every(function (name) { return (a[name] || "") === (b[name] || ""); });
  }

  function readStored() {
    try { return JSON.parse(window.localStorage.getItem(storageKey)); } catch (e) { return null; }
  }

  function store() {
    try {
      var record = currentValues();
      record.savedAt = new Date().toISOString();
      window.localStorage.setItem(storageKey, JSON.stringify(record));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  function forget() {
    try { window.localStorage.removeItem(storageKey); } catch (e) { /* nothing to do */ }
  }

  function offerStored(stored) {
    var notice = document.createElement("div");
    notice.className = "flash flash-info restore-notice";
    notice.setAttribute("role", "status");
    var when = new Date(stored.savedAt);
    var text = document.createElement("p");
    text.textContent = filled(texts.restoreText, "when",
      when.toLocaleString(document.documentElement.lang || undefined));
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = texts.restoreButton;
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = texts.discardButton;
    restore.addEventListener("click", function () {
      fieldNames.forEach(function (name) {
        if (form.elements[name] && stored[name] !== undefined) form.elements[name].value = stored[name];
      });
      dirty = true;
      notice.remove();
    });
    discard.addEventListener("click", function () { forget(); notice.remove(); });
    notice.append(text, restore, " ", discard);
    form.parentNode.insertBefore(notice, form);
  }

  var stored = readStored();
  if (stored) {
    if (sameValues(stored, currentValues())) forget();  // the server has it all
    else offerStored(stored);
  }

  form.addEventListener("input", function () { dirty = true; store(); });
  // Kept in storage until the next page shows the server has the same text.
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Upload an image in place and insert its Markdown where the cursor is.
  var uploadBox = form.querySelector(".upload-inline");
  var fileInput = document.getElementById("inline-image");
  var status = document.getElementById("inline-image-status");
  if (uploadBox && fileInput && window.fetch && window.FormData) {
    uploadBox.hidden = false;
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (!file) return;
      var data = new FormData();
      data.append("image", file);
      data.append("csrf_token", form.elements.csrf_token.value);
      status.textContent = filled(texts.uploadingText, "name", file.name);
      fetch(fileInput.dataset.uploadUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          return response.json().then(function (json) { return { ok: response.ok, json: json }; });
        })
        .then(function (result) {
          if (!result.ok) { status.textContent = result.json.error; return; }
          var body = form.elements.body;
          var at = body.selectionStart || body.value.length;
          var insert = "\n\n" + result.json.markdown + "\n\n";
          body.value = body.value.slice(0, at) + insert + body.value.slice(at);
          body.dispatchEvent(new Event("input", { bubbles: true }));
          status.textContent = filled(texts.insertedText, "name", file.name);
          fileInput.value = "";
        })
        .catch(function () { status.textContent = texts.failedText; });
    });
  }
})();
