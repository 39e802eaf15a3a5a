// Keeps the live part of an operator page current: asks once a second whether anything changed
// (the server answers 204 when nothing did) and swaps in what did. A row the operator is typing in
// is left as it is until they are done; nothing is moved, so focus stays where it was.
(function () {
  'use strict';
  var POLL_MS = 1000;

  function start() {
    var live = document.getElementById('live');
    if (!live || !window.fetch || !window.DOMParser) {
      return;
    }
    var version = live.getAttribute('data-version');
    var url = live.getAttribute('data-live');
    var stopped = false;

    function inUse(node) {
      if (node.contains(document.activeElement)) {
        return true;
      }
      var fields = node.querySelectorAll('input, select, textarea');
      for (var k = 0; k < fields.length; k++) {
        var f = fields[k];
        if (f.type === 'hidden') {
          continue;
        }
        if ((f.type === 'checkbox' || f.type === 'radio') ? f.checked !== f.defaultChecked
            : f.value !== f.defaultValue) {
          return true;
        }
      }
      return false;
    }

    function childByKey(parent, key) {
      for (var c = parent.firstElementChild; c; c = c.nextElementSibling) {
        if (c.getAttribute('data-key') === key) {
          return c;
        }
      }
      return null;
    }

    function patchParts(fresh) {
      var parts = fresh.querySelectorAll('[data-part]');
      for (var k = 0; k < parts.length; k++) {
        var name = parts[k].getAttribute('data-part');
        var old = live.querySelector('[data-part="' + name + '"]');
        if (old && old.innerHTML !== parts[k].innerHTML && !inUse(old)) {
          old.replaceWith(document.importNode(parts[k], true));
        }
      }
    }

    function patchKeyed(fresh) {
      var lists = fresh.querySelectorAll('[data-keys]');
      for (var k = 0; k < lists.length; k++) {
        var name = lists[k].getAttribute('data-keys');
        var target = live.querySelector('[data-keys="' + name + '"]');
        if (!target) {
          continue;
        }
        var wanted = [];
        for (var row = lists[k].firstElementChild; row; row = row.nextElementSibling) {
          var old = childByKey(target, row.getAttribute('data-key'));
          var keep = old && (old.getAttribute('data-stamp') === row.getAttribute('data-stamp')
              || inUse(old));
          wanted.push(keep ? old : document.importNode(row, true));
        }
        var present = Array.prototype.slice.call(target.children);
        for (var p = 0; p < present.length; p++) {
          if (wanted.indexOf(present[p]) < 0) {
            present[p].remove();
          }
        }
        var cursor = target.firstElementChild;
        for (var w = 0; w < wanted.length; w++) {
          if (wanted[w] === cursor) {
            cursor = cursor.nextElementSibling;
          } else {
            target.insertBefore(wanted[w], cursor);
          }
        }
      }
    }

    function poll() {
      if (stopped) {
        return;
      }
      if (document.hidden) {
        setTimeout(poll, POLL_MS);
        return;
      }
      var sep = url.indexOf('?') < 0 ? '?' : '&';
      fetch(url + sep + 'part=live&since=' + encodeURIComponent(version), {
        credentials: 'same-origin',
        headers: { 'Accept': 'text/html' }
      }).then(function (r) {
        if (r.status === 204) {
          return null;
        }
        if (!r.ok) {
          if (r.status === 401 || r.status === 404) {
            stopped = true;
          }
          return null;
        }
        var next = r.headers.get('X-Console-Version');
        return r.text().then(function (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html').body;
          patchParts(fresh);
          patchKeyed(fresh);
          if (next) {
            version = next;
            live.setAttribute('data-version', next);
          }
        });
      }).catch(function () {
        // The console is restarting or the network is down: try again at the next tick.
      }).then(function () {
        setTimeout(poll, POLL_MS);
      });
    }

    setTimeout(poll, POLL_MS);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
