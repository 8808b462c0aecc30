// Copy buttons beside citations. Progressive enhancement: without JavaScript the text is there to select.
// Served from our own origin (the CSP allows no inline script); it only adds buttons to `.copyable` elements.
(function () {
  "use strict";

  function copyByCommand(node) {
    // Where the Clipboard API is missing (plain-HTTP pages, older browsers): select the text and copy it.
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(node) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(node.textContent).catch(function () { return copyByCommand(node); });
    }
    return copyByCommand(node);
  }

  document.querySelectorAll(".copyable").forEach(function (node) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", node.getAttribute("data-copy-label") || "Copy");
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copy(node).then(
        function () { status.textContent = "Copied"; },
        function () { status.textContent = "Could not copy: select the text instead"; }
      );
    });
    node.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", status);
  });
})();
