// The site's only script: search and filters of the commitments table (index.html), and
// sorting of the institutions' comparison table (instituciones/index.html). Every page
// works without it: every row is in the HTML, in a sensible order.
// Its words come from the page (data- attributes the templates write in the site's
// language, «{n}» standing for a number), so this file is the same in every language.
(function () {
  "use strict";

  // The page's language, for sorting names as its readers expect.
  var lang = document.documentElement.lang || "es";

  // Text as the publisher folded it: without accents, case or extra spaces.
  function fold(s) {
    return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  // A text of the page with its «{name}» parts filled in (split and join: a value with
  // «$» is copied as it is).
  function fill(text, values) {
    var out = String(text || "");
    Object.keys(values).forEach(function (name) {
      out = out.split("{" + name + "}").join(String(values[name]));
    });
    return out;
  }

  // The page's sentence for a count: its singular form for 1, its plural one otherwise.
  function counted(element, one, many, n) {
    return fill(element.getAttribute(n === 1 ? one : many), {n: n});
  }

  // ---------------------------------------------------------------- search and filters
  function filters(form, table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var status = document.getElementById("filtros-estado");
    // With every row shown, the status says what the page already said.
    var everything = status.textContent;
    var index = {};
    try {
      JSON.parse(document.getElementById("indice-busqueda").textContent).forEach(function (e) {
        index[e.p] = e;
      });
    } catch (err) {
      index = {};
    }
    // Without an entry (a page changed by hand), a row is searched by its visible text.
    rows.forEach(function (row) {
      var entry = index[row.dataset.pagina];
      row.hdrTexto = entry ? entry.t : fold(row.textContent);
      row.hdrPartes = entry && entry.c ? entry.c : [];
    });

    function has(text, words) {
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    }

    // The parts (hitos, people) that say where a row matched: those holding a searched
    // word of three letters or more («de» or «la» would name them all), most words first.
    function matchingParts(row, words) {
      var telling = words.filter(function (w) { return w.length >= 3; });
      var scored = [];
      row.hdrPartes.forEach(function (part, i) {
        var n = telling.filter(function (w) { return part.t.indexOf(w) !== -1; }).length;
        if (n) { scored.push({part: part, n: n, i: i}); }
      });
      scored.sort(function (x, y) { return (y.n - x.n) || (x.i - y.i); });
      return scored.map(function (s) { return s.part; });
    }

    function showParts(row, parts) {
      var cell = row.querySelector(".c-nombre");
      var old = cell.querySelector(".coincidencias");
      // Unchanged, the list stays: a link being clicked is never swapped from under it.
      var key = parts.map(function (p) { return p.h; }).join(" ");
      if (old && old.getAttribute("data-clave") === key) { return; }
      if (old) { cell.removeChild(old); }
      if (!parts.length) { return; }
      var box = document.createElement("div");
      box.className = "coincidencias";
      box.setAttribute("data-clave", key);
      var title = document.createElement("span");
      title.textContent = form.getAttribute("data-coincide") || "";
      box.appendChild(title);
      var list = document.createElement("ul");
      parts.slice(0, 8).forEach(function (part) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        // Links the publisher wrote (compromisos/N.html#…): never another scheme.
        link.setAttribute("href", /^compromisos\/[^:]*$/.test(part.h) ? part.h : "#");
        // The plan's own words keep their language (data-idioma-contenido: only when
        // the page speaks another), so a screen reader pronounces them right.
        var written = form.getAttribute("data-idioma-contenido");
        if (written && part.s) {
          part.s.forEach(function (piece) {
            if (piece[1]) {
              var own = document.createElement("span");
              own.setAttribute("lang", written);
              own.textContent = piece[0];
              link.appendChild(own);
            } else {
              link.appendChild(document.createTextNode(piece[0]));
            }
          });
        } else {
          link.textContent = part.e;
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      if (parts.length > 8) {
        var more = document.createElement("li");
        more.textContent = counted(form, "data-mas-uno", "data-mas-varios", parts.length - 8);
        list.appendChild(more);
      }
      box.appendChild(list);
      cell.appendChild(box);
    }

    function estadoDe(value) {
      return String(value || "").replace(/-/g, "_");
    }

    function syncUrl() {
      var params = [];
      ["q", "estado", "institucion", "ods", "eje"].forEach(function (name) {
        var value = form.elements[name].value.trim();
        if (name === "estado") { value = value.replace(/_/g, "-"); }
        if (value) { params.push(name + "=" + encodeURIComponent(value).replace(/%20/g, "+")); }
      });
      var url = location.pathname + (params.length ? "?" + params.join("&") : "") + location.hash;
      try {
        history.replaceState(null, "", url);
      } catch (err) {
        // Some browsers refuse it on file://: the filter still works, only not in the URL.
      }
    }

    function apply() {
      var words = fold(form.elements.q.value).split(" ").filter(Boolean);
      var inst = form.elements.institucion.value;
      var est = estadoDe(form.elements.estado.value);
      var ods = form.elements.ods.value;
      var eje = form.elements.eje.value;
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var all = row.hdrTexto + " " + row.hdrPartes.map(function (p) { return p.t; }).join(" ");
        var ok = (!words.length || has(all, words)) &&
          (!inst || (" " + d.instituciones + " ").indexOf(" " + inst + " ") !== -1) &&
          (!est || d.estado === est) &&
          (!ods || (" " + d.ods + " ").indexOf(" " + ods + " ") !== -1) &&
          (!eje || d.eje === eje);
        row.hidden = !ok;
        showParts(row, ok && words.length ? matchingParts(row, words) : []);
        if (ok) { shown += 1; }
      });
      if (shown === rows.length) {
        status.textContent = everything;
      } else if (shown === 0) {
        status.textContent = status.getAttribute("data-ninguno") || "";
      } else {
        status.textContent = counted(status, "data-uno", "data-varios", shown);
      }
    }

    // A shared address (index.html?estado=con-rezago&q=salud) opens with its filter.
    function restore() {
      var params = new URLSearchParams(location.search);
      ["q", "estado", "institucion", "ods", "eje"].forEach(function (name) {
        var value = params.get(name);
        if (value === null) { return; }
        var field = form.elements[name];
        if (name === "estado") { value = estadoDe(value); }
        if (field.tagName === "SELECT") {
          var known = Array.prototype.some.call(field.options, function (o) {
            return o.value === value;
          });
          if (!known) { return; }
        }
        field.value = value;
      });
    }

    function update() { apply(); syncUrl(); }
    form.hidden = false;
    form.addEventListener("input", update);
    // Lists change on «change»; the search box already did on «input» (its «change» comes
    // when it loses focus, as when one of the listed links is clicked).
    form.addEventListener("change", function (e) {
      if (e.target.tagName === "SELECT") { update(); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    restore();
    apply();
  }

  // ------------------------------------------------------------------------ sorting
  function sorting(table) {
    var status = document.getElementById("orden-estado");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];

    function key(row, column) {
      var cell = row.cells[column];
      var value = cell.getAttribute("data-valor");
      return value === null ? fold(cell.textContent) : value;
    }

    function sortBy(column, direction) {
      var numeric = headers[column].hasAttribute("data-numerico");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, column);
        var y = key(b, column);
        if (numeric) {
          // Rows without a figure go last whatever the direction.
          if (x === "" || y === "") { return (x === "") - (y === ""); }
          var diff = parseFloat(x) - parseFloat(y);
          if (diff !== 0) { return direction === "ascending" ? diff : -diff; }
          return key(a, 0).localeCompare(key(b, 0), lang);
        }
        var order = x.localeCompare(y, lang);
        return direction === "ascending" ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      headers.forEach(function (th, i) {
        if (i === column) {
          th.setAttribute("aria-sort", direction);
        } else {
          th.removeAttribute("aria-sort");
        }
        var mark = th.querySelector(".orden");
        if (mark) { mark.textContent = i === column ? (direction === "ascending" ? " ▲" : " ▼") : ""; }
      });
      if (!status) { return; }
      // «ascending|descending» in words: the column's own, or the page's for numbers or text.
      var name = headers[column].querySelector("button").getAttribute("data-nombre");
      var own = (headers[column].getAttribute("data-palabras") || "").split("|");
      var words = own.length === 2 ? own
        : (status.getAttribute(numeric ? "data-numerico" : "data-texto") || "|").split("|");
      status.textContent = fill(status.getAttribute("data-frase"),
        {columna: name, orden: words[direction === "ascending" ? 0 : 1]});
    }

    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ordenar";
      button.setAttribute("data-nombre",
        th.getAttribute("data-nombre") || th.textContent.trim().toLowerCase());
      while (th.firstChild) { button.appendChild(th.firstChild); }
      var mark = document.createElement("span");
      mark.className = "orden";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var first = th.hasAttribute("data-numerico") ? "descending" : "ascending";
        var next = current === null ? first
          : (current === "ascending" ? "descending" : "ascending");
        sortBy(column, next);
      });
    });
    var sorted = headers.filter(function (th) { return th.hasAttribute("aria-sort"); })[0];
    if (sorted) {
      sorted.querySelector(".orden").textContent =
        sorted.getAttribute("aria-sort") === "ascending" ? " ▲" : " ▼";
    }
    table.classList.add("con-orden");
    var help = document.getElementById("orden-ayuda");
    if (help) { help.hidden = false; }
  }

  var form = document.getElementById("filtros");
  var commitments = document.getElementById("tabla-compromisos");
  if (form && commitments) { filters(form, commitments); }
  var institutions = document.getElementById("tabla-instituciones");
  if (institutions && institutions.tHead && institutions.tBodies.length) { sorting(institutions); }
}());
