// The "Print" button on the printable safety plan. It stays hidden without this file,
// and the browser's own print command prints the same page.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print-button]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
