// Picks the browser's time zone in every select[data-browser-time-zone] (the group finder's,
// the sign-up form's) until the person chooses one, so "Tuesday evening" means their evening.
// The server marks only fields nobody has chosen yet. Without this file they stay on UTC.
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
