// Import page: drag and drop onto the file picker, upload progress, and progress of the checking
// and writing on the server (polled with htmx while the upload request runs).
(function () {
  "use strict";

  function token() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function showName(zone, input) {
    var label = zone.querySelector("[data-file-name]");
    if (label) {
      label.textContent = input.files.length ? input.files[0].name : "";
    }
    zone.classList.toggle("has-file", input.files.length > 0);
  }

  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) {
      event.preventDefault();
      zone.classList.add("dragging");
    }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) {
      zone.classList.remove("dragging");
    }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (!zone) {
      return;
    }
    event.preventDefault();
    zone.classList.remove("dragging");
    var input = zone.querySelector("input[type=file]");
    if (input && event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showName(zone, input);
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-dropzone] input[type=file]")) {
      showName(event.target.closest("[data-dropzone]"), event.target);
    }
  });

  // Before htmx sends the form: choose the token the server files the import under, and start
  // polling its progress.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "import-form") {
      return;
    }
    var value = token();
    form.querySelector("input[name=clientToken]").value = value;
    var result = document.getElementById("import-result");
    if (result) {
      result.innerHTML = "";
    }
    var status = document.getElementById("import-status");
    if (status && window.htmx) {
      var poller = document.createElement("div");
      poller.setAttribute("hx-get", form.getAttribute("data-progress-url") + "?token=" + encodeURIComponent(value));
      poller.setAttribute("hx-trigger", "load delay:500ms, every 1s");
      poller.setAttribute("hx-swap", "outerHTML");
      status.innerHTML = "";
      status.appendChild(poller);
      htmx.process(poller);
    }
    var bar = form.querySelector("[data-upload-progress]");
    if (bar) {
      bar.hidden = false;
      form.querySelector("[data-upload-bar]").value = 0;
    }
  }, true);

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("#import-form");
    if (form && event.detail.lengthComputable) {
      form.querySelector("[data-upload-bar]").value = Math.round(100 * event.detail.loaded / event.detail.total);
    }
  });

  // The session ended: the upload (if one was under way) was refused, and a file input cannot be
  // kept across the sign-in, so stop polling and say to choose the file again.
  window.Feedloop.start("#import-form", function (form) {
    window.Feedloop.onSignedOut(function () {
      var status = document.getElementById("import-status");
      if (status) {
        status.innerHTML = "";
      }
      var bar = form.querySelector("[data-upload-progress]");
      if (bar) {
        bar.hidden = true;
      }
    }, form.getAttribute("data-msg-signed-out"));
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.target.id !== "import-form") {
      return;
    }
    var status = document.getElementById("import-status");
    if (status) {
      status.innerHTML = "";
    }
    var bar = event.target.querySelector("[data-upload-progress]");
    if (bar) {
      bar.hidden = true;
    }
  });
})();
