/// The drawer of `map.html` when Leaflet was not available: the same layers as one SVG (the
/// cell layers as `<image>`s of the same images), with its own layer switch, pan (drag), zoom
/// (wheel) and pop-ups. Web Mercator, as Leaflet draws, so that the images fit the vectors.
enum MapScriptPlain {
    static let drawer = #"""
      function drawSVG() {
        renderer = 'svg';
        var NS = 'http://www.w3.org/2000/svg';
        var host = document.getElementById('map');
        var W = host.clientWidth || 900, H = host.clientHeight || 700, margin = 12;
        function merc(lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI; }
        var top = merc(bounds[3]);
        var spanX = Math.max(1e-6, bounds[2] - bounds[0]), spanY = Math.max(1e-6, top - merc(bounds[1]));
        var scale = Math.min((W - 2 * margin) / spanX, (H - 2 * margin) / spanY);
        var ox = (W - spanX * scale) / 2, oy = (H - spanY * scale) / 2;
        function px(c) { return [ox + (c[0] - bounds[0]) * scale, oy + (top - merc(c[1])) * scale]; }
        function lonLat(x, y) {
          var m = top - (y - oy) / scale;
          return [bounds[0] + (x - ox) / scale, (2 * Math.atan(Math.exp(m * Math.PI / 180)) - Math.PI / 2) * 180 / Math.PI];
        }
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
        var box = { x: 0, y: 0, w: W, h: H };
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
        ['cells', 'gapResidents', 'gaps', 'outlines', 'labels', 'sites'].forEach(function (name) {
          groups[name] = svgEl('g', { 'class': name }); svg.appendChild(groups[name]);
        });
        var ib = cells.image.bounds, sw = px([ib[0], ib[1]]), ne = px([ib[2], ib[3]]);
        function image(url, group, opacity) {
          var node = svgEl('image', { x: sw[0], y: ne[1], width: ne[0] - sw[0], height: sw[1] - ne[1],
                                      preserveAspectRatio: 'none', opacity: opacity });
          imageLoading();
          node.addEventListener('load', function () { imageLoaded(true); });
          node.addEventListener('error', function () { imageLoaded(false); });
          node.setAttribute('href', url);
          group.appendChild(node);
        }
        image(cells.hall, groups.cells, 0.75);
        if (cells.gap_residents) image(cells.gap_residents, groups.gapResidents, 0.85);
        if (cells.gap_cells) image(cells.gap_cells, groups.gaps, 0.45);
        groups[showGapResidents ? 'cells' : 'gapResidents'].style.display = 'none';
        svg.addEventListener('click', function (e) {
          if (groups.cells.style.display === 'none' && groups.gapResidents.style.display === 'none') return;
          var r = svg.getBoundingClientRect();
          var x = box.x + (e.clientX - r.left) / r.width * box.w, y = box.y + (e.clientY - r.top) / r.height * box.h;
          var ll = lonLat(x, y), content = cellContent(ll[0], ll[1]);
          var hr = host.getBoundingClientRect();
          if (content) showPopup(content, e.clientX - hr.left, e.clientY - hr.top);
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
        var colours = { hall: '#54278f', overloaded: '#d7301f', kiosk: '#2b8cbe', off: '#969696' };
        orderedSites.forEach(function (f) {
          var p = px(f.geometry.coordinates), s = siteSize(f.properties), node;
          if (f.properties.kind === 'kiosk') node = svgEl('circle', { cx: p[0], cy: p[1], r: s / 2 });
          else node = svgEl('rect', { x: p[0] - s / 2, y: p[1] - s / 2, width: s, height: s });
          node.setAttribute('fill', colours[siteClass(f.properties)]);
          node.setAttribute('class', 'site ' + siteClass(f.properties));
          clickable(node, function () { return sitePopup(f.properties); });
          groups.sites.appendChild(node); drawn.sites++;
        });
        host.appendChild(svg); host.appendChild(popup);

        // Layer switch.
        var layerSwitch = document.getElementById('switch');
        layerSwitch.appendChild(el('h2', null, 'Layers'));
        var entries = [['cells', 'Cells: minutes to the nearest hall']];
        if (cells.gap_residents) entries.push(['gapResidents', 'Cells: gap residents']);
        entries.push(['gaps', 'Gap areas'], ['outlines', 'Subdistricts'], ['sites', 'Sites']);
        entries.forEach(function (l) {
          var label = el('label'), check = el('input');
          check.type = 'checkbox'; check.checked = groups[l[0]].style.display !== 'none';
          check.addEventListener('change', function () {
            groups[l[0]].style.display = check.checked ? '' : 'none';
            if (l[0] === 'outlines') groups.labels.style.display = check.checked ? '' : 'none';
          });
          label.appendChild(check); label.appendChild(document.createTextNode(' ' + l[1]));
          layerSwitch.appendChild(label);
        });
        layerSwitch.appendChild(el('div', null, 'Drag to pan, wheel to zoom. (Leaflet was not available when this page was written: no tile layer.)'));
        if (meta.osm) layerSwitch.appendChild(el('div', null, osmCredit));

        function apply() { svg.setAttribute('viewBox', box.x + ' ' + box.y + ' ' + box.w + ' ' + box.h); }
        svg.addEventListener('wheel', function (e) {
          e.preventDefault();
          var r = svg.getBoundingClientRect(), f = e.deltaY < 0 ? 0.8 : 1.25;
          var mx = box.x + (e.clientX - r.left) / r.width * box.w, my = box.y + (e.clientY - r.top) / r.height * box.h;
          box.x = mx - (mx - box.x) * f; box.y = my - (my - box.y) * f; box.w *= f; box.h *= f;
          apply();
        }, { passive: false });
        var drag = null;
        svg.addEventListener('mousedown', function (e) { drag = { x: e.clientX, y: e.clientY, vx: box.x, vy: box.y }; });
        window.addEventListener('mouseup', function () { drag = null; });
        window.addEventListener('mousemove', function (e) {
          if (!drag) return;
          var r = svg.getBoundingClientRect();
          box.x = drag.vx - (e.clientX - drag.x) / r.width * box.w;
          box.y = drag.vy - (e.clientY - drag.y) / r.height * box.h;
          apply();
        });
        view = {
          screen: function (lon, lat) {
            var p = px([lon, lat]), r = svg.getBoundingClientRect();
            return [r.left + (p[0] - box.x) / box.w * r.width, r.top + (p[1] - box.y) / box.h * r.height];
          },
          openCell: function (lon, lat) {
            var content = cellContent(lon, lat), at = view.screen(lon, lat), hr = host.getBoundingClientRect();
            if (content) showPopup(content, at[0] - hr.left, at[1] - hr.top);
          }
        };
      }

    """#
}
