// regen-registry web app: the pages work without this script; with it, a filter applies as soon as it changes and
// empty fields stay out of the URL, so the address bar always reads as the search it shows.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const search = document.getElementById("search");
  if (!search) {
    return;
  }
  // a page shown again by back or forward shows the search of its URL, not the boxes the browser remembers ticking
  window.addEventListener("pageshow", () => {
    for (const field of search.elements) {
      if (field.type === "checkbox") {
        field.checked = field.defaultChecked;
      }
    }
  });
  search.addEventListener("submit", () => {
    for (const field of search.elements) {
      if (field.name && field.value === "" && !field.disabled) {
        field.disabled = true;
      }
    }
  });
  search.addEventListener("change", (event) => {
    const field = event.target;
    if (field.form !== search || field.name === "q" || field.type === "date" || field.type === "number"
        || field.type === "text") {
      return;
    }
    search.requestSubmit();
  });
});
