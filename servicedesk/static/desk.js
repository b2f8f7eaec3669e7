// Small progressive enhancement; every page works without it.
document.addEventListener("DOMContentLoaded", () => {
  // Picking a canned response fills the message box right away (the server also inserts it).
  const canned = document.querySelector("#reply-canned");
  const body = document.querySelector("#reply-body");
  if (canned && body && canned.dataset.bodies) {
    const bodies = JSON.parse(canned.dataset.bodies);
    canned.addEventListener("change", () => {
      const text = bodies[canned.value];
      if (text) { body.value = body.value.trim() ? `${body.value.trim()}\n\n${text}` : text; canned.value = ""; }
    });
  }
  // Catalog forms: hide fields whose shown-when condition does not hold.
  const conditional = document.querySelectorAll("[data-shown-when]");
  const refresh = () => conditional.forEach((box) => {
    const rule = JSON.parse(box.dataset.shownWhen);
    const inputs = document.querySelectorAll(`[name="f_${rule.field}"]`);
    const values = [...inputs].filter((i) => (i.type === "checkbox" || i.type === "radio") ? i.checked : true).map((i) => i.value);
    const wanted = rule.in || [rule.equals];
    box.hidden = !values.some((v) => wanted.includes(v));
  });
  if (conditional.length) { document.addEventListener("change", refresh); refresh(); }
});
