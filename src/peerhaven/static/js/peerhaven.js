// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions marked with data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});

// htmx swaps nothing when the server refuses a request (4xx, 5xx), so a refused form would
// look as if nothing happened. Show the server's explanation just above what was sent
// instead, and leave the form, with everything typed into it, as it is.
// The explanation goes above the form that was sent (or the element, outside a form).
function anchorOf(element) {
  return element.closest("form") || element;
}

function existingSlot(element) {
  const slot = anchorOf(element).previousElementSibling;
  return slot && slot.classList.contains("htmx-error") ? slot : null;
}

function errorSlot(element) {
  let slot = existingSlot(element);
  if (!slot) {
    slot = document.createElement("div");
    slot.className = "htmx-error";
    anchorOf(element).before(slot);
  }
  return slot;
}

function showError(element, html, text) {
  const slot = errorSlot(element);
  if (html) {
    slot.innerHTML = html;
  } else {
    const panel = document.createElement("p");
    panel.className = "error-panel";
    panel.setAttribute("role", "alert");
    panel.textContent = text;
    slot.replaceChildren(panel);
  }
  slot.scrollIntoView({ block: "nearest" });
}

document.addEventListener("htmx:beforeSwap", (event) => {
  const detail = event.detail;
  if (!detail.isError) {
    // A request that went through clears the explanation of an earlier refusal.
    const old = existingSlot(detail.elt);
    if (old) old.replaceChildren();
    return;
  }
  const type = detail.xhr.getResponseHeader("Content-Type") || "";
  if (type.startsWith("text/html")) {
    showError(detail.elt, detail.serverResponse);
  } else {
    showError(detail.elt, null, detail.xhr.responseText || document.body.dataset.requestFailed);
  }
});

// The request never reached the server (offline, or the server is down).
document.addEventListener("htmx:sendError", (event) => {
  showError(event.detail.elt, null, document.body.dataset.requestFailed);
});
