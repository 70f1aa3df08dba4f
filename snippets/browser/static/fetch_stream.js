// Read a newline-delimited JSON stream with fetch() and show each item as it arrives.

// [start read-lines]
// Yield the lines of a response body one by one, as soon as each is complete.
async function* readLines(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    const lines = (pending + value).split("\n");
    pending = lines.pop(); // the text after the last newline is not a full line yet
    yield* lines;
  }
  if (pending) yield pending;
}
// [end read-lines]

// [start show]
const list = document.getElementById("items");
const status = document.getElementById("status");

async function showItems() {
  const response = await fetch(list.dataset.src);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  for await (const line of readLines(response)) {
    const item = JSON.parse(line);
    if (item.done) {
      status.textContent = "Done.";
      return;
    }
    const entry = document.createElement("li");
    entry.textContent = item.message; // text, never HTML
    list.append(entry);
    status.textContent = "Receiving…";
  }
  status.textContent = "The stream ended before it was complete.";
}

showItems().catch((error) => {
  status.textContent = `The stream failed: ${error.message}`;
});
// [end show]
