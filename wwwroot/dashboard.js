// Starts Blazor with reconnection that never gives up, and wires the copy buttons.
// Everything here is local: the dashboard must work on an air-gapped devnet.
(() => {
  "use strict";

  // Retry quickly first, then every 5 s, for as long as the page stays open: the monitor restarting
  // (a deploy, a crash) must not leave a dead page on the wall screen.
  const retryDelay = (previousAttempts) => Math.min(1000 * (previousAttempts + 1), 5000);

  Blazor.start({
    circuit: {
      reconnectionOptions: {
        maxRetries: 100000,
        retryIntervalMilliseconds: retryDelay,
      },
    },
  });

  const banner = document.getElementById("components-reconnect-modal");
  if (banner) {
    banner.addEventListener("components-reconnect-state-changed", (event) => {
      const state = event.detail && event.detail.state;
      document.documentElement.setAttribute("data-circuit", state === "hide" ? "connected" : "disconnected");
      if (state === "show") {
        const since = banner.querySelector("[data-reconnect-since]");
        if (since) {
          since.textContent = new Date().toLocaleTimeString();
        }
      } else if (state === "rejected") {
        // The server is back but does not know this circuit (it restarted): load a fresh page.
        location.reload();
      } else if (state === "failed") {
        // Retries exhausted (only after a very long outage): keep probing, reload once the server answers.
        const probe = setInterval(async () => {
          try {
            const resumed = await Blazor.reconnect();
            clearInterval(probe);
            if (!resumed) {
              location.reload();
            }
          } catch {
            // Still down; try again on the next tick.
          }
        }, 5000);
      }
    });
  }

  // Copy buttons: <button data-copy="0x…">. Clipboard API where allowed (localhost, https), else a hidden textarea.
  document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    const text = button.getAttribute("data-copy") || "";
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch {
      copied = false;
    }
    if (!copied) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        copied = document.execCommand("copy");
      } catch {
        copied = false;
      }
      area.remove();
    }
    button.setAttribute("data-copied", copied ? "yes" : "no");
    const status = document.getElementById("copy-status");
    if (status) {
      status.textContent = copied ? "Copied " + text : "Copy failed; select the text instead";
    }
    setTimeout(() => button.removeAttribute("data-copied"), 1500);
  });
})();
