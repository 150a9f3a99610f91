/// The fixed style and script of `map.html`. No input text is ever part of these: the page
/// reads the data from the JSON blocks and writes text only through `textContent`.
///
/// The page script is `common` (data, pop-ups, the cell look-up, the legend), then a drawer
/// (`leaflet`, or `MapScriptPlain.drawer` without Leaflet), then `finish`: when every image
/// layer has loaded it records on `#status` what was drawn and after how many milliseconds
/// (`data-drawn-ms`, from the start of navigation), and answers a probe: `map.html#probe=LON,LAT`
/// opens that place's cell pop-up and records the cell found (`data-probe-cell`, its figures in
/// `data-probe-figures`), the colours there of the hall layer (`data-probe-colour`) and of the
/// gap-residents layer (`data-probe-gap-colour`) and the topmost element painted there
/// (`data-probe-top`).
enum MapScript {
    static let css = """
    html,body{margin:0;height:100%;font-family:\(MapStyle.fontFamily);font-size:13px;color:#222}
    #map{position:absolute;left:0;top:0;bottom:0;right:330px;background:#f4f4f0;overflow:hidden}
    #panel{position:absolute;right:0;top:0;bottom:0;width:330px;box-sizing:border-box;padding:10px 14px;overflow:auto;background:#fff;border-left:1px solid #ccc}
    #panel h1{font-size:17px;margin:0 0 8px}
    #panel h2{font-size:14px;margin:12px 0 4px}
    .row{display:flex;align-items:center;margin:2px 0}
    .sw{display:inline-block;width:22px;height:14px;margin-right:8px;flex:none;box-sizing:border-box}
    .sw.gap{background:rgba(0,0,0,.2);border:2.5px solid #7f0000}
    .sw.sub{height:0;border-top:2px dashed #252525}
    .site{box-sizing:border-box;border:1.5px solid #fff;box-shadow:0 0 1px #000}
    .site.hall{background:#54278f}.site.kiosk{background:#2b8cbe;border-radius:50%}
    .site.overloaded{background:#d7301f}.site.off{background:#969696}
    .sd-label{background:rgba(255,255,255,.75);border:none;box-shadow:none;font-weight:bold;font-size:13px;padding:0 3px}
    .sd-label:before{display:none}
    img.cell-image,svg.plain image{image-rendering:pixelated}
    .probing *{pointer-events:auto !important}
    #status{margin-top:12px;color:#555;font-size:11px}
    #switch label{display:block;margin:2px 0}
    .popup table{border-collapse:collapse}.popup td{padding:1px 6px 1px 0;vertical-align:top}
    .popup h3{margin:0 0 4px;font-size:14px}
    .popup ul{margin:2px 0;padding-left:18px;max-height:160px;overflow:auto}
    #popup{position:absolute;z-index:10;background:#fff;border:1px solid #888;border-radius:4px;padding:8px 10px;max-width:300px;box-shadow:0 2px 6px rgba(0,0,0,.3)}
    #popup button{float:right;border:none;background:none;font-size:16px;cursor:pointer}
    svg.plain{width:100%;height:100%;cursor:grab}
    svg.plain .cells path,svg.plain .cells circle{stroke-width:0.3;vector-effect:non-scaling-stroke}
    svg.plain .gaps path,svg.plain .gaps circle{fill:#000;fill-opacity:.2;stroke:#7f0000;stroke-width:2.5;vector-effect:non-scaling-stroke;fill-rule:evenodd}
    svg.plain .outlines path{fill:none;stroke:#252525;stroke-width:1.3;stroke-dasharray:5 3;vector-effect:non-scaling-stroke}
    svg.plain .outlines path.boundary{stroke:#000;stroke-width:2.2;stroke-dasharray:none}
    svg.plain .sites *{stroke:#fff;stroke-width:1.2;vector-effect:non-scaling-stroke;cursor:pointer}
    svg.plain .labels text{font-weight:bold;font-size:13px;fill:#111;stroke:#fff;stroke-width:3px;paint-order:stroke;text-anchor:middle;dominant-baseline:middle;pointer-events:none}

    """

    /// Runs before anything else: a script error is recorded on the status element.
    static let errorCatcher = """
    window.addEventListener('error', function (e) {
      var s = document.getElementById('status');
      if (s) { s.setAttribute('data-error', String(e.message)); s.setAttribute('data-state', 'error'); }
    });

    """

    static let page = common + leaflet + MapScriptPlain.drawer + finish

