// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Logging out forgets the guided session this browser kept for the person (a shared phone or
  // computer): the next one to use it does not find it. Sessions waiting in the outbox to be
  // sent stay, under their owner, and go at that person's next visit.
  document.querySelectorAll("form[data-logout]").forEach((form) => {
    form.addEventListener("submit", () => {
      const user = document.querySelector('meta[name="valgus-user"]');
      if (!user) return;
      const prefix = `valgus:guided:${user.content}:`;
      try {
        Object.keys(localStorage)
          .filter((key) => key.startsWith(prefix))
          .forEach((key) => localStorage.removeItem(key));
      } catch (error) {
        // No storage in this browser: nothing was kept.
      }
    });
  });
  // A phone shows the movement self-tests one at a time, with buttons to move between them;
  // every answer stays in the one form, and without JavaScript all are shown.
  document.querySelectorAll("[data-one-at-a-time]").forEach((stepper) => {
    if (!window.matchMedia("(max-width: 767.98px)").matches) return;
    const parts = Array.from(stepper.querySelectorAll(":scope > [data-one]"));
    if (parts.length < 2) return;
    const name = stepper.dataset.partName || "Part";
    const nav = document.createElement("div");
    nav.className = "d-flex flex-wrap justify-content-between align-items-center gap-2 mb-4 one-at-a-time-nav";
    const back = document.createElement("button");
    back.type = "button";
    back.className = "btn btn-outline-secondary";
    back.textContent = `Previous ${name.toLowerCase()}`;
    const where = document.createElement("p");
    where.className = "mb-0 small fw-semibold";
    where.setAttribute("aria-live", "polite");
    const next = document.createElement("button");
    next.type = "button";
    next.className = "btn btn-primary";
    next.textContent = `Next ${name.toLowerCase()}`;
    nav.append(back, where, next);
    stepper.append(nav);
    let current = Math.max(0, parts.findIndex((part) => part.querySelector(".is-invalid")));
    const show = (index, focus) => {
      current = index;
      parts.forEach((part, number) => { part.hidden = number !== index; });
      const heading = parts[index].querySelector("h2");
      where.textContent = `${name} ${index + 1} of ${parts.length}${heading ? `: ${heading.textContent.trim()}` : ""}`;
      back.hidden = index === 0;
      next.hidden = index === parts.length - 1;
      if (focus && heading) heading.focus();
    };
    back.addEventListener("click", () => show(current - 1, true));
    next.addEventListener("click", () => show(current + 1, true));
    show(current, false);
  });
  // How-tos collapsed to keep a phone's page short start open on a wider screen.
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => { details.open = true; });
  }
  // Buttons marked data-print open the print dialog (no inline handlers: CSP forbids them).
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  // Forms marked data-once disable their submit buttons after the first submit. The disabling
  // waits until the browser has read the form, so the pressed button's value (for example
  // direction=back) is still sent.
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      setTimeout(() => {
        form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
      }, 0);
    });
  });
  // Text boxes marked data-counter show how many characters are left of their maxlength. The
  // limit is also in the help text and enforced by the server, so without JavaScript nothing is
  // lost. Screen readers hear the count only near the limit (a polite live region), not at
  // every key.
  document.querySelectorAll("textarea[data-counter][maxlength]").forEach((box) => {
    const limit = Number(box.getAttribute("maxlength"));
    const counter = document.createElement("p");
    counter.className = "form-text char-counter mb-1";
    counter.id = `${box.id}_counter`;
    const spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    const near = Math.max(20, Math.round(limit / 10));
    let announced = null;
    const update = () => {
      const left = limit - box.value.length;
      counter.textContent = `${left.toLocaleString("en-GB")} of ${limit.toLocaleString("en-GB")} characters left`;
      counter.classList.toggle("near-limit", left <= near);
      const bucket = left <= 0 ? "none" : left <= near ? "near" : null;
      if (bucket !== announced) {
        spoken.textContent = bucket === "none" ? "No characters left." : bucket === "near" ? `${left} characters left.` : "";
        announced = bucket;
      }
    };
    box.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", spoken);
    const described = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    box.setAttribute("aria-describedby", [...described, counter.id].join(" "));
    box.addEventListener("input", update);
    update();
  });
});
// Coming back with the browser's Back button shows the page from its cache: enable the buttons.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-once] button[type=submit]").forEach((b) => { b.disabled = false; });
});

// Installable: the service worker keeps the static assets for a poor connection (valgus_site/views.py).
const worker = document.querySelector('meta[name="valgus-service-worker"]');
if (worker && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(worker.content, { scope: "/" }).catch(() => {});
  });
}

// Printing shows what is folded away on screen; folded again afterwards.
let openedForPrint = [];
window.addEventListener("beforeprint", () => {
  openedForPrint = Array.from(document.querySelectorAll("details:not([open])"));
  openedForPrint.forEach((details) => { details.open = true; });
});
window.addEventListener("afterprint", () => {
  openedForPrint.forEach((details) => { details.open = false; });
  openedForPrint = [];
});

// A link to a folded part (the result's "at a glance" to an exercise's how-to) opens it.
const openLinkedDetails = () => {
  const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  if (target && target.tagName === "DETAILS") target.open = true;
};
window.addEventListener("hashchange", openLinkedDetails);
document.addEventListener("DOMContentLoaded", openLinkedDetails);
