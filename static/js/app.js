// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
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
});
// Coming back with the browser's Back button shows the page from its cache: enable the buttons.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-once] button[type=submit]").forEach((b) => { b.disabled = false; });
});
