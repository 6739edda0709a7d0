// The outbox: sessions saved without a connection wait in this browser (localStorage) and are
// sent when it returns. Sending one twice does no harm: the server keeps one log per exercise
// and session, so a resent session updates the same logs.
//
// Any page with an element marked data-outbox-status shows what is waiting. The person is
// named by <meta name="valgus-user">; each person's outbox is their own.
(() => {
  "use strict";

  const userMeta = document.querySelector('meta[name="valgus-user"]');
  if (!userMeta) return;
  const storageKey = `valgus:outbox:${userMeta.content}`;
  let sending = null;

  const read = () => {
    try {
      const items = JSON.parse(localStorage.getItem(storageKey) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  };
  const write = (items) => {
    if (items.length) localStorage.setItem(storageKey, JSON.stringify(items));
    else localStorage.removeItem(storageKey);
  };

  const csrfToken = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
  };

  const post = (url, body) => fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-CSRFToken": csrfToken(),
    },
    body: JSON.stringify(body),
  });

  const describe = (item) => {
    if (item.problem) return `${item.label}: not saved. ${item.problem}`;
    if (item.waitingFor === "login") return `${item.label}: waiting until you log in again.`;
    if (!navigator.onLine) return `${item.label}: waiting for a connection.`;
    return `${item.label}: waiting to be sent.`;
  };

  const render = () => {
    const items = read();
    document.querySelectorAll("[data-outbox-status]").forEach((box) => {
      box.replaceChildren();
      box.hidden = items.length === 0;
      if (!items.length) return;
      const title = document.createElement("p");
      title.className = "fw-semibold mb-1";
      title.textContent = items.length === 1
        ? "1 session is kept in this browser, not saved yet"
        : `${items.length} sessions are kept in this browser, not saved yet`;
      const list = document.createElement("ul");
      list.className = "mb-0";
      items.forEach((item) => {
        const line = document.createElement("li");
        line.textContent = describe(item);
        if (item.problem) {
          const discard = document.createElement("button");
          discard.type = "button";
          discard.className = "btn btn-link btn-sm p-0 ms-1 align-baseline";
          discard.textContent = "Discard it";
          discard.addEventListener("click", () => { remove(item.id); render(); });
          line.append(" ", discard);
        }
        list.append(line);
      });
      box.append(title, list);
      if (items.some((item) => !item.problem) && navigator.onLine) {
        const retry = document.createElement("button");
        retry.type = "button";
        retry.className = "btn btn-sm btn-outline-dark mt-2";
        retry.textContent = "Send now";
        retry.addEventListener("click", () => { send(); });
        box.append(retry);
      }
    });
  };

  const update = (id, changes) => {
    write(read().map((item) => (item.id === id ? { ...item, ...changes } : item)));
  };
  const remove = (id) => { write(read().filter((item) => item.id !== id)); };

  const announce = (name, detail) => {
    document.dispatchEvent(new CustomEvent(name, { detail }));
  };

  // Send every waiting item, one after the other; stop at the first lost connection.
  const sendAll = async () => {
    for (const item of read()) {
      if (item.problem) continue;
      let response;
      try {
        response = await post(item.url, item.body);
      } catch (error) {
        break; // still offline: try again when the browser says it is back
      }
      let answer = {};
      try { answer = await response.json(); } catch (error) { answer = {}; }
      if (response.ok) {
        remove(item.id);
        announce("valgus:outbox-sent", { item, answer });
      } else if (response.status === 401 || response.status === 403) {
        update(item.id, { waitingFor: "login" });
        announce("valgus:outbox-waiting", { item, answer, status: response.status });
      } else if (response.status >= 500) {
        break;
      } else {
        const problem = answer.detail || "The server refused it.";
        update(item.id, { problem });
        announce("valgus:outbox-refused", { item, answer, status: response.status });
      }
    }
    render();
  };

  const send = () => {
    if (!sending) sending = sendAll().finally(() => { sending = null; });
    return sending;
  };

  const add = ({ url, body, label }) => {
    const id = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
    // One waiting item per address: a newer save of the same session replaces the older one.
    const items = read().filter((item) => item.url !== url);
    items.push({ id, url, body, label, queuedAt: new Date().toISOString() });
    write(items);
    render();
    return id;
  };

  const has = (id) => read().some((item) => item.id === id);

  window.valgusOutbox = { add, has, send, post, render, remove };

  window.addEventListener("online", () => { render(); send(); });
  window.addEventListener("offline", render);
  document.addEventListener("DOMContentLoaded", () => {
    // A guided session begun in this browser and not saved yet: offer to continue it.
    document.querySelectorAll("[data-guided-link]").forEach((link) => {
      if (localStorage.getItem(link.dataset.guidedLink)) link.textContent = "Continue today's session";
    });
    render();
    if (navigator.onLine && read().length) send();
  });
})();
