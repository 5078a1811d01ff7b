// A wide table scrolls inside its own box; its "scroll sideways" hint shows only
// while the table is wider than the box (a phone, a long agenda), never when it fits.
// A file of its own: the Content-Security-Policy allows no inline script.
(() => {
  const boxes = document.querySelectorAll(".table-scroll[data-scroll-hint]");
  if (!boxes.length || !("ResizeObserver" in window)) return;
  const update = (box) => {
    const hint = document.getElementById(box.dataset.scrollHint);
    if (hint) hint.hidden = box.scrollWidth <= box.clientWidth;
  };
  // The box's width follows the window; the table's follows its text (web fonts).
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) update(entry.target.closest(".table-scroll"));
  });
  for (const box of boxes) {
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    update(box);
  }
})();
