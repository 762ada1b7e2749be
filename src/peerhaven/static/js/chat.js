// The live chat of a room page: one WebSocket (protocol: conversations/consumers.py),
// messages kept in order by seq, and a send queue that survives dropped connections and
// reloads. Without this file the page still shows the recent messages.
(() => {
  "use strict";

  const root = document.getElementById("chat");
  if (!root || root.dataset.live !== "true" || !("WebSocket" in window)) return;

  const BACKOFF_FIRST = 500;
  const BACKOFF_MAX = 10000;
  const PING_EVERY = 25000;
  // A socket that answers nothing for this long is dead even if the browser thinks not.
  const PONG_WAIT = 10000;
  const CLOSE_NOT_SIGNED_IN = 4401;
  const CLOSE_MEMBERSHIP_ENDED = 4403;
  const CLOSE_AGREEMENT_NEEDED = 4409;
  const CLOSE_TOO_MANY_CONNECTIONS = 4429;
  // This browser's session got a new key (a password change here): come straight back.
  const CLOSE_RECONNECT = 4500;
  // Refusals of a subscribe that no retry will fix.
  const SUBSCRIBE_FINAL = { agreement_needed: "agreement", not_found: "membership", not_allowed: "membership" };

  const roomId = Number(root.dataset.room);
  const wsPath = root.dataset.wsPath;
  const storageKey = `peerhaven.chat.queue.${roomId}`;
  const log = document.getElementById("chat-log");
  const list = document.getElementById("chat-messages");
  const empty = document.getElementById("chat-empty");
  const pendingList = document.getElementById("chat-pending");
  const state = document.getElementById("chat-state");
  const form = document.getElementById("chat-composer");
  const textarea = document.getElementById("chat-text");
  const preference = document.getElementById("chat-support-preference");
  const messageTemplate = document.getElementById("chat-message-template");
  const warningTemplate = document.getElementById("chat-warning-template");
  const filterTopics = new Set((root.dataset.filterTopics || "").split(" ").filter(Boolean));
  const pendingTemplate = document.getElementById("chat-pending-template");
  const timeFormat = hourMinute(document.documentElement.dataset.timeZone);

  // The highest seq received through the server's ordered stream (or rendered in the page).
  // An ack can carry a higher seq while an earlier message is still on its way, so acks do
  // not move it: a resubscribe after a drop must not skip that earlier message.
  let cursor = Number(root.dataset.lastSeq) || 0;
  const deleted = new Set();
  let socket = null;
  let subscribed = false;
  let stopped = false;
  let everLive = false;
  let backoff = BACKOFF_FIRST;
  let reconnectTimer = null;
  let pingTimer = null;
  let pongTimer = null;
  let retryTimer = null;
  // This person's display name, from the server's hello (display names are unique).
  let me = null;
  // Client ids sent on the current socket and not answered yet.
  const inFlight = new Set();
  // [{client_id, text, support_preference, failed: string|null, notBefore: ms}]
  let queue = loadQueue();

  // --- Helpers --------------------------------------------------------------------------

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Times in the member's own zone (from their profile, on <html>), as the server shows
  // the messages in the page (conversation_tags.chat_time): 24-hour "H:i", with the day
  // before today's messages. An unknown zone falls back to the browser's.
  function hourMinute(timeZone) {
    const options = {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    };
    try {
      return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: timeZone || undefined });
    } catch (error) {
      return new Intl.DateTimeFormat("en-GB", options);
    }
  }

  // "27 Nov" as the server writes "j M" (en-GB's order for English pages).
  const pageLanguage = document.documentElement.lang || "en";
  const dayFormat = new Intl.DateTimeFormat(pageLanguage === "en" ? "en-GB" : pageLanguage, {
    day: "numeric",
    month: "short",
    timeZone: timeFormat.resolvedOptions().timeZone,
  });

  function partsOf(when) {
    return Object.fromEntries(timeFormat.formatToParts(when).map((p) => [p.type, p.value]));
  }

  function formatTime(iso) {
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return "";
    const parts = partsOf(when);
    const now = partsOf(new Date());
    const hm = `${parts.hour}:${parts.minute}`;
    const today = ["year", "month", "day"].every((key) => parts[key] === now[key]);
    return today ? hm : `${dayFormat.format(when).replace(/\.$/, "")}, ${hm}`;
  }

  function preferenceShown(value) {
    const option = preference && Array.from(preference.options).find((o) => o.value === value);
    return option ? option.dataset.shown : "";
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // --- The queue, kept in sessionStorage so a reload does not lose what was typed --------

  function loadQueue() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "[]");
      return Array.isArray(saved) ? saved.filter((item) => item && item.client_id && item.text) : [];
    } catch (error) {
      return [];
    }
  }

  function saveQueue() {
    try {
      if (queue.length) window.sessionStorage.setItem(storageKey, JSON.stringify(queue));
      else window.sessionStorage.removeItem(storageKey);
    } catch (error) {
      // Storage full or refused: the queue still lives in this page.
    }
  }

  function queued(clientId) {
    return queue.find((item) => item.client_id === clientId);
  }

  function pendingItem(clientId) {
    return Array.from(pendingList.children).find((li) => li.dataset.clientId === clientId);
  }

  function showPending(item) {
    let li = pendingItem(item.client_id);
    if (!li) {
      li = pendingTemplate.content.firstElementChild.cloneNode(true);
      li.dataset.clientId = item.client_id;
      li.querySelector(".chat-pending-text").textContent = item.text;
      li.querySelector(".chat-pending-remove").addEventListener("click", () => forget(item.client_id));
      li.querySelector(".chat-pending-edit").addEventListener("click", () => putBack(item.client_id));
      pendingList.appendChild(li);
    }
    const status = li.querySelector(".chat-pending-status");
    li.classList.toggle("chat-pending-failed", Boolean(item.failed));
    status.textContent = item.failed ? `${status.dataset.failed} ${item.failed}` : status.dataset.sending;
    li.querySelector(".chat-pending-actions").hidden = !item.failed;
  }

  function forget(clientId) {
    queue = queue.filter((item) => item.client_id !== clientId);
    saveQueue();
    const li = pendingItem(clientId);
    if (li) li.remove();
  }

  function putBack(clientId) {
    const item = queued(clientId);
    if (!item) return;
    textarea.value = textarea.value.trim() ? `${textarea.value}\n\n${item.text}` : item.text;
    forget(clientId);
    textarea.focus();
    // The coach's hints (nudges.js) look at the text again.
    textarea.dispatchEvent(new Event("input"));
  }

  function enqueue(text) {
    const item = {
      client_id: newClientId(),
      text,
      support_preference: preference ? preference.value : "",
      failed: null,
      notBefore: 0,
    };
    queue.push(item);
    saveQueue();
    showPending(item);
    flush();
  }

  // Sends what is queued, oldest first. A message waiting out a rate limit holds back the
  // ones after it, so they still arrive in the order they were written.
  function flush() {
    if (!subscribed || !socket) return;
    const now = Date.now();
    for (const item of queue) {
      if (item.failed || inFlight.has(item.client_id)) continue;
      if (item.notBefore > now) {
        scheduleRetry(item.notBefore - now);
        break;
      }
      const frame = { type: "send", room: roomId, client_id: item.client_id, text: item.text };
      if (item.support_preference) frame.support_preference = item.support_preference;
      send(frame);
      inFlight.add(item.client_id);
    }
  }

  function scheduleRetry(delay) {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(flush, delay);
  }

  // --- The message list -----------------------------------------------------------------

  function messageItem(seq) {
    return document.getElementById(`chat-message-${seq}`);
  }

  function fillBody(li, message) {
    // A note folds for everyone; topics fold for readers who filter one of them.
    const filtered = (message.warning_topic_slugs || []).some((slug) => filterTopics.has(slug));
    const warned = Boolean(message.warning_note) || filtered;
    let body = li.querySelector(".post-body");
    if (warned && !li.querySelector(".content-warning")) {
      const details = warningTemplate.content.firstElementChild.cloneNode(true);
      const words = (message.warning_topics || []).join(", ");
      details.querySelector(".chat-warning-text").textContent =
        words && message.warning_note ? `${words}; ${message.warning_note}` : words || message.warning_note;
      body.replaceWith(details);
      body = details.querySelector(".post-body");
    }
    // The only HTML taken from the server: sanitized when stored (conversations/rendering.py).
    body.innerHTML = message.html;
  }

  function render(message) {
    const li = messageTemplate.content.firstElementChild.cloneNode(true);
    li.id = `chat-message-${message.seq}`;
    li.dataset.seq = String(message.seq);
    li.classList.toggle("chat-message-mine", me !== null && message.author === me);
    li.querySelector(".chat-author").textContent = message.author;
    const time = li.querySelector(".chat-time");
    time.dateTime = message.created_at;
    time.textContent = formatTime(message.created_at);
    li.querySelector(".chat-preference").textContent = preferenceShown(message.support_preference);
    li.querySelector(".chat-edited").hidden = !message.edited;
    // Others' messages get a "Report" link, one's own Edit and Delete, as in threads.
    const mine = me !== null && message.author === me;
    if (Number.isInteger(Number(message.id))) {
      const report = li.querySelector(".chat-report");
      if (report && !mine) showLink(report, message.id);
      const menu = li.querySelector(".chat-menu");
      if (menu && mine) {
        showLink(li.querySelector(".chat-delete"), message.id);
        const edit = li.querySelector(".chat-edit");
        showLink(edit, message.id);
        edit.parentElement.hidden = message.moderation === "removed";
        menu.hidden = false;
      }
    }
    fillBody(li, message);
    return li;
  }

  // The template's links hold 0 for the message id.
  function showLink(link, id) {
    link.href = link.dataset.href.replace("/0/", `/${Number(id)}/`);
    link.hidden = false;
  }

  // Shows a message once, in seq order, whether it comes live, in a catch-up or in an ack.
  function place(message) {
    const seq = Number(message.seq);
    if (!Number.isInteger(seq) || messageItem(seq) || deleted.has(seq)) return;
    const follow = nearBottom();
    const li = render(message);
    let after = list.lastElementChild;
    while (after && Number(after.dataset.seq) > seq) after = after.previousElementSibling;
    list.insertBefore(li, after ? after.nextElementSibling : list.firstElementChild);
    empty.hidden = true;
    if (follow) scrollToEnd();
  }

  function changed(message) {
    const li = messageItem(message.seq);
    if (!li) return;
    fillBody(li, message);
    li.querySelector(".chat-edited").hidden = false;
  }

  function removed(seq) {
    deleted.add(seq);
    const li = messageItem(seq);
    if (li) li.remove();
    empty.hidden = list.children.length > 0;
  }

  // --- Connection state -----------------------------------------------------------------

  function setState(name) {
    state.hidden = false;
    state.dataset.state = name;
    state.textContent = state.dataset[name];
  }

  function stop(reason, text) {
    stopped = true;
    window.clearTimeout(reconnectTimer);
    window.clearTimeout(retryTimer);
    const old = socket;
    dropSocket();
    if (old) old.close();
    setState("stopped");
    const note = document.getElementById(`chat-stopped-${reason}`);
    if (note) {
      if (text) note.textContent = text;
      note.hidden = false;
    }
    form.querySelector("button[type=submit]").disabled = true;
  }

  function dropSocket() {
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    }
    socket = null;
    subscribed = false;
    inFlight.clear();
    window.clearInterval(pingTimer);
    window.clearTimeout(pongTimer);
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function connect() {
    window.clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (stopped || socket) return;
    if (navigator.onLine === false) {
      // The "online" event brings us back; trying now would only fail.
      setState("offline");
      return;
    }
    if (!everLive && state.dataset.state !== "offline") setState("connecting");
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${window.location.host}${wsPath}`);
    socket = ws;
    ws.onopen = () => {
      send({ type: "subscribe", room: roomId, after: cursor });
      pingTimer = window.setInterval(ping, PING_EVERY);
    };
    ws.onmessage = (event) => {
      window.clearTimeout(pongTimer);
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (frame && typeof frame === "object") receive(frame);
    };
    ws.onclose = (event) => closed(event.code);
    ws.onerror = () => {
      // A close event always follows; it decides what happens next.
    };
  }

  function ping() {
    send({ type: "ping" });
    window.clearTimeout(pongTimer);
    pongTimer = window.setTimeout(lost, PONG_WAIT);
  }

  // The connection is gone (or as good as gone): show it, and try again later.
  function lost() {
    const old = socket;
    dropSocket();
    if (old) old.close();
    if (stopped) return;
    setState("offline");
    reconnectLater();
  }

  function closed(code) {
    if (code === CLOSE_MEMBERSHIP_ENDED) return stop("membership");
    if (code === CLOSE_AGREEMENT_NEEDED) return stop("agreement");
    if (code === CLOSE_NOT_SIGNED_IN) return stop("signed-out");
    if (code === CLOSE_TOO_MANY_CONNECTIONS) backoff = BACKOFF_MAX;
    if (code === CLOSE_RECONNECT) backoff = BACKOFF_FIRST;
    lost();
  }

  function reconnectLater() {
    if (stopped || reconnectTimer) return;
    // Jitter spreads out many people reconnecting after one server restart.
    const delay = backoff * (0.75 + Math.random() * 0.5);
    backoff = Math.min(backoff * 2, BACKOFF_MAX);
    reconnectTimer = window.setTimeout(connect, delay);
  }

  // --- Frames from the server -----------------------------------------------------------

  function receive(frame) {
    if (frame.room !== undefined && frame.room !== roomId) return;
    switch (frame.type) {
      case "hello":
        me = typeof frame.user === "string" ? frame.user : null;
        break;
      case "subscribed":
        subscribed = true;
        everLive = true;
        backoff = BACKOFF_FIRST;
        setState("live");
        flush();
        break;
      case "message":
        if (frame.message) {
          place(frame.message);
          cursor = Math.max(cursor, Number(frame.message.seq) || 0);
        }
        break;
      case "caught_up":
        cursor = Math.max(cursor, Number(frame.last_seq) || 0);
        break;
      case "ack":
        inFlight.delete(frame.client_id);
        forget(frame.client_id);
        if (frame.message) place(frame.message);
        if (frame.care) showCare();
        break;
      case "message_changed":
        if (frame.message) changed(frame.message);
        break;
      case "message_deleted":
        removed(Number(frame.seq));
        break;
      case "error":
        refused(frame);
        break;
      default:
        break;
    }
  }

  // The author's message was screened as concern or urgent: it went out like any other,
  // and the crisis panel beside the conversation offers help now.
  function showCare() {
    const care = document.getElementById("chat-care");
    if (care && care.hidden) care.hidden = false;
  }

  function refused(frame) {
    if (frame.client_id) {
      const item = queued(frame.client_id);
      inFlight.delete(frame.client_id);
      if (!item) return;
      // Too fast, or a fault on the server's side: kept, and sent again after the wait.
      if (frame.code === "rate_limited" || frame.code === "server_error") {
        const wait = Math.max(1, Number(frame.extra && frame.extra.retry_after) || 5);
        item.notBefore = Date.now() + wait * 1000;
        saveQueue();
        scheduleRetry(wait * 1000);
        return;
      }
      // Never dropped silently: it stays on screen, with the reason, until removed.
      item.failed = frame.message || frame.code;
      saveQueue();
      showPending(item);
      return;
    }
    if (!subscribed && frame.room === roomId) {
      const reason = SUBSCRIBE_FINAL[frame.code];
      if (reason) stop(reason);
      else stop("refused", frame.message);
    }
  }

  // --- Wiring ---------------------------------------------------------------------------

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textarea.value;
    if (!text.trim()) {
      textarea.focus();
      return;
    }
    enqueue(text);
    textarea.value = "";
    // The coach's hints (nudges.js) are about the text just sent: a new draft starts.
    textarea.dispatchEvent(new CustomEvent("peerhaven:composer-sent"));
    textarea.focus();
    scrollToEnd();
  });

  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  // A phone that loses its network often keeps a half-open socket for minutes: the
  // browser's own offline signal ends it at once, and coming back reconnects at once.
  window.addEventListener("offline", () => {
    if (!stopped) lost();
  });
  window.addEventListener("online", () => {
    if (stopped) return;
    backoff = BACKOFF_FIRST;
    connect();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !socket && !stopped) connect();
  });

  queue.forEach(showPending);
  form.hidden = false;
  scrollToEnd();
  connect();
})();
