// Behaviour that would otherwise be inline handlers (the Content-Security-Policy
// allows no inline script): a <select data-autosubmit> submits its form on change.
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
});
// <button data-print> prints the page.
document.addEventListener("click", function (e) {
  var el = e.target && e.target.closest ? e.target.closest("[data-print]") : null;
  if (el) { e.preventDefault(); window.print(); }
});
