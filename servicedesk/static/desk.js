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

  // Knowledge-base suggestions while typing a subject (the server also offers them without JS).
  document.querySelectorAll("[data-suggest-url]").forEach((input) => {
    const box = document.createElement("div");
    box.className = "suggestions";
    box.hidden = true;
    box.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", box);
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = input.value.trim();
        if (text.length < 3 || text === asked) { if (text.length < 3) box.hidden = true; return; }
        asked = text;
        const response = await fetch(`${input.dataset.suggestUrl}?q=${encodeURIComponent(text)}`, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const { articles } = await response.json();
        box.replaceChildren();
        if (!articles.length) { box.hidden = true; return; }
        const title = document.createElement("p");
        title.textContent = input.dataset.suggestTitle || "These articles may already answer it:";
        const list = document.createElement("ul");
        articles.forEach((article) => {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = article.url; link.textContent = article.title; link.target = "_blank"; link.rel = "noopener";
          item.append(link);
          list.append(item);
        });
        box.append(title, list);
        box.hidden = false;
      }, 250);
    });
  });
});
