// Charts of the statistics pages. Each <canvas data-chart="ID"> is drawn from the JSON in
// <script type="application/json" id="ID"> (Django's json_script: data, never executed, so the strict
// Content-Security-Policy allows it): {kind: "bar"|"doughnut", title, labels, values, links}.
// Clicking a bar or slice opens its link (the member list filtered the same way) when it has one.
(() => {
  const PALETTE = ["#0d6efd", "#dc3545", "#198754", "#ffc107", "#6f42c1", "#fd7e14", "#20c997", "#6c757d",
                   "#0dcaf0", "#d63384"];

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof window.Chart === "undefined") return;
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    const doughnut = data.kind === "doughnut";
    const colours = data.values.map((_, i) => PALETTE[i % PALETTE.length]);
    new window.Chart(canvas, {
      type: doughnut ? "doughnut" : "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.title, data: data.values, backgroundColor: doughnut ? colours : PALETTE[0] }],
      },
      options: {
        maintainAspectRatio: false,
        // Long unit lists read better as horizontal bars.
        indexAxis: !doughnut && data.labels.length > 8 ? "y" : "x",
        plugins: { legend: { display: doughnut, position: "bottom" } },
        scales: doughnut ? {} : { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } },
        onClick: (_event, elements) => {
          const link = elements.length ? data.links[elements[0].index] : "";
          if (link) window.location.assign(link);
        },
        onHover: (event, elements) => {
          const link = elements.length ? data.links[elements[0].index] : "";
          // A CSSOM property (not a style attribute): allowed by the CSP.
          event.native.target.style.cursor = link ? "pointer" : "default";
        },
      },
    });
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  // Blocks loaded later by HTMX (the dashboard's members block).
  document.addEventListener("htmx:load", (event) => drawAll(event.target));
})();
