// Show every published message as it arrives; say so when the server reports an error.

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

// Two kinds of "error": an "event: error" frame from the server carries data;
// a failed or lost connection does not.
source.addEventListener("error", (event) => {
  if (event.data !== undefined) {
    source.close(); // the server has said why it stopped: do not retry at once
    status.textContent = JSON.parse(event.data).error;
  } else if (source.readyState === EventSource.CLOSED) {
    status.textContent = "The server is unavailable.";
  } else {
    status.textContent = "Connection lost, reconnecting…";
  }
});
// [end show]