    /// Data, pop-ups, the cell look-up and the legend: shared by both drawers.
    static let common = #"""
    (function () {
      'use strict';
      function data(id) { return JSON.parse(document.getElementById(id).textContent); }
      var meta = data('data-meta'), cells = data('data-cells'), gaps = data('data-gaps');
      var outlines = data('data-outlines'), sites = data('data-sites');
      var status = document.getElementById('status');

      function el(tag, className, text) {
        var e = document.createElement(tag);
        if (className) e.className = className;
        if (text !== undefined && text !== null) e.textContent = String(text);
        return e;
      }
      function num(x, digits) {
        if (x === null || x === undefined || Number.isNaN(x)) return '–';
        return Number(x).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 1 : digits });
      }
      function rows(table, pairs) {
        pairs.forEach(function (p) {
          var tr = el('tr');
          tr.appendChild(el('td', null, p[0]));
          tr.appendChild(el('td', null, p[1]));
          table.appendChild(tr);
        });
      }
      function siteClass(p) {
        if (!p.available) return 'off';
        if (p.kind === 'kiosk') return 'kiosk';
        return p.overloaded ? 'overloaded' : 'hall';
      }
      var tierSize = { city: 16, district: 13, street: 10, community: 7 };
      function siteSize(p) { return p.kind === 'kiosk' ? 8 : (tierSize[p.tier] || 7); }
      // Kiosks below halls, lower tiers below higher ones.
      var siteOrder = { community: 1, street: 2, district: 3, city: 4 };
      function siteRank(f) { return f.properties.kind === 'kiosk' ? 0 : (siteOrder[f.properties.tier] || 1); }
      var orderedSites = sites.features.slice().sort(function (a, b) { return siteRank(a) - siteRank(b); });

      function sitePopup(p) {
        var box = el('div', 'popup');
        box.appendChild(el('h3', null, p.name));
        var t = el('table');
        rows(t, [
          ['id', p.id], ['kind', p.kind], ['tier', p.tier || '–'], ['windows', p.windows], ['hours', p.hours],
          ['open in the activity window', num(p.open_minutes_per_week / 60) + ' h/week'],
          ['completions per year', num(p.completions_per_year, 0)],
          ['utilisation', num(p.utilisation * 100) + ' %'],
          ['wait', num(p.wait_minutes) + ' min'],
          ['overloaded', p.overloaded ? 'yes' : 'no']
        ]);
        if (!p.available) rows(t, [['available', 'no: closed in the activity window or without windows']]);
        box.appendChild(t);
        var details = el('details');
        details.appendChild(el('summary', null, 'items handled: ' + p.items.length));
        var ul = el('ul');
        p.items.forEach(function (k) { ul.appendChild(el('li', null, meta.items[k])); });
        details.appendChild(ul);
        box.appendChild(details);
        return box;
      }
      function cellPopup(p) {
        var box = el('div', 'popup');
        if (!p) {
          box.appendChild(el('h3', null, 'cells'));
          box.appendChild(el('div', null, 'This district has ' + num(cells.count, 0) + ' cells, more than the ' +
            num(cells.lookup_limit, 0) + ' whose figures this page holds: each cell\'s figures are in layers.gpkg.'));
          return box;
        }
        box.appendChild(el('h3', null, 'cell ' + p.id));
        var t = el('table');
        rows(t, [['residents', num(p.pop, 0)], ['minutes to the nearest hall', num(p.hall_minutes)],
                 ['minutes to the nearest kiosk', num(p.kiosk_minutes)], ['gap residents', num(p.gap_pop)],
                 ['gap cell', p.gap ? 'yes' : 'no']]);
        box.appendChild(t);
        return box;
      }
      function gapPopup(p) {
        var box = el('div', 'popup');
        box.appendChild(el('h3', null, 'gap area ' + p.id));
        var t = el('table');
        rows(t, [['cells', p.cells], ['residents', num(p.pop, 0)], ['gap residents', num(p.gap_pop, 0)],
                 ['of them elderly', num(p.gap_elderly, 0)], ['of them not digital', num(p.gap_not_digital, 0)]]);
        box.appendChild(t);
        return box;
      }

