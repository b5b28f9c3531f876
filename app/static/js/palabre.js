// Palabre: a little plain JavaScript on top of pages that work without it.
"use strict";

// Buttons carrying data-confirm ask before submitting their form.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Read-only fields holding a link select themselves when focused, ready to copy.
document.querySelectorAll("input.copy-field").forEach((input) => {
  input.addEventListener("focus", () => input.select());
});

// The amendment editor: a live preview of what changes, and a local draft of what is typed,
// kept in this browser until the amendment is saved, so that nothing typed is ever lost.
// Each tab keeps its own draft (its key ends with the tab's id, kept in sessionStorage): two
// tabs on one form never overwrite each other silently. A tab reloaded gets its own draft back;
// a draft left by another tab is offered, never put in place without asking, and a tab is told
// when the same form is being typed in another one.
(function amendmentEditor() {
  const editor = document.getElementById("amendment-editor");
  if (!editor) return;
  const textarea = editor.querySelector("textarea[name=markdown]");
  const diff = editor.querySelector("[data-role=diff]");
  const status = editor.querySelector(".editor__draft-status");
  const other = editor.querySelector(".editor__other-draft");
  const prefix = editor.dataset.draftKey;
  const key = `${prefix}:${tabId()}`;
  const fields = ["title", "markdown", "rationale"].map((name) => editor.elements[name]).filter(Boolean);
  let timer = null;
  // Back on the editor (e.g. a refused submission): the text is not saved yet, keep the draft.
  window.sessionStorage.removeItem("palabre-clear-draft");

  function tabId() {
    let id = window.sessionStorage.getItem("palabre-tab");
    if (!id) {
      id = Math.random().toString(36).slice(2, 10);
      window.sessionStorage.setItem("palabre-tab", id);
    }
    return id;
  }

  function read(storageKey) {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "null"); } catch (error) { return null; }
  }

  function differs(draft) {
    return fields.some((field) => draft[field.name] !== undefined && draft[field.name] !== field.value);
  }

  function put(draft) {
    fields.forEach((field) => { if (draft[field.name] !== undefined) field.value = draft[field.name]; });
  }

  function saveDraft() {
    const draft = {};
    fields.forEach((field) => { draft[field.name] = field.value; });
    draft.savedAt = new Date().toISOString();
    try {
      window.localStorage.setItem(key, JSON.stringify(draft));
      status.hidden = false;
      status.textContent = status.dataset.saved || "✓";
    } catch (error) { /* storage full or disabled: the server copy is the only one */ }
  }

  // The most recent draft of this form left by another tab (or before drafts had a tab).
  function otherDraft() {
    let found = null;
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const name = window.localStorage.key(i);
      if (name === key || (name !== prefix && !name.startsWith(`${prefix}:`))) continue;
      const draft = read(name);
      if (draft && differs(draft) && (!found || (draft.savedAt || "") > (found.draft.savedAt || ""))) {
        found = { name, draft };
      }
    }
    return found;
  }

  function offer(found) {
    if (!other || !found) return;
    const when = found.draft.savedAt ? new Date(found.draft.savedAt) : null;
    const locale = document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang;
    other.querySelector("[data-role=when]").textContent = when ? when.toLocaleString(locale, {
      day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }) : "";
    other.hidden = false;
    other.querySelector("[data-role=restore]").onclick = () => {
      put(found.draft);
      saveDraft();
      window.localStorage.removeItem(found.name);
      other.hidden = true;
      preview();
    };
    other.querySelector("[data-role=dismiss]").onclick = () => {
      window.localStorage.removeItem(found.name);
      other.hidden = true;
    };
  }

  function restoreDraft() {
    if (editor.dataset.hasErrors === "true") return; // the server gave back what was sent: it wins
    const own = read(key);
    if (own && differs(own)) {
      put(own);
      status.hidden = false;
      status.textContent = status.dataset.restored || "↺";
    }
    offer(otherDraft());
  }

  // Another tab types in the same form: say so, once; each keeps its own draft.
  window.addEventListener("storage", (event) => {
    if (!event.key || event.key === key || !event.key.startsWith(`${prefix}:`) || !event.newValue) return;
    status.hidden = false;
    status.textContent = status.dataset.otherTab || "⚠";
  });

  async function preview() {
    const body = new FormData(editor);
    body.delete("action");
    try {
      const response = await fetch(editor.dataset.previewUrl, {
        method: "POST", body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" },
      });
      if (!response.ok) return;
      const data = await response.json();
      diff.innerHTML = data.diff_html;
    } catch (error) { /* offline: the "Preview" button still works */ }
  }

  function changed() {
    saveDraft();
    window.clearTimeout(timer);
    timer = window.setTimeout(preview, 600);
  }

  restoreDraft();
  fields.forEach((field) => field.addEventListener("input", changed));
  editor.addEventListener("submit", (event) => {
    const action = event.submitter && event.submitter.value;
    if (action === "submit" || action === "draft") {
      // Forget the local copy only once the server has it: the next page load clears it.
      window.sessionStorage.setItem("palabre-clear-draft", key);
    }
  });
  if (textarea && textarea.value) preview();
})();

