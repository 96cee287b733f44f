// Appended to a copy of report.html by tests/browser/charts.rs: once the
// fonts are ready, measures every chart as the browser drew it and writes
// the findings as JSON into a pre element (id layout-check), for --dump-dom.
(function () {
  function rect(r) {
    return [Math.round(r.left * 10) / 10, Math.round(r.top * 10) / 10,
            Math.round(r.right * 10) / 10, Math.round(r.bottom * 10) / 10];
  }
  function overlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function run() {
    var out = { charts: [], problems: [], ranking: [] };
    var svgs = document.querySelectorAll('svg.chart');
    for (var s = 0; s < svgs.length; s++) {
      var svg = svgs[s];
      var box = svg.getBoundingClientRect();
      var name = svg.getAttribute('class') + ' #' + s;
      var items = svg.querySelectorAll('.legend-item');
      var texts = svg.querySelectorAll('text');
      out.charts.push({ name: name, legend_items: items.length, texts: texts.length });
      var boxes = [];
      for (var i = 0; i < items.length; i++) boxes.push(items[i].getBoundingClientRect());
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          if (overlap(boxes[i], boxes[j])) {
            out.problems.push('overlapping legend items in ' + name + ': ' +
              items[i].textContent + ' ' + rect(boxes[i]) + ' and ' +
              items[j].textContent + ' ' + rect(boxes[j]));
          }
        }
      }
      for (var k = 0; k < texts.length; k++) {
        var b = texts[k].getBoundingClientRect();
        if (b.left < box.left - 0.5 || b.right > box.right + 0.5 ||
            b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5) {
          out.problems.push('clipped text in ' + name + ': "' +
            texts[k].textContent + '" ' + rect(b) + ' outside ' + rect(box));
        }
      }
    }
    var rows = document.querySelectorAll('#ranking tr.rank-row');
    for (var r = 0; r < rows.length; r++) {
      out.ranking.push([rows[r].cells[1].textContent.trim(), rows[r].cells[5].textContent.trim()]);
    }
    var pre = document.createElement('pre');
    pre.id = 'layout-check';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(run);
  } else {
    run();
  }
})();
