// Swagger UI (the API docs page) draws some controls without a name a screen reader can
// read: the choice lists of parameters with fixed values, and the close button of the
// Authorize dialog. Name them as they appear, from the parameter's row.
(() => {
  "use strict";

  function nameControls(root) {
    root.querySelectorAll("select:not([aria-label]):not([aria-labelledby])").forEach((select) => {
      const row = select.closest("tr");
      const name = row && row.querySelector(".parameter__name");
      const label = name ? name.textContent.replace("*", "").trim() : "";
      select.setAttribute("aria-label", label || "Choose a value");
    });
    root.querySelectorAll("button.close-modal:not([aria-label])").forEach((button) => {
      button.setAttribute("aria-label", "Close");
    });
  }

  const observer = new MutationObserver(() => nameControls(document));
  observer.observe(document.body, { childList: true, subtree: true });
  nameControls(document);
})();
