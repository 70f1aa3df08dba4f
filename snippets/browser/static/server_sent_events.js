// Show Server-Sent Events as they arrive, and stop at the "done" event.

// [start show]
const list = document.getElementById("items");
const status = document.getElementById("status");
const source = new EventSource(list.dataset.src);

// Events without an "event:" line have the type "message".
source.addEventListener("message", (event) => {
  const entry = document.createElement("li");
  entry.textContent = JSON.parse(event.data).message; // text, never HTML
  list.append(entry);
  status.textContent = "Receiving…";
});

source.addEventListener("done", () => {
  source.close(); // otherwise EventSource reconnects when the response ends
  status.textContent = "Done.";
});

source.addEventListener("error", () => {
  status.textContent =
    source.readyState === EventSource.CLOSED
      ? "The stream failed."
      : "Connection lost, reconnecting…";
});
// [end show]
