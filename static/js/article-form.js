/* The article form: live character counters, tags as you type, and the
   publish-at time selecting "Schedule". No framework; the form works without it. */
(function () {
  "use strict";

  // ------------------------------------------------------------ counters
  // Counted as the server does: trimmed, in code points, a line break
  // submitted as "\r\n" (2).
  function length(text) {
    text = text.trim();
    return Array.from(text).length + (text.match(/\n/g) || []).length;
  }

  function addCounter(field) {
    var max = parseInt(field.getAttribute("data-counter-max"), 10);
    var counter = document.createElement("span");
    counter.className = "char-counter";
    counter.id = field.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var used = length(field.value);
      counter.textContent = used + " / " + max;
      counter.classList.toggle("over", used > max);
    }
    field.addEventListener("input", update);
    update();
  }

  // ------------------------------------------------------------ tags
  var SEPARATOR = /[,，、;；]/;

  function lastToken(value) {
    var parts = value.split(SEPARATOR);
    return parts[parts.length - 1].trim();
  }

  function replaceLastToken(value, name) {
    var match = value.match(/^(.*[,，、;；])?[^,，、;；]*$/s);
    var head = match && match[1] ? match[1].replace(/\s*$/, " ") : "";
    return head + name + ", ";
  }

  function tagCombobox(input) {
    var url = input.getAttribute("data-tag-suggest");
    var wrapper = document.createElement("div");
    wrapper.className = "tag-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = input.id + "_suggestions";
    list.className = "tag-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrapper.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1, timer = null, asked = "";

    function close() {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(name) {
      input.value = replaceLastToken(input.value, name);
      close();
      input.focus();
    }

    function highlight(index) {
      var options = list.querySelectorAll("li");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (options[index]) input.setAttribute("aria-activedescendant", options[index].id);
    }

    function show(token, results) {
      list.replaceChildren();
      var exact = false;
      results.forEach(function (tag, i) {
        var option = document.createElement("li");
        option.id = list.id + "_" + i;
        option.setAttribute("role", "option");
        option.dataset.name = tag.name;
        option.textContent = tag.name;
        if (tag.other && tag.other !== tag.name) {
          var other = document.createElement("span");
          other.className = "other";
          other.lang = "en";
          other.textContent = tag.other;
          option.appendChild(other);
        }
        if (tag.name.toLowerCase() === token.toLowerCase() ||
            (tag.other || "").toLowerCase() === token.toLowerCase()) exact = true;
        list.appendChild(option);
      });
      if (!exact) {
        var create = document.createElement("li");
        create.id = list.id + "_new";
        create.setAttribute("role", "option");
        create.dataset.name = token;
        create.textContent = (input.getAttribute("data-new-label") || "+") + " " + token;
        list.appendChild(create);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function ask() {
      var token = lastToken(input.value);
      if (!token) return close();
      if (token === asked && !list.hidden) return;
      asked = token;
      fetch(url + "?q=" + encodeURIComponent(token), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (lastToken(input.value) === token) show(token, data.results); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var options = list.querySelectorAll("li");
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + options.length) % options.length);
      } else if (event.key === "Enter") {
        // The highlighted suggestion, else the name as typed (found or made on save).
        event.preventDefault();
        choose(active >= 0 ? options[active].dataset.name : lastToken(input.value));
      } else if (event.key === "Tab" && active >= 0) {
        event.preventDefault();
        choose(options[active].dataset.name);
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("li");
      if (option) {
        event.preventDefault();
        choose(option.dataset.name);
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // ------------------------------------------------------------ publishing
  function scheduleOnTime(input) {
    input.addEventListener("input", function () {
      var schedule = document.querySelector('input[name="publishing"][value="schedule"]');
      if (input.value && schedule) schedule.checked = true;
    });
  }

  function init() {
    document.querySelectorAll("[data-counter-max]").forEach(addCounter);
    document.querySelectorAll("input[data-tag-suggest]").forEach(tagCombobox);
    var publishAt = document.getElementById("id_publish_at");
    if (publishAt) scheduleOnTime(publishAt);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
