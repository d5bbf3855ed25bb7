/*
 * The overview's charts: uPlot (served from its WebJar) over the data the node put in each chart's data-series
 * attribute, as [[minute starts in epoch seconds], [values]...], null where a minute was not observed. A file of its
 * own because the console's Content-Security-Policy allows no inline script; it runs whenever htmx brings a chart in.
 */
(function () {
  'use strict';
  var SERIES = {
    messages: [{ label: 'Messages per second', stroke: '#0b5cad', fill: 'rgba(11, 92, 173, 0.12)', width: 2 }],
    failures: [
      { label: 'Authentication failures', stroke: '#a4161a', width: 2 },
      { label: 'Authorization denials', stroke: '#8a5a00', width: 2 }
    ]
  };

  function draw(el) {
    if (el.getAttribute('data-drawn') === 'true' || typeof uPlot === 'undefined') {
      return;
    }
    var data = JSON.parse(el.getAttribute('data-series'));
    var opts = {
      width: Math.max(280, el.clientWidth || 560),
      height: 180,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [{ stroke: '#4a5560' }, { stroke: '#4a5560', size: 56 }],
      series: [{}].concat(SERIES[el.getAttribute('data-chart')] || [])
    };
    new uPlot(opts, data, el);
    el.setAttribute('data-drawn', 'true');
  }

  function drawAll(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    if (root.matches('[data-chart]')) {
      draw(root);
    }
    root.querySelectorAll('[data-chart]').forEach(draw);
  }

  document.addEventListener('htmx:load', function (event) {
    drawAll(event.detail.elt);
  });
})();
