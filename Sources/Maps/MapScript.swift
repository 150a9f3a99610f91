/// The fixed style and script of `map.html`. No input text is ever part of these: the page
/// reads the data from the JSON blocks and writes text only through `textContent`.
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

    static let page = #"""
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
        if (x === null || x === undefined) return '–';
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

      // Title and legend.
      document.getElementById('title').textContent = meta.title;
      var legend = document.getElementById('legend');
      legend.appendChild(el('h2', null, 'Minutes to the nearest hall'));
      meta.classes.forEach(function (c) {
        var row = el('div', 'row'), sw = el('span', 'sw');
        sw.style.background = c.colour;
        row.appendChild(sw); row.appendChild(el('span', null, c.label));
        legend.appendChild(row);
      });
      function legendRow(swatch, text) {
        var row = el('div', 'row');
        row.appendChild(swatch); row.appendChild(el('span', null, text));
        legend.appendChild(row);
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
      var drawn = { cells: 0, gaps: 0, sites: 0, subdistricts: 0 };
      var renderer;

      function drawLeaflet() {
        renderer = 'leaflet';
        var map = L.map('map', { preferCanvas: true, zoomSnap: 0.25 });
        map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], { padding: [10, 10] });
        var cellLayer = L.geoJSON(cells, {
          style: function (f) {
            var c = meta.classes[f.properties.k].colour;
            return { fillColor: c, color: c, weight: 0.3, fillOpacity: 0.75 };
          },
          pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 3 }); }
        }).addTo(map);
        cellLayer.on('click', function (e) {
          L.popup().setLatLng(e.latlng).setContent(cellPopup(e.layer.feature.properties)).openOn(map);
        });
        var gapLayer = L.geoJSON(gaps, {
          style: function () { return { color: meta.gap_colour, weight: 2.5, fillColor: '#000', fillOpacity: 0.2 }; },
          pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 5 }); }
        }).addTo(map);
        gapLayer.on('click', function (e) {
          L.popup().setLatLng(e.latlng).setContent(gapPopup(e.layer.feature.properties)).openOn(map);
        });
        var outlineLayer = L.layerGroup().addTo(map);
        L.geoJSON(outlines, {
          interactive: false,
          style: function (f) {
            return f.properties.role === 'boundary' ? { color: '#000', weight: 2.2, fill: false }
                                                    : { color: '#252525', weight: 1.3, dashArray: '5 3', fill: false };
          }
        }).addTo(outlineLayer);
        outlines.features.forEach(function (f) {
          if (f.properties.role !== 'subdistrict') return;
          drawn.subdistricts++;
          if (!f.properties.label) return;
          L.circleMarker([f.properties.label[1], f.properties.label[0]], { radius: 0, opacity: 0, fill: false, interactive: false })
            .bindTooltip(el('span', null, f.properties.name), { permanent: true, direction: 'center', className: 'sd-label' })
            .addTo(outlineLayer);
        });
        var order = { kiosk: 0, community: 1, street: 2, district: 3, city: 4 };
        var siteFeatures = sites.features.slice().sort(function (a, b) {
          return (order[a.properties.kind === 'kiosk' ? 'kiosk' : a.properties.tier] || 1) -
                 (order[b.properties.kind === 'kiosk' ? 'kiosk' : b.properties.tier] || 1);
        });
        var siteLayer = L.geoJSON({ type: 'FeatureCollection', features: siteFeatures }, {
          pointToLayer: function (f, ll) {
            var s = siteSize(f.properties);
            var icon = L.divIcon({ className: 'site ' + siteClass(f.properties), html: '', iconSize: [s, s] });
            return L.marker(ll, { icon: icon, keyboard: false });
          },
          onEachFeature: function (f, layer) { layer.bindPopup(function () { return sitePopup(f.properties); }); }
        }).addTo(map);
        var tiles = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
          maxZoom: 19,
          attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
        });
        if (meta.osm) {
          map.attributionControl.addAttribution('Roads &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors');
        }
        L.control.layers(null, {
          'Cells: minutes to the nearest hall': cellLayer,
          'Gap areas': gapLayer,
          'Subdistricts': outlineLayer,
          'Sites': siteLayer,
          'OpenStreetMap tiles (needs a network)': tiles
        }, { collapsed: false }).addTo(map);
        L.control.scale({ imperial: false }).addTo(map);
        drawn.cells = cellLayer.getLayers().length;
        drawn.gaps = gapLayer.getLayers().length;
        drawn.sites = siteLayer.getLayers().length;
      }

      // Without Leaflet: the same layers as SVG, with pan (drag), zoom (wheel) and pop-ups.
      function drawSVG() {
        renderer = 'svg';
        var NS = 'http://www.w3.org/2000/svg';
        var host = document.getElementById('map');
        var W = host.clientWidth || 900, H = host.clientHeight || 700, margin = 12;
        var k = Math.max(0.01, Math.cos((bounds[1] + bounds[3]) / 2 * Math.PI / 180));
        var spanX = Math.max(1e-6, (bounds[2] - bounds[0]) * k), spanY = Math.max(1e-6, bounds[3] - bounds[1]);
        var scale = Math.min((W - 2 * margin) / spanX, (H - 2 * margin) / spanY);
        var ox = (W - spanX * scale) / 2, oy = (H - spanY * scale) / 2;
        function px(c) { return [ox + (c[0] - bounds[0]) * k * scale, oy + (bounds[3] - c[1]) * scale]; }
        function ringD(ring) {
          var d = '';
          ring.forEach(function (c, i) { var p = px(c); d += (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1); });
          return d + 'Z';
        }
        function pathD(g) {
          var polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates, d = '';
          polys.forEach(function (poly) { poly.forEach(function (ring) { d += ringD(ring); }); });
          return d;
        }
        function svgEl(tag, attrs) {
          var e = document.createElementNS(NS, tag);
          Object.keys(attrs || {}).forEach(function (a) { e.setAttribute(a, attrs[a]); });
          return e;
        }
        var svg = svgEl('svg', { 'class': 'plain', viewBox: '0 0 ' + W + ' ' + H });
        var view = { x: 0, y: 0, w: W, h: H };
        var popup = el('div'); popup.id = 'popup'; popup.style.display = 'none';
        function showPopup(content, x, y) {
          popup.replaceChildren();
          var close = el('button', null, '×');
          close.addEventListener('click', function () { popup.style.display = 'none'; });
          popup.appendChild(close); popup.appendChild(content);
          popup.style.left = Math.min(x + 8, W - 310) + 'px'; popup.style.top = Math.max(0, y - 20) + 'px';
          popup.style.display = 'block';
        }
        function clickable(node, make) {
          node.addEventListener('click', function (e) {
            var r = host.getBoundingClientRect();
            showPopup(make(), e.clientX - r.left, e.clientY - r.top);
            e.stopPropagation();
          });
        }
        function shape(g, r) {
          if (!g) return null;
          if (g.type === 'Point') { var p = px(g.coordinates); return svgEl('circle', { cx: p[0], cy: p[1], r: r }); }
          return svgEl('path', { d: pathD(g) });
        }
        var groups = {};
        ['cells', 'gaps', 'outlines', 'sites', 'labels'].forEach(function (name) {
          groups[name] = svgEl('g', { 'class': name }); svg.appendChild(groups[name]);
        });
        cells.features.forEach(function (f) {
          var s = shape(f.geometry, 3); if (!s) return;
          var c = meta.classes[f.properties.k].colour;
          s.setAttribute('fill', c); s.setAttribute('stroke', c);
          clickable(s, function () { return cellPopup(f.properties); });
          groups.cells.appendChild(s); drawn.cells++;
        });
        gaps.features.forEach(function (f) {
          var s = shape(f.geometry, 5); if (!s) return;
          clickable(s, function () { return gapPopup(f.properties); });
          groups.gaps.appendChild(s); drawn.gaps++;
        });
        outlines.features.forEach(function (f) {
          var s = shape(f.geometry, 0); if (!s) return;
          if (f.properties.role === 'boundary') { s.setAttribute('class', 'boundary'); groups.outlines.appendChild(s); return; }
          groups.outlines.appendChild(s); drawn.subdistricts++;
          if (f.properties.label) {
            var p = px(f.properties.label), t = svgEl('text', { x: p[0], y: p[1] });
            t.textContent = f.properties.name;
            groups.labels.appendChild(t);
          }
        });
        var order = { community: 1, street: 2, district: 3, city: 4 };
        sites.features.slice().sort(function (a, b) {
          var ra = a.properties.kind === 'kiosk' ? 0 : (order[a.properties.tier] || 1);
          var rb = b.properties.kind === 'kiosk' ? 0 : (order[b.properties.tier] || 1);
          return ra - rb;
        }).forEach(function (f) {
          var p = px(f.geometry.coordinates), s = siteSize(f.properties), node;
          var colours = { hall: '#54278f', overloaded: '#d7301f', kiosk: '#2b8cbe', off: '#969696' };
          if (f.properties.kind === 'kiosk') node = svgEl('circle', { cx: p[0], cy: p[1], r: s / 2 });
          else node = svgEl('rect', { x: p[0] - s / 2, y: p[1] - s / 2, width: s, height: s });
          node.setAttribute('fill', colours[siteClass(f.properties)]);
          clickable(node, function () { return sitePopup(f.properties); });
          groups.sites.appendChild(node); drawn.sites++;
        });
        host.appendChild(svg); host.appendChild(popup);

        // Layer switch.
        var sw = document.getElementById('switch');
        sw.appendChild(el('h2', null, 'Layers'));
        [['cells', 'Cells: minutes to the nearest hall'], ['gaps', 'Gap areas'], ['outlines', 'Subdistricts'],
         ['sites', 'Sites']].forEach(function (l) {
          var label = el('label'), box = el('input');
          box.type = 'checkbox'; box.checked = true;
          box.addEventListener('change', function () {
            groups[l[0]].style.display = box.checked ? '' : 'none';
            if (l[0] === 'outlines') groups.labels.style.display = box.checked ? '' : 'none';
          });
          label.appendChild(box); label.appendChild(document.createTextNode(' ' + l[1]));
          sw.appendChild(label);
        });
        sw.appendChild(el('div', null, 'Drag to pan, wheel to zoom. (Leaflet was not available when this page was written: no tile layer.)'));
        if (meta.osm) sw.appendChild(el('div', null, 'Roads © OpenStreetMap contributors'));

        function apply() { svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h); }
        svg.addEventListener('wheel', function (e) {
          e.preventDefault();
          var r = svg.getBoundingClientRect(), f = e.deltaY < 0 ? 0.8 : 1.25;
          var mx = view.x + (e.clientX - r.left) / r.width * view.w, my = view.y + (e.clientY - r.top) / r.height * view.h;
          view.x = mx - (mx - view.x) * f; view.y = my - (my - view.y) * f; view.w *= f; view.h *= f;
          apply();
        }, { passive: false });
        var drag = null;
        svg.addEventListener('mousedown', function (e) { drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y }; });
        window.addEventListener('mouseup', function () { drag = null; });
        window.addEventListener('mousemove', function (e) {
          if (!drag) return;
          var r = svg.getBoundingClientRect();
          view.x = drag.vx - (e.clientX - drag.x) / r.width * view.w;
          view.y = drag.vy - (e.clientY - drag.y) / r.height * view.h;
          apply();
        });
      }

      if (window.L && typeof L.map === 'function') drawLeaflet(); else drawSVG();
      status.setAttribute('data-renderer', renderer);
      status.setAttribute('data-cells', String(drawn.cells));
      status.setAttribute('data-gaps', String(drawn.gaps));
      status.setAttribute('data-sites', String(drawn.sites));
      status.setAttribute('data-subdistricts', String(drawn.subdistricts));
      if (status.getAttribute('data-state') === 'loading') status.setAttribute('data-state', 'ready');
      status.textContent = 'Drawn with ' + (renderer === 'leaflet' ? 'Leaflet' : 'plain SVG') + ': ' + drawn.cells + ' cells, ' +
        drawn.gaps + ' gap areas, ' + drawn.sites + ' sites, ' + drawn.subdistricts + ' subdistricts.';
    })();

    """#
}