// After a successful save the server redirects to the amendment: drop the local draft then.
(function clearSavedDraft() {
  const key = window.sessionStorage.getItem("palabre-clear-draft");
  if (!key || !document.querySelector("article.amendment")) return;
  window.localStorage.removeItem(key);
  window.sessionStorage.removeItem("palabre-clear-draft");
})();

// The words someone selected, as they read them: without the visually hidden words that
// tell a screen reader where an insertion or a deletion starts ("[inserted: …]").
function selectedWords(selection) {
  if (!selection || !selection.rangeCount) return "";
  const copy = document.createElement("div");
  copy.appendChild(selection.getRangeAt(0).cloneContents());
  copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
  return copy.textContent.replace(/\s+/g, " ").trim();
}

// Below the selected words, but always inside the screen: on a phone a selection near the
// right edge would otherwise push the button off it.
function placeBelow(button, rect) {
  button.hidden = false;
  const margin = 8;
  const width = document.documentElement.clientWidth;
  const left = Math.max(margin, Math.min(rect.left, width - button.offsetWidth - margin));
  button.style.top = `${window.scrollY + rect.bottom + 6}px`;
  button.style.left = `${window.scrollX + left}px`;
}

// Passage-level comments: select words inside a clause and a button offers to comment on
// exactly them (the clause-level "comment" link works without JavaScript, and is the
// keyboard's way: its form has a field for the quoted words). The button is placed just
// after the clause's text, so that Tab from the selection reaches it first.
(function passageComments() {
  const clauses = document.querySelectorAll(".clause");
  if (!clauses.length) return;
  // In the page only while it leads somewhere: a link without an address, even hidden, is no link.
  const button = document.createElement("a");
  button.className = "button button--primary button--small selection-comment";
  button.textContent = document.documentElement.lang === "en" ? "Comment on this passage" : "Commenter ce passage";

  function clauseOf(node) {
    const element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest(".clause") : null;
  }

  function update() {
    const selection = window.getSelection();
    const text = selection ? selection.toString().trim() : "";
    const clause = selection && selection.rangeCount ? clauseOf(selection.anchorNode) : null;
    const link = clause && clause.querySelector("a[data-comment]");
    if (!text || !clause || !link || clauseOf(selection.focusNode) !== clause || text.length > 2000) {
      button.remove();
      return;
    }
    const rect = selection.getRangeAt(0).getBoundingClientRect();
    const url = new URL(link.href, window.location.href);
    url.searchParams.set("quote", text);
    button.href = url.toString();
    // Right after the clause's text: the next Tab from the selection reaches the button.
    const body = clause.querySelector(".clause__body");
    if (body && body.nextElementSibling !== button) body.after(button);
    placeBelow(button, rect);
  }

  document.addEventListener("selectionchange", () => window.requestAnimationFrame(update));
})();

