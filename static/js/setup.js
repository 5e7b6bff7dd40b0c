// The set-up form's time zone: the browser says which zone it is in, so choose that one
// unless the person has chosen already (the form came back with an error, say).
(function () {
  "use strict";

  var select = document.getElementById("timezone");
  if (!select || select.dataset.chosen === "yes" || !window.Intl) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  })) {
    select.value = zone;
  }
})();
