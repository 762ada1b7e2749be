// The communication coach under a message box: as the person writes, the draft is posted
// (400 ms after they pause) to /nudges/analyze/, and the hints it answers are shown below
// the box, each with a one-click rewrite or removal. Hints never stop anyone sending.
// Without this file the composers work exactly the same, with no hints.
(() => {
  "use strict";

  const DELAY = 400;

  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      return headers["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function newDraftId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function attach(region) {
    if (region.dataset.nudgesReady) return;
    const textarea = document.getElementById(region.dataset.nudgesFor);
    if (!textarea) return;
    region.dataset.nudgesReady = "true";
    const form = textarea.form;
    const described = (textarea.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(region.id)) {
      textarea.setAttribute("aria-describedby", [...described, region.id].join(" "));
    }

    let draftId = newDraftId();
    let timer = null;
    let controller = null;
    let shownHtml = "";

    function show(html) {
      // Unchanged hints are left alone, so a screen reader does not announce them again.
      if (html === shownHtml) return;
      shownHtml = html;
      region.innerHTML = html;
    }

    function post(url, fields, signal) {
      return window.fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRFToken": csrfToken(form),
        },
        // The text goes as the box holds it (line breaks as \n), so the offsets the server
        // sends back point into exactly this text.
        body: new URLSearchParams(fields),
        signal,
      });
    }

    async function analyze() {
      window.clearTimeout(timer);
      if (controller) controller.abort();
      const text = textarea.value;
      if (!text.trim()) {
        show("");
        return;
      }
      controller = new AbortController();
      const fields = { text, mode: region.dataset.mode || "post", draft: draftId };
      if (region.dataset.conversation) fields.conversation = region.dataset.conversation;
      if (region.dataset.group) fields.group = region.dataset.group;
      try {
        const response = await post(region.dataset.url, fields, controller.signal);
        // Signed out meanwhile (a redirect to the sign-in page), or refused: no hints.
        if (!response.ok || response.redirected) return;
        const html = await response.text();
        // Typed on since: the next answer is the one to show.
        if (textarea.value !== text) return;
        show(html.trim());
      } catch (error) {
        // Aborted by newer typing, or offline: the hints simply wait.
      }
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(analyze, DELAY);
    }

    // The span a hint is about, in the box as it is now: at its offsets (counted in
    // characters, as the server counts them) if the text there is unchanged, else wherever
    // that text still is. Null when it is gone.
    function locate(item) {
      const value = textarea.value;
      const span = item.dataset.span || "";
      const chars = Array.from(value);
      const start = Number(item.dataset.start);
      const end = Number(item.dataset.end);
      if (chars.slice(start, end).join("") === span) {
        const before = chars.slice(0, start).join("");
        return { before, after: chars.slice(end).join("") };
      }
      const at = span ? value.indexOf(span) : -1;
      if (at < 0) return null;
      return { before: value.slice(0, at), after: value.slice(at + span.length) };
    }

    function apply(item) {
      const found = locate(item);
      if (!found) {
        analyze();
        return;
      }
      let { before, after } = found;
      const replacement = item.dataset.suggestion || "";
      if (!replacement) {
        // A removal leaves one space between the words around it, not two.
        if (/\s$/.test(before) && /^\s/.test(after)) after = after.replace(/^[ \t]+/, "");
        else if (!before.trim()) after = after.replace(/^[ \t]+/, "");
        // Nor a space before the punctuation that followed it ("call me at .").
        else if (/^[.,;:!?]/.test(after)) before = before.replace(/[ \t]+$/, "");
      }
      textarea.value = before + replacement + after;
      const caret = before.length + replacement.length;
      textarea.focus();
      textarea.setSelectionRange(caret, caret);
      post(region.dataset.acceptUrl, { kind: item.dataset.kind, draft: draftId }).catch(() => {});
      analyze();
    }

    region.addEventListener("click", (event) => {
      const button = event.target.closest("button.nudge-apply");
      if (!button || !region.contains(button)) return;
      const item = button.closest(".nudge");
      if (item) apply(item);
    });

    textarea.addEventListener("input", later);
    // The live chat empties the box when it takes a message: a new draft starts.
    textarea.addEventListener("peerhaven:composer-sent", () => {
      if (controller) controller.abort();
      window.clearTimeout(timer);
      draftId = newDraftId();
      show("");
    });
    if (textarea.value.trim()) analyze();
  }

  function start() {
    document.querySelectorAll("[data-nudges-for]").forEach(attach);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
