// deno-lint-ignore-file no-window -- page script: in the browser `window` is the global
// Edit me while examples/hot_reload.ts runs: the page reloads and keeps its scroll position.
window.version = 1;
document.getElementById("version").textContent = `script version ${window.version}`;
let clicks = 0;
document.getElementById("click").onclick = () => {
  document.getElementById("clicks").textContent = `${++clicks} clicks (kept across CSS edits)`;
};
