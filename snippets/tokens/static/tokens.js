// POST a prompt, show the reply token by token as it arrives, and stop it on demand.

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

const form = document.getElementById("ask");
const sendButton = document.getElementById("send");
const stopButton = document.getElementById("stop");
const status = document.getElementById("status");
const answer = document.getElementById("answer");

// [start ask]
// Show the reply; return the status line: done, an error, or a cut stream.
async function ask(prompt, maxTokens, signal) {
  const response = await fetch(form.dataset.src, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ prompt, max_tokens: maxTokens }),
    signal, // abort() cancels the request and the reading of the body
  });
  if (!response.ok) {
    const { error } = await response.json(); // a 400 or 415 has a JSON body
    return `Refused: ${error}`;
  }
  for await (const line of readLines(response)) {
    const record = JSON.parse(line);
    if (record.token !== undefined) {
      answer.textContent += record.token; // text, never HTML
      status.textContent = "Receiving…";
    } else if (record.done) {
      return `Done: ${record.tokens} tokens.`;
    } else if (record.error !== undefined) {
      return `Error: ${record.error}`;
    }
  }
  // No final record: the server, or a proxy, cut the stream.
  return "The stream was cut before the end.";
}
// [end ask]

// [start stop]
let controller = null;

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  controller = new AbortController();
  sendButton.disabled = true; // one request at a time
  stopButton.disabled = false;
  answer.textContent = "";
  status.textContent = "Waiting for the first token…";
  const fields = new FormData(form);
  try {
    status.textContent = await ask(fields.get("prompt"), Number(fields.get("max_tokens")), controller.signal);
  } catch (error) {
    // abort() makes fetch() and reader.read() reject with an AbortError.
    status.textContent = error.name === "AbortError" ? "Stopped." : `The stream failed: ${error.message}`;
  } finally {
    stopButton.disabled = true;
    sendButton.disabled = false;
  }
});

stopButton.addEventListener("click", () => controller.abort());
// [end stop]