// The words that the threads of a clause quote, highlighted in the clause's text once the threads
// are shown beside it (across bold or links: one <mark> per piece of text).
function markQuotes(clause, threads) {
  const body = clause && clause.querySelector(".clause__body");
  if (!body) return;
  body.querySelectorAll("mark.quote-mark").forEach((mark) => mark.replaceWith(...mark.childNodes));
  body.normalize();
  threads.querySelectorAll(".thread--open .comment__quote").forEach((quote) => markPhrase(body, quote.textContent));
}

function markPhrase(root, phrase) {
  const wanted = phrase.replace(/\s+/g, " ").trim();
  if (!wanted) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let text = "";
  const where = []; // for each character of `text`: its text node and offset
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.data.length; i += 1) {
      const ch = /\s/.test(node.data[i]) ? " " : node.data[i];
      if (ch === " " && text.endsWith(" ")) continue;
      text += ch;
      where.push([node, i]);
    }
  }
  const at = text.indexOf(wanted);
  if (at < 0) return;
  const pieces = new Map();
  for (let k = at; k < at + wanted.length; k += 1) {
    const [node, offset] = where[k];
    const piece = pieces.get(node) || [offset, offset];
    piece[1] = offset;
    pieces.set(node, piece);
  }
  pieces.forEach(([start, end], node) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end + 1);
    const mark = document.createElement("mark");
    mark.className = "quote-mark";
    range.surroundContents(mark);
  });
}

// The address of a clause's threads (a fragment for the margin), from that of its discussion page.
function threadsUrl(commentUrl) {
  return commentUrl.replace(/\/comments$/, "/threads");
}

// Commenting in the margin, in place: a click on the "comment" link (or the selection's button)
// opens a small form beside the clause; once published, the clause's threads load there, and the
// reader stays on the text. Without JavaScript the link leads to the clause's discussion page.
(function marginComments() {
  const template = document.getElementById("margin-comment-form");
  if (!template) return;

  async function showThreads(margin, url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) return;
    let box = margin.querySelector(".margin-threads > div, .margin-threads__list");
    if (!box) {
      box = document.createElement("div");
      box.className = "margin-threads__list";
      margin.appendChild(box);
    }
    box.innerHTML = await response.text();
    markQuotes(margin.closest(".clause"), box);
    const details = box.closest("details");
    if (details) { details.dataset.loaded = "yes"; details.open = true; }
  }

  function open(link) {
    const clause = link.closest(".clause");
    const margin = clause && clause.querySelector(".clause__margin");
    if (!margin) return false;
    const url = new URL(link.href, window.location.href);
    const quote = url.searchParams.get("quote") || "";
    url.search = "";
    margin.querySelectorAll("form.margin-comment").forEach((form) => form.remove());
    const form = template.content.firstElementChild.cloneNode(true);
    form.action = url.pathname;
    form.elements.clause_id.value = clause.id.replace(/^clause-/, "");
    form.elements.quote.value = quote;
    const shown = form.querySelector("[data-role=quote]");
    if (quote) { shown.textContent = quote; shown.hidden = false; }
    const menu = link.closest("details.clause-menu");
    const back = menu ? menu.querySelector("summary") : link; // the link itself is hidden once its menu closes
    if (menu) menu.open = false;
    form.querySelector("[data-role=cancel]").addEventListener("click", () => { form.remove(); back.focus(); });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = form.querySelector("[data-role=error]");
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .catch(() => null);
      if (!response || !response.ok) { error.hidden = false; return; }
      form.remove();
      await showThreads(margin, threadsUrl(url.pathname));
    });
    margin.appendChild(form);
    form.elements.body.focus();
    return true;
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-comment], a.selection-comment");
    // A pointer's click only (detail > 0): from the keyboard, the link leads to the clause's page,
    // whose form has a field for the quoted words (the keyboard's way to quote a passage).
    if (!link || !link.closest(".clause") || event.detail === 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (open(link)) event.preventDefault();
  });
})();

