extension MapScript {
    /// The Leaflet drawer: the cell layers as image overlays in a pane under everything, gap
    /// areas and outlines on a canvas, subdistrict names in a pane under the markers (a hall
    /// is never hidden under a name), sites as markers on top.
    static let leaflet = #"""
      function drawLeaflet() {
        renderer = 'leaflet';
        var map = L.map('map', { preferCanvas: true, zoomSnap: 0.25 });
        map.createPane('cells').style.zIndex = 350;
        map.createPane('labels').style.zIndex = 450;
        map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], { padding: [10, 10] });
        var ib = cells.image.bounds, imageBounds = [[ib[1], ib[0]], [ib[3], ib[2]]];
        function image(url, opacity, shown) {
          var layer = L.imageOverlay(url, imageBounds, { pane: 'cells', opacity: opacity, className: 'cell-image', interactive: false });
          if (shown) {
            imageLoading();
            layer.once('load', function () { imageLoaded(true); });
            layer.once('error', function () { imageLoaded(false); });
            layer.addTo(map);
          }
          return layer;
        }
        var cellLayer = image(cells.hall, 0.75, !showGapResidents);
        var gapResidentLayer = cells.gap_residents ? image(cells.gap_residents, 0.85, showGapResidents) : null;
        var popupAt = function (latlng) {
          var content = cellContent(latlng.lng, latlng.lat);
          if (content) L.popup().setLatLng(latlng).setContent(content).openOn(map);
        };
        map.on('click', function (e) {
          if (map.hasLayer(cellLayer) || (gapResidentLayer && map.hasLayer(gapResidentLayer))) popupAt(e.latlng);
        });
        var gapLayer = L.layerGroup().addTo(map);
        if (cells.gap_cells) image(cells.gap_cells, 0.45, false).addTo(gapLayer);
        var gapShapes = L.geoJSON(gaps, {
          style: function () { return { color: meta.gap_colour, weight: 2.5, fillColor: '#000', fillOpacity: 0.2, bubblingMouseEvents: false }; },
          pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 5, bubblingMouseEvents: false }); }
        }).addTo(gapLayer);
        gapShapes.on('click', function (e) {
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
            .bindTooltip(el('span', null, f.properties.name), { permanent: true, direction: 'center', className: 'sd-label', pane: 'labels' })
            .addTo(outlineLayer);
        });
        var siteLayer = L.geoJSON({ type: 'FeatureCollection', features: orderedSites }, {
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
          map.attributionControl.addAttribution('Roads &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors, ODbL');
        }
        var layers = { 'Cells: minutes to the nearest hall': cellLayer };
        if (gapResidentLayer) layers['Cells: gap residents'] = gapResidentLayer;
        layers['Gap areas'] = gapLayer;
        layers['Subdistricts'] = outlineLayer;
        layers['Sites'] = siteLayer;
        layers['OpenStreetMap tiles (needs a network)'] = tiles;
        L.control.layers(null, layers, { collapsed: false }).addTo(map);
        L.control.scale({ imperial: false }).addTo(map);
        drawn.gaps = gapShapes.getLayers().length;
        drawn.sites = siteLayer.getLayers().length;
        view = {
          screen: function (lon, lat) {
            var p = map.latLngToContainerPoint([lat, lon]), r = map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
          },
          openCell: function (lon, lat) { popupAt(L.latLng(lat, lon)); }
        };
      }

    """#
}
