// The older way: poll XMLHttpRequest.responseText on a timer. Prefer fetch().

// [start show]
const list = document.getElementById("items");
const status = document.getElementById("status");
const xhr = new XMLHttpRequest();
xhr.open("GET", list.dataset.src);
xhr.send();

let shown = 0; // how many lines are on the page already

function showNewLines() {
  // responseText holds the whole body so far, and it is split again every time.
  // The last piece is dropped: it is empty, or a line that is not complete yet.
  const lines = xhr.responseText.split("\n").slice(0, -1);
  for (const line of lines.slice(shown)) {
    const entry = document.createElement("li");
    entry.textContent = line; // text, never HTML
    list.append(entry);
  }
  shown = lines.length;
  if (shown) status.textContent = "Receiving…";
}

const timer = setInterval(() => {
  showNewLines();
  if (xhr.readyState === XMLHttpRequest.DONE) {
    clearInterval(timer);
    status.textContent = xhr.status === 200 ? "Done." : "The stream failed.";
  }
}, 250);
// [end show]
