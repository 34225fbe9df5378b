// Live preview beside the article form: the public page rendered by the
// server from the unsaved form (articles/preview_admin.py), refreshed on
// demand and as you type. No framework; the pane's translated markup comes
// from the server, so nothing depends on the change form's own template.
function installLivePreview() {
  "use strict";
  const form = document.getElementById("article_form");
  if (!form) return;
  const url = location.pathname.replace(/(?:change|add)\/$/, "live-preview/");
  if (url === location.pathname) return;
  const DELAY = 700;
  let pane, frame, status, warnings, timer, sequence = 0;
  let choice = { language: "zh-hans", view: "" };

  function formData() {
    const data = new FormData(form);
    for (const [name, value] of [...data.entries()]) {
      if (value instanceof File) data.delete(name); // uploads are not previewed
    }
    return data;
  }

  function showWarnings(list) {
    warnings.replaceChildren();
    if (!list.length) return;
    const title = document.createElement("p");
    title.textContent = pane.dataset.warningsTitle;
    const items = document.createElement("ul");
    for (const warning of list) {
      for (const message of warning.messages) {
        const item = document.createElement("li");
        const label = document.createElement("a");
        label.href = `#id_${warning.field}`; // to the field at fault
        label.textContent = warning.label;
        item.append(label, ": ", message);
        items.append(item);
      }
    }
    warnings.append(title, items);
  }

  async function refresh() {
    clearTimeout(timer);
    const mine = ++sequence;
    status.textContent = pane.dataset.loading;
    const query = new URLSearchParams({ language: choice.language });
    if (choice.view) query.set("view", choice.view);
    try {
      const response = await fetch(`${url}?${query}`, {
        method: "POST",
        body: formData(),
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (mine !== sequence) return; // a newer refresh is on its way
      showWarnings(data.warnings);
      frame.srcdoc = data.html || `<p>${data.empty || ""}</p>`;
      status.textContent = data.empty || pane.dataset.updated;
      pane.dataset.state = "ready";
    } catch (error) {
      if (mine === sequence) status.textContent = pane.dataset.failed;
    }
  }

  function schedule() {
    if (pane.hidden) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY);
  }

  function toggle(open) {
    const button = document.querySelector(".live-preview-toggle");
    pane.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("live-preview-open", open);
    if (open) refresh();
  }

  async function install() {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const root = holder.firstElementChild;
    document.body.append(root);
    pane = root.querySelector(".live-preview");
    frame = pane.querySelector(".live-preview-frame");
    status = pane.querySelector(".live-preview-status");
    warnings = pane.querySelector(".live-preview-warnings");
    root.querySelector(".live-preview-toggle").addEventListener("click", () => toggle(pane.hidden));
    pane.querySelector(".live-preview-close").addEventListener("click", () => toggle(false));
    pane.querySelector(".live-preview-refresh").addEventListener("click", refresh);
    for (const button of pane.querySelectorAll(".live-preview-views button")) {
      button.addEventListener("click", () => {
        choice = { language: button.dataset.language, view: button.dataset.view };
        for (const other of pane.querySelectorAll(".live-preview-views button")) {
          other.setAttribute("aria-pressed", String(other === button));
        }
        refresh();
      });
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  }

  install();
}

// The admin loads form media in <head>, before the form exists.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", installLivePreview);
} else {
  installLivePreview();
}
