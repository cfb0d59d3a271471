// Filtering of the commitments table. The page works without it: every row is in the HTML.
(function () {
  var form = document.getElementById("filtros");
  var table = document.getElementById("tabla-compromisos");
  if (!form || !table) { return; }
  form.hidden = false;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var status = document.getElementById("filtros-estado");
  function norm(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function apply() {
    var q = norm(form.elements.q.value).trim();
    var inst = form.elements.institucion.value;
    var est = form.elements.estado.value;
    var ods = form.elements.ods.value;
    var eje = form.elements.eje.value;
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!q || norm(d.texto).indexOf(q) !== -1) &&
        (!inst || (" " + d.instituciones + " ").indexOf(" " + inst + " ") !== -1) &&
        (!est || d.estado === est) &&
        (!ods || (" " + d.ods + " ").indexOf(" " + ods + " ") !== -1) &&
        (!eje || d.eje === eje);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    status.textContent = shown === rows.length
      ? "Se muestran los " + rows.length + " compromisos."
      : "Se muestran " + shown + " de " + rows.length + " compromisos.";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
}());
