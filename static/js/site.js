// Copy-link button: without JavaScript it is a plain link to the article.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.copy-link");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  const status = link.parentElement.querySelector(".copy-status");
  navigator.clipboard.writeText(link.href).then(
    () => { if (status) status.textContent = link.dataset.copied; },
    () => { window.location.href = link.href; },
  );
});
