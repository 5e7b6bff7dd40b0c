// A post with many comments shows them a page at a time. A link to one comment made
// before it moved to another page (a feed entry, an old mail: /post#c123) lands on a
// page without it; this sends the reader to the comment's own address, which answers
// with the page that shows it now. Without scripts, the reader is on the post's first
// page of comments, with links to the others.
(function () {
  "use strict";

  var section = document.getElementById("comments");
  var base = section && section.dataset.commentAt;
  if (!base) return;

  function find() {
    var wanted = /^#c([1-9][0-9]{0,11})$/.exec(window.location.hash);
    if (wanted && !document.getElementById("c" + wanted[1])) {
      window.location.replace(base + wanted[1]);
    }
  }

  find();
  window.addEventListener("hashchange", find);
})();
