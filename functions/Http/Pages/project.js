(function () {
  'use strict';
  var element = document.getElementById('project-map');
  if (!element || !window.L) {
    return;
  }

  var point = element.dataset.point.split(',').map(Number);
  if (point.length !== 2 || point.some(isNaN)) {
    return;
  }

  element.hidden = false;
  var brand = getComputedStyle(document.documentElement).getPropertyValue('--brand').trim() || '#2f5d34';
  var map = L.map(element, { scrollWheelZoom: false }).setView(point, Number(element.dataset.zoom) || 9);
  var credit = document.createElement(element.dataset.attributionUrl ? 'a' : 'span');
  credit.textContent = element.dataset.attribution;
  if (element.dataset.attributionUrl) {
    credit.href = element.dataset.attributionUrl;
  }

  L.tileLayer(element.dataset.tiles, { maxZoom: 16, attribution: credit.outerHTML }).addTo(map);
  var box = element.dataset.box ? element.dataset.box.split(',').map(Number) : [];
  if (box.length === 4 && !box.some(isNaN)) {
    var east = box[2] < box[0] ? box[2] + 360 : box[2];
    var bounds = L.latLngBounds([box[1], box[0]], [box[3], east]);
    L.rectangle(bounds, { color: brand, weight: 2, fillOpacity: 0.1, interactive: false }).addTo(map);
    map.fitBounds(bounds.extend(point), { padding: [24, 24], maxZoom: Number(element.dataset.zoom) || 9 });
  }

  L.circleMarker(point, { radius: 8, color: '#ffffff', weight: 2, fillColor: brand, fillOpacity: 0.9, interactive: false }).addTo(map);
}());
