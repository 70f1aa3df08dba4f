// A shared worker: one EventSource for every tab of this origin, whose
// events it passes on to each tab. Over HTTP/1.1 this keeps one connection
// busy, however many tabs show the feed.

// [start worker]
const tabs = new Set();
const source = new EventSource("/events");

function tell(message) {
  for (const port of tabs) port.postMessage(message);
}

source.addEventListener("open", () => tell({ type: "open" }));
for (const type of ["message", "reset", "end"]) {
  source.addEventListener(type, (event) => {
    if (type === "end") source.close();
    tell({ type, data: event.data });
  });
}
source.addEventListener("error", () => tell({ type: "error", closed: source.readyState === EventSource.CLOSED }));

// Each tab that creates a SharedWorker with this URL connects here.
self.addEventListener("connect", (event) => {
  const port = event.ports[0];
  tabs.add(port);
  port.addEventListener("message", (message) => {
    if (message.data === "bye") tabs.delete(port); // the tab is going away
  });
  port.start();
  if (source.readyState === EventSource.OPEN) port.postMessage({ type: "open" });
});
// [end worker]
