/* The tracker's embedded timeline: tell the page that frames it how tall it is,
   so that the page can size the iframe to its content (see embed-host.js). */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage(
      { type: "peace-tracker:embed-height", height: height, url: window.location.href },
      "*"
    );
  }
  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.documentElement);
  }
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  post();
})();
