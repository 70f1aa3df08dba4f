// Show the feed that the shared worker reads for every tab of this origin.

// [start tab]
const list = document.getElementById("items");
const status = document.getElementById("status");
const worker = new SharedWorker(list.dataset.worker);

worker.port.addEventListener("message", ({ data: message }) => {
  if (message.type === "open") status.textContent = "Connected.";
  if (message.type === "message") {
    const entry = document.createElement("li");
    entry.textContent = JSON.parse(message.data).message; // text, never HTML
    list.append(entry);
  }
  if (message.type === "reset") {
    list.replaceChildren();
    status.textContent = "Some messages were missed. Reload the page to see them.";
  }
  if (message.type === "end") status.textContent = "The feed has ended.";
  if (message.type === "error") {
    status.textContent = message.closed ? "The feed failed." : "Connection lost, reconnecting…";
  }
});
worker.port.start();
// Tell the worker to stop sending to this tab.
addEventListener("pagehide", () => worker.port.postMessage("bye"));
// [end tab]
