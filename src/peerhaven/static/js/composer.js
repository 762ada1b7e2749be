// The length counter under a message box (conversations/_char_count.html). The box has no
// maxlength, so a pasted text is never cut short without a word: near the limit this
// counts, over it it says how much to cut, and sending is held back with an explanation.
// Without this file the server refuses an over-long text and shows it again, whole.
(() => {
  "use strict";
  // Each message box brings this file; the first copy serves them all.
  if (window.peerhavenComposer) return;
  window.peerhavenComposer = true;

  // Counting starts at this share of the limit; below it a number is only noise.
  const NEAR = 0.8;
  // Screen readers hear the count once typing pauses, not at every key.
  const ANNOUNCE_AFTER = 1000;
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  // As the server counts (conversations.services.clean_text): code points, trimmed.
  function length(text) {
    return Array.from(text.trim()).length;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (match, key) => numbers.format(values[key]));
  }

  function counted(counter) {
    const box = document.getElementById(counter.dataset.charCountFor);
    const count = box ? length(box.value) : 0;
    const limit = Number(counter.dataset.limit);
    return { box, count, limit, over: count - limit };
  }

  function setUp(counter) {
    const { box } = counted(counter);
    if (!box || counter.dataset.ready) return;
    counter.dataset.ready = "true";
    const shown = counter.querySelector(".char-count-shown");
    const status = counter.querySelector(".char-count-status");
    const refused = counter.querySelector(".char-count-refused");
    const described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", described ? `${described} ${status.id}` : status.id);
    let timer = null;

    function update() {
      const values = counted(counter);
      let text = "";
      if (values.over > 0) text = fill(counter.dataset.over, values);
      else if (values.count >= values.limit * NEAR) text = fill(counter.dataset.near, values);
      shown.textContent = text;
      shown.hidden = !text;
      counter.classList.toggle("char-count-too-long", values.over > 0);
      if (values.over <= 0) refused.hidden = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        status.textContent = text;
      }, ANNOUNCE_AFTER);
    }

    box.addEventListener("input", update);
    // chat.js empties the box after a send without an input event.
    box.addEventListener("peerhaven:composer-sent", update);
    update();
  }

  // Captured on the document, so it runs before any other submit handler (chat.js's,
  // htmx's) and an over-long text is neither sent nor taken out of the box.
  document.addEventListener(
    "submit",
    (event) => {
      for (const counter of event.target.querySelectorAll(".char-count")) {
        const values = counted(counter);
        if (values.over <= 0) continue;
        event.preventDefault();
        event.stopPropagation();
        const refused = counter.querySelector(".char-count-refused");
        refused.textContent = fill(counter.dataset.refused, values);
        refused.hidden = false;
        values.box.focus();
        return;
      }
    },
    true,
  );

  document.querySelectorAll(".char-count").forEach(setUp);
  // A form htmx swapped in (a refused reply, say) brings its own counter.
  document.addEventListener("htmx:afterSwap", (event) => {
    event.target.querySelectorAll(".char-count").forEach(setUp);
  });
})();