      // The cell look-up: base64 of little-endian typed arrays, and a grid of buckets over the
      // cells' boxes (built on first use), so that a click finds its cell among a few.
      function bytes(b64) {
        var s = atob(b64), a = new Uint8Array(s.length);
        for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
        return a;
      }
      var index = null;
      function cellIndex() {
        if (index || !cells.lookup) return index;
        var n = cells.count, box = new Uint16Array(bytes(cells.boxes).buffer);
        var G = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(n / 2))));
        function b(q) { return Math.max(0, Math.min(G - 1, Math.floor(q * G / 65536))); }
        var start = new Int32Array(G * G + 1), pass, i, x, y;
        for (pass = 0; pass < 2; pass++) {
          var fill = pass ? start.slice(0, G * G) : null, items = pass ? new Int32Array(start[G * G]) : null;
          for (i = 0; i < n; i++) {
            for (y = b(box[4 * i + 1]); y <= b(box[4 * i + 3]); y++) {
              for (x = b(box[4 * i]); x <= b(box[4 * i + 2]); x++) {
                if (pass) items[fill[y * G + x]++] = i; else start[y * G + x + 1]++;
              }
            }
          }
          if (!pass) for (i = 0; i < G * G; i++) start[i + 1] += start[i];
        }
        index = { G: G, b: b, start: start, items: items, box: box,
                  figures: new Float32Array(bytes(cells.figures).buffer), flags: bytes(cells.flags) };
        return index;
      }
      // The cell at a longitude, latitude: among those whose box holds it, the nearest box
      // centre; else (cells given as points) the nearest within two image pixels. -1 for none.
      function cellAt(lon, lat) {
        var ix = cellIndex();
        if (!ix) return -1;
        var bd = meta.bounds, sx = Math.max(bd[2] - bd[0], 1e-9), sy = Math.max(bd[3] - bd[1], 1e-9);
        var qx = (lon - bd[0]) / sx * 65535, qy = (lat - bd[1]) / sy * 65535;
        var ib = cells.image.bounds, tol = 2 * (ib[2] - ib[0]) / cells.image.width / sx * 65535;
        var best = -1, bestInside = false, bestD = Infinity;
        for (var y = ix.b(qy - tol); y <= ix.b(qy + tol); y++) {
          for (var x = ix.b(qx - tol); x <= ix.b(qx + tol); x++) {
            for (var k = ix.start[y * ix.G + x]; k < ix.start[y * ix.G + x + 1]; k++) {
              var i = ix.items[k], bx = ix.box;
              var inside = qx >= bx[4 * i] && qx <= bx[4 * i + 2] && qy >= bx[4 * i + 1] && qy <= bx[4 * i + 3];
              var dx = qx - (bx[4 * i] + bx[4 * i + 2]) / 2, dy = qy - (bx[4 * i + 1] + bx[4 * i + 3]) / 2;
              var d = Math.sqrt(dx * dx + dy * dy);
              if (!inside && (bestInside || d > tol)) continue;
              if ((inside && !bestInside) || d < bestD || (d === bestD && i < best)) { best = i; bestD = d; bestInside = inside; }
            }
          }
        }
        return best;
      }
      function cellFigures(i) {
        var f = index.figures;
        function m(v) { return Number.isNaN(v) ? null : v; }
        return { id: cells.ids[i], pop: f[4 * i], hall_minutes: m(f[4 * i + 1]), kiosk_minutes: m(f[4 * i + 2]),
                 gap_pop: f[4 * i + 3], gap: index.flags[i] === 1 };
      }
      // The pop-up content for a click at lon, lat on the cell layers, or null off the cells.
      function cellContent(lon, lat) {
        if (!cells.lookup) return cellPopup(null);
        var i = cellAt(lon, lat);
        return i < 0 ? null : cellPopup(cellFigures(i));
      }

      // Image layers: the page is ready when every image shown at the start has loaded.
      var pending = 1;
      function imageLoading() { pending++; }
      function imageLoaded(ok) {
        if (!ok) status.setAttribute('data-error', 'an image layer did not load');
        if (--pending === 0) finish();
      }
      // The gap-residents layer is shown at the start when the run has gap residents but no gap area.
      var showGapResidents = !!cells.gap_residents && gaps.features.length === 0 && !cells.gap_cells;

      // Title and legend.
      document.getElementById('title').textContent = meta.title;
      var legend = document.getElementById('legend');
      legend.appendChild(el('h2', null, 'Minutes to the nearest hall'));
      function legendRow(swatch, text) {
        var row = el('div', 'row');
        row.appendChild(swatch); row.appendChild(el('span', null, text));
        legend.appendChild(row);
      }
      function colourSwatch(colour) { var sw = el('span', 'sw'); sw.style.background = colour; return sw; }
      meta.classes.forEach(function (c) { legendRow(colourSwatch(c.colour), c.label); });
      if (cells.gap_residents) {
        legend.appendChild(el('h2', null, 'Gap residents per cell'));
        cells.gap_labels.forEach(function (label, k) { legendRow(colourSwatch(cells.gap_colours[k]), label); });
        legend.appendChild(el('div', null, 'residents of the cell with an item no channel completes within the thresholds' +
          (showGapResidents ? ' (shown: no cell reaches the gap-area share)' : ' (a layer in the switch)')));
      }
      legendRow(el('span', 'sw gap'), 'gap area: half or more of the residents lack a channel in reach (darkened, outlined)');
      legendRow(el('span', 'sw sub'), 'subdistrict');
      legend.appendChild(el('h2', null, 'Sites'));
      ['city', 'district', 'street', 'community'].forEach(function (tier) {
        var s = el('span', 'site hall'), box = el('span', 'sw');
        s.style.display = 'inline-block'; s.style.width = s.style.height = tierSize[tier] + 'px';
        box.appendChild(s); legendRow(box, tier + ' hall');
      });
      [['overloaded', 'overloaded hall'], ['kiosk', 'kiosk'], ['off', 'closed or without windows']].forEach(function (k) {
        var s = el('span', 'site ' + k[0]), box = el('span', 'sw');
        s.style.display = 'inline-block'; s.style.width = s.style.height = '9px';
        box.appendChild(s); legendRow(box, k[1]);
      });
      legend.appendChild(el('h2', null, 'This run'));
      var sm = meta.summary;
      [['residents', num(sm.population, 0) + ' in ' + num(sm.cells, 0) + ' cells'],
       ['within ' + num(meta.hall_threshold_minutes) + ' min of a hall', num(sm.share_within_hall_threshold * 100) + ' %'],
       ['gap population', num(sm.gap_population, 0)],
       ['halls / kiosks / overloaded', sm.halls + ' / ' + sm.kiosks + ' / ' + sm.overloaded_halls],
       ['travel', sm.travel]].forEach(function (r) { legend.appendChild(el('div', null, r[0] + ': ' + r[1])); });

      var bounds = meta.bounds;
      var drawn = { gaps: 0, sites: 0, subdistricts: 0 };
      var renderer, view;
      var osmCredit = 'Roads \u00a9 OpenStreetMap contributors, ODbL';

    """#

    /// Records what was drawn, answers a probe (see the type's comment), marks the page ready.
    static let finish = #"""

      function mercator(lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI; }
      function probe(lon, lat, then) {
        var i = cellAt(lon, lat);
        status.setAttribute('data-probe-cell', i < 0 ? 'none' : cells.ids[i]);
        if (i >= 0) status.setAttribute('data-probe-figures', JSON.stringify(cellFigures(i)));
        var at = view.screen(lon, lat);
        document.body.classList.add('probing');
        var top = document.elementFromPoint(at[0], at[1]);
        document.body.classList.remove('probing');
        status.setAttribute('data-probe-top', top ? (top.getAttribute('class') || top.tagName) : 'none');
        view.openCell(lon, lat);
        sample(cells.hall, 'data-probe-colour', lon, lat, function () {
          if (cells.gap_residents) sample(cells.gap_residents, 'data-probe-gap-colour', lon, lat, then); else then();
        });
      }
      // The colour of an image layer at lon, lat, as '#rrggbb' or 'transparent'.
      function sample(url, attribute, lon, lat, then) {
        var img = new Image();
        img.onload = function () {
          var ib = cells.image.bounds, W = cells.image.width, H = cells.image.height, p = (ib[2] - ib[0]) / W;
          var x = Math.floor((lon - ib[0]) / p), y = Math.floor((mercator(ib[3]) - mercator(lat)) / p);
          var c = document.createElement('canvas'); c.width = W; c.height = H;
          var g = c.getContext('2d'); g.drawImage(img, 0, 0);
          var d = g.getImageData(Math.max(0, Math.min(W - 1, x)), Math.max(0, Math.min(H - 1, y)), 1, 1).data;
          function h(v) { return (v < 16 ? '0' : '') + v.toString(16); }
          status.setAttribute(attribute, d[3] === 0 ? 'transparent' : '#' + h(d[0]) + h(d[1]) + h(d[2]));
          then();
        };
        img.onerror = function () { status.setAttribute(attribute, 'error'); then(); };
        img.src = url;
      }
      function ready() {
        status.setAttribute('data-drawn-ms', String(Math.round(performance.now())));
        if (status.getAttribute('data-state') === 'loading') status.setAttribute('data-state', 'ready');
      }
      function finish() {
        status.setAttribute('data-renderer', renderer);
        status.setAttribute('data-cells', String(cells.count));
        status.setAttribute('data-gaps', String(drawn.gaps));
        status.setAttribute('data-sites', String(drawn.sites));
        status.setAttribute('data-subdistricts', String(drawn.subdistricts));
        status.setAttribute('data-lookup', cells.lookup ? 'yes' : 'no');
        status.setAttribute('data-cell-layer', showGapResidents ? 'gap-residents' : 'hall');
        status.textContent = 'Drawn with ' + (renderer === 'leaflet' ? 'Leaflet' : 'plain SVG') + ': ' + cells.count + ' cells, ' +
          drawn.gaps + ' gap areas, ' + drawn.sites + ' sites, ' + drawn.subdistricts + ' subdistricts.';
        var m = /probe=(-?[0-9.]+),(-?[0-9.]+)/.exec(location.hash);
        if (m) probe(Number(m[1]), Number(m[2]), ready); else ready();
      }

      if (window.L && typeof L.map === 'function') drawLeaflet(); else drawSVG();
      imageLoaded(true);
    })();

    """#
}