// On an amendment, selecting words of its diff offers to comment on exactly that passage:
// the quote goes into the discussion form below (which also works by hand, without JavaScript).
(function diffPassageComments() {
  const form = document.getElementById("amendment-comment-form");
  const diff = document.querySelector("article.amendment .diff");
  if (!form || !diff) return;
  const quote = form.querySelector("textarea[name=quote]");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--primary button--small selection-comment";
  button.hidden = true;
  button.textContent = document.documentElement.lang === "en" ? "Comment on this passage" : "Commenter ce passage";
  diff.after(button); // next in the Tab order after the selected words

  document.addEventListener("selectionchange", () => {
    const selection = window.getSelection();
    const text = selectedWords(selection);
    const inside = selection && selection.rangeCount && diff.contains(selection.anchorNode) && diff.contains(selection.focusNode);
    if (!text || !inside || text.length > 2000) { button.hidden = true; return; }
    button.dataset.quote = text;
    // Right after the changed clause holding the words: the next Tab from the selection (an unfolded
    // context further down has its own controls).
    const node = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    const row = node.closest(".diff-row, details.diff-fold") || diff;
    if (row.nextElementSibling !== button) row.after(button);
    placeBelow(button, selection.getRangeAt(0).getBoundingClientRect());
  });
  button.addEventListener("click", () => {
    quote.value = button.dataset.quote || "";
    button.hidden = true;
    form.scrollIntoView({ behavior: "smooth", block: "start" });
    form.querySelector("textarea[name=body]").focus();
  });
})();

// The threads in the text's margin load when opened: a text with hundreds of comments stays
// light. Without JavaScript the same place holds a link to the clause's discussion page, whose
// address gives theirs (the margin carries no second address per clause).
document.addEventListener("toggle", (event) => {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open || !details.matches(".clause__margin > .margin-threads")) return;
  if (details.dataset.loaded) return;
  const list = details.querySelector(":scope > div");
  const discussion = list && list.querySelector("a[href$='/comments']");
  if (!discussion) return;
  details.dataset.loaded = "loading";
  fetch(threadsUrl(new URL(discussion.href).pathname), { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
    .then((html) => {
      list.innerHTML = html;
      details.dataset.loaded = "yes";
      markQuotes(details.closest(".clause"), list);
    })
    .catch(() => { delete details.dataset.loaded; });
}, true);

// A ranked ballot: the selects of rank work alone; here they also say, as they change, the ranking
// they make ("1. Amendment 12 · 2. Amendment 13 = Current text"). The list is not reordered: moving
// the select being used would take the keyboard's focus away.
document.querySelectorAll("[data-ranking]").forEach((fieldset) => {
  const summary = fieldset.querySelector("[data-ranking-summary]");
  const list = fieldset.querySelector(".ranking__options");
  const items = Array.from(list.children);
  function update() {
    const ranks = new Map();
    items.forEach((item) => {
      const select = item.querySelector("select");
      if (!select.value) return;
      const rank = Number(select.value);
      ranks.set(rank, [...(ranks.get(rank) || []), select.dataset.option]);
    });
    const tiers = [...ranks.keys()].sort((a, b) => a - b).map((rank) => ranks.get(rank).join(" = "));
    summary.textContent = tiers.length
      ? `${summary.dataset.label} ${tiers.map((tier, n) => `${n + 1}. ${tier}`).join(" · ")}`
      : summary.dataset.empty;
  }
  summary.hidden = false;
  fieldset.addEventListener("change", update);
  update();
});

// A clause's menu (a <details> that works without JavaScript) closes with Escape, giving the focus
// back to its button, and when one clicks elsewhere; one menu is open at a time.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = document.activeElement && document.activeElement.closest("details.clause-menu[open]");
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.clause-menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.open = false;
  });
});
