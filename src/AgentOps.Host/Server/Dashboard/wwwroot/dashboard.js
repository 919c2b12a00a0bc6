// AgentOps dashboard: live updates (server-sent events) and ticking SLA countdowns. No framework, no build step.
(function () {
  'use strict';

  var body = document.body;
  var serverOffset = Date.parse(body.dataset.now || '') - Date.now();
  if (isNaN(serverOffset)) { serverOffset = 0; }

  function duration(ms) {
    var minutes = Math.floor(ms / 60000);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor(minutes / 60);
    if (days >= 1) { return days + 'd' + (hours % 24) + 'h'; }
    if (hours >= 1) { return hours + 'h' + String(minutes % 60).padStart(2, '0') + 'm'; }
    return Math.max(0, minutes) + 'm';
  }

  // Same wording as SlaCountdown.Text on the server.
  function tick() {
    var now = Date.now() + serverOffset;
    document.querySelectorAll('time.countdown[data-deadline]').forEach(function (el) {
      var left = Date.parse(el.dataset.deadline) - now;
      var label = el.dataset.label;
      el.textContent = left >= 0 ? label + ' in ' + duration(left) : label + ' breached ' + duration(-left) + ' ago';
      el.classList.toggle('breached', left < 0);
      el.classList.toggle('running', left >= 0);
    });
  }

  var live = document.getElementById('live');
  function say(text) { if (live) { live.textContent = text; } }

  var refreshing = false;
  var pending = false;
  // Someone typing in a filter or a form keeps what they typed: the refresh waits until they leave the field.
  function busy() {
    var el = document.activeElement;
    return !!el && !!el.closest && !!el.closest('#main') && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
  }

  function refresh() {
    if (busy()) {
      document.activeElement.addEventListener('blur', function () { setTimeout(refresh, 0); }, { once: true });
      return;
    }
    if (refreshing) { pending = true; return; }
    refreshing = true;
    fetch(location.href, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.redirected || response.status === 401) { location.reload(); return null; }
        return response.text();
      })
      .then(function (html) {
        if (html === null) { return; }
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('main');
        var main = document.getElementById('main');
        if (fresh && main) {
          main.innerHTML = fresh.innerHTML;
          body.dataset.now = doc.body.dataset.now || body.dataset.now;
          serverOffset = Date.parse(body.dataset.now) - Date.now();
          body.dataset.updated = String(Number(body.dataset.updated || '0') + 1);
          say('updated ' + new Date().toLocaleTimeString());
          tick();
        }
      })
      .catch(function () { say('update failed, retrying'); })
      .finally(function () {
        refreshing = false;
        if (pending) { pending = false; refresh(); }
      });
  }

  var main = document.getElementById('main');
  if (main && main.dataset.events && window.EventSource) {
    var source = new EventSource(main.dataset.events);
    var connected = function () { body.dataset.live = 'connected'; say('live'); };
    source.addEventListener('open', connected);
    source.addEventListener('ready', connected);
    source.addEventListener('changed', refresh);
    source.addEventListener('error', function () { body.dataset.live = 'reconnecting'; say('reconnecting…'); });
  }

  tick();
  setInterval(tick, 30000);
})();
