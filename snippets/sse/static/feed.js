// Show the feed's messages as they arrive; resume after a lost connection.

// [start show]
const list = document.getElementById("items");
const status = document.getElementById("status");
const source = new EventSource(list.dataset.src);

source.addEventListener("open", () => {
  status.textContent = "Connected.";
});

source.addEventListener("message", (event) => {
  const entry = document.createElement("li");
  entry.textContent = JSON.parse(event.data).message; // text, never HTML
  list.append(entry);
});

// The server could not resume after the last event we had: start afresh.
source.addEventListener("reset", () => {
  list.replaceChildren();
  status.textContent = "Some messages were missed. Reload the page to see them.";
});

source.addEventListener("end", () => {
  source.close(); // otherwise EventSource reconnects when the response ends
  status.textContent = "The feed has ended.";
});

// After a lost connection, EventSource reconnects by itself after the retry
// delay, and sends the id of the last event in the Last-Event-ID header.
source.addEventListener("error", () => {
  status.textContent =
    source.readyState === EventSource.CLOSED
      ? "The feed failed."
      : "Connection lost, reconnecting…";
});
// [end show]
