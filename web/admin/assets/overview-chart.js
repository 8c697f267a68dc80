// Draws the overview's 24-hour chart from the figures the page carries (the table below the chart has them too).
(function () {
  var el = document.getElementById('activity-chart');
  if (!el || typeof uPlot === 'undefined') return;
  var hourly = JSON.parse(el.getAttribute('data-hourly') || '[]');
  var x = hourly.map(function (h) {
    return Date.parse(h.hour) / 1000;
  });
  var series = function (key) {
    return hourly.map(function (h) {
      return h[key];
    });
  };
  function draw() {
    el.textContent = '';
    new uPlot(
      {
        width: el.clientWidth || 320,
        height: 260,
        tzDate: function (ts) {
          return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
        },
        series: [
          { label: 'Hour (UTC)' },
          // Solid, dashed and dotted lines: the series stay apart without colour.
          { label: 'Events in (solid line)', stroke: '#1d4ed8', width: 2 },
          { label: 'Jobs done (dashed line)', stroke: '#15803d', width: 2, dash: [8, 4] },
          { label: 'Jobs failed (dotted line)', stroke: '#b91c1c', width: 2, dash: [2, 3], points: { show: true } },
        ],
        axes: [{}, { label: 'per hour' }],
      },
      [x, series('events'), series('done'), series('failed')],
      el,
    );
  }
  draw();
  var timer;
  window.addEventListener('resize', function () {
    clearTimeout(timer);
    timer = setTimeout(draw, 150);
  });
})();
