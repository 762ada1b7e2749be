// The group finder's time zone for visitors: until they choose one, their browser's zone is
// picked, so "Tuesday evening" means their evening. Without this file the field stays on UTC.
(() => {
  const pickBrowserZone = (root) => {
    let zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch {
      return;
    }
    root.querySelectorAll("select[data-browser-time-zone]").forEach((select) => {
      if (zone && [...select.options].some((option) => option.value === zone)) {
        select.value = zone;
      }
      select.removeAttribute("data-browser-time-zone");
    });
  };
  document.addEventListener("DOMContentLoaded", () => pickBrowserZone(document));
  document.addEventListener("htmx:afterSwap", (event) => pickBrowserZone(event.target));
})();
