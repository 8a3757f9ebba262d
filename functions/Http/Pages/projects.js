(function () {
  'use strict';
  var element = document.getElementById('project-map');
  if (!element || !window.L) {
    return;
  }

  element.hidden = false;
  var brand = getComputedStyle(document.documentElement).getPropertyValue('--brand').trim() || '#2f5d34';
  var map = L.map(element, { worldCopyJump: true, minZoom: 1 }).setView([10, 20], 2);
  var credit = document.createElement(element.dataset.attributionUrl ? 'a' : 'span');
  credit.textContent = element.dataset.attribution;
  if (element.dataset.attributionUrl) {
    credit.href = element.dataset.attributionUrl;
  }

  L.tileLayer(element.dataset.tiles, { maxZoom: 12, attribution: credit.outerHTML }).addTo(map);
  fetch(element.dataset.geojson, { headers: { Accept: 'application/geo+json' } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (collection) {
      if (!collection || !Array.isArray(collection.features)) {
        return;
      }

      var markers = L.geoJSON(collection, {
        pointToLayer: function (feature, point) {
          return L.circleMarker(point, { radius: 7, color: '#ffffff', weight: 2, fillColor: brand, fillOpacity: 0.9 });
        },
        onEachFeature: function (feature, layer) {
          var id = String(feature.properties && feature.properties.id);
          if (!/^[0-9a-f]{32}$/.test(id)) {
            return;
          }

          var link = document.createElement('a');
          link.href = '/api/projects/' + id;
          link.textContent = String(feature.properties.title || id);
          layer.bindPopup(link);
        }
      }).addTo(map);
      var bounds = markers.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 7 });
      }
    })
    .catch(function () { });
}());
