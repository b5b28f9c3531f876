// Palabre: a little plain JavaScript on top of pages that work without it.
"use strict";

// Buttons carrying data-confirm ask before submitting their form.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Read-only fields holding a link select themselves when focused, ready to copy.
document.querySelectorAll("input.copy-field").forEach((input) => {
  input.addEventListener("focus", () => input.select());
});
