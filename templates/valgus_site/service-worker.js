{% autoescape off %}// valgus service worker (valgus_site/views.py). It keeps the static assets only: pages are
// always asked of the server, and one that cannot be reached offline gets the offline page.
"use strict";
const CACHE = "valgus-static-{{ version }}";
const STATIC_PREFIX = {{ static_prefix }};
const PRECACHE = {{ precache }};
const OFFLINE_PAGE = {{ offline }};

const isStatic = (url) => url.origin === self.location.origin && url.pathname.startsWith(STATIC_PREFIX);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("valgus-") && name !== CACHE).map((name) => caches.delete(name)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isStatic(url)) {
    // From the cache at once; refreshed from the server behind it.
    event.respondWith(caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(request, { ignoreSearch: true });
      const fresh = fetch(request).then((response) => {
        if (response.ok && response.type === "basic") cache.put(request, response.clone());
        return response;
      });
      if (cached) {
        event.waitUntil(fresh.catch(() => undefined));
        return cached;
      }
      return fresh;
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => new Response(OFFLINE_PAGE, {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    })));
  }
});
{% endautoescape %}
