// Behaviour that would otherwise need inline script (forbidden by the Content-Security-Policy).
document.addEventListener("DOMContentLoaded", () => {
  // <select data-autosubmit> submits its form on change (language switch, filters).
  document.body.addEventListener("change", (e) => {
    if (e.target.matches("[data-autosubmit]")) e.target.form.requestSubmit();
  });
  // <form data-confirm="..."> (or its submit <button data-confirm="...">) asks before submitting
  // (irreversible restructuring).
  document.body.addEventListener("submit", (e) => {
    const msg = e.target.dataset.confirm || (e.submitter && e.submitter.dataset.confirm);
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
});
