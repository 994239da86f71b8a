// Member import page: progress bars take their width from data-progress (the Content-Security-Policy allows no
// style attribute), on the first load and on every fragment HTMX swaps in while the import runs.
(() => {
  const paint = (root) => {
    root.querySelectorAll("[data-progress]").forEach((bar) => {
      bar.style.width = `${Number(bar.dataset.progress) || 0}%`;
    });
  };
  document.addEventListener("DOMContentLoaded", () => paint(document));
  document.addEventListener("htmx:load", (e) => paint(e.target));
})();
