// Live safety alerts for responders, on every page. The server's inbox is the record;
// this only makes a new alert impossible to miss. On each (re)connect it asks the API
// how many alerts are waiting, so an alert sent while the page was closed still shows.
(() => {
  const script = document.currentScript;
  const banner = document.getElementById("alert-banner");
  if (!script || !banner || !("WebSocket" in window)) return;
  const wsPath = script.dataset.wsPath;
  const apiUrl = script.dataset.alertsApi;
  const openLabel = script.dataset.openLabel;
  const waitingLabel = script.dataset.waitingLabel;
  const PING_MS = 25000;
  const BACKOFF_MAX = 30000;
  let backoff = 1000;
  let pingTimer = null;
  const shown = new Map(); // alert id -> banner item

  function item(notice) {
    const p = document.createElement("p");
    p.className = "alert-banner-item";
    p.dataset.alertId = String(notice.id);
    const text = document.createElement("strong");
    text.textContent = notice.title;
    const link = document.createElement("a");
    link.href = notice.url;
    link.textContent = openLabel;
    p.append(text, " ", link);
    return p;
  }

  function show(notice) {
    const existing = shown.get(notice.id);
    const fresh = item(notice);
    if (existing) existing.replaceWith(fresh);
    else banner.prepend(fresh);
    shown.set(notice.id, fresh);
    banner.hidden = false;
  }

  function answered(notice) {
    const existing = shown.get(notice.id);
    if (existing) existing.remove();
    shown.delete(notice.id);
    if (!banner.querySelector(".alert-banner-item")) banner.hidden = true;
  }

  function catchUp() {
    if (!apiUrl) return;
    fetch(apiUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        data.results.forEach((alert) =>
          show({ id: alert.id, title: alert.title, url: alert.url, status: alert.status }));
        if (data.count > data.results.length) {
          const more = document.createElement("p");
          more.className = "alert-banner-item";
          more.textContent = `${data.count} ${waitingLabel}`;
          banner.append(more);
          banner.hidden = false;
        }
      })
      .catch(() => {});
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + window.location.host + wsPath);
    socket.addEventListener("open", () => {
      backoff = 1000;
      catchUp();
      pingTimer = window.setInterval(() => socket.send(JSON.stringify({ type: "ping" })), PING_MS);
    });
    socket.addEventListener("message", (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch { return; }
      if (data.type !== "notify") return;
      if (data.kind === "alert" && data.payload.status === "open") show(data.payload);
      else if (data.kind === "alert.answered") answered(data.payload);
    });
    socket.addEventListener("close", (event) => {
      window.clearInterval(pingTimer);
      if (event.code >= 4000 && event.code < 4500) return; // signed out: the page will say so
      const delay = backoff * (0.75 + Math.random() * 0.5);
      backoff = Math.min(backoff * 2, BACKOFF_MAX);
      window.setTimeout(connect, delay);
    });
  }

  connect();
})();
