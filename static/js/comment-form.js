// The comment form on a page that is the same for every reader carries no CSRF token
// (a page made for each reader could not be kept and served as it is). This asks for
// the reader's own token when they start on the form, and before sending it if it has
// not come yet. Without scripts, the first "Post comment" comes back with a token and
// everything typed still there, to be pressed again.
(function () {
  "use strict";

  document.querySelectorAll("form[data-token-from]").forEach(function (form) {
    var asking = null;

    function askForToken() {
      if (!asking) {
        asking = fetch(form.dataset.tokenFrom, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) {
            if (!response.ok) throw new Error("no token: " + response.status);
            return response.text();
          })
          .then(function (token) {
            var field = form.elements.namedItem("csrf_token");
            if (!field) {
              field = document.createElement("input");
              field.type = "hidden";
              field.name = "csrf_token";
              form.appendChild(field);
            }
            field.value = token;
          })
          .catch(function () {
            asking = null; // ask again next time; the server's answer covers this send
          });
      }
      return asking;
    }

    form.addEventListener("focusin", askForToken);
    form.addEventListener("submit", function (event) {
      if (form.elements.namedItem("csrf_token")) return;
      event.preventDefault();
      var button = event.submitter;
      askForToken().then(function () {
        if (form.elements.namedItem("csrf_token")) {
          form.requestSubmit(button);
        } else {
          // form.submit is the "Post comment" button (a field named submit), not the method.
          HTMLFormElement.prototype.submit.call(form);
        }
      });
    });
  });
})();
