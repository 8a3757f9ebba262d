// The upload page: posts the metadata to RequestDocumentUpload (session cookie + form token), shows refused fields
// beside them, then PUTs the file to the answered SAS URL with a progress bar. Texts come from the form's data-*.
// No blank lines: the page frame drops them, which would change the hash that the page's policy allows.
(() => {
  const form = document.getElementById('upload');
  if (!form || !window.fetch || !window.XMLHttpRequest) return;
  form.hidden = false;
  const text = form.dataset;
  const file = form.elements.file;
  const button = form.querySelector('button[type=submit]');
  const summary = document.getElementById('upload-errors');
  const row = document.getElementById('upload-progress-row');
  const bar = document.getElementById('upload-progress');
  const status = document.getElementById('upload-status');
  const kinds = Object.fromEntries(file.dataset.types.split(' ').map(pair => pair.split('=')));
  const fieldOf = { fileName: 'file', contentType: 'file', size: 'file' };
  const say = message => { status.textContent = message; };
  const value = name => form.elements[name].value.trim();
  const busy = on => { button.disabled = on; };
  const clear = () => {
    summary.hidden = true;
    summary.querySelector('ul').replaceChildren();
    form.querySelectorAll('[aria-invalid]').forEach(field => field.removeAttribute('aria-invalid'));
    form.querySelectorAll('.error').forEach(error => { error.textContent = ''; });
  };
  const show = errors => {
    const list = summary.querySelector('ul');
    for (const [name, messages] of Object.entries(errors)) {
      const id = fieldOf[name] || name;
      const field = document.getElementById(id);
      const error = document.getElementById(id + '-error');
      const message = [].concat(messages).join(' ');
      if (!field || !error) continue;
      field.setAttribute('aria-invalid', 'true');
      error.textContent = (error.textContent + ' ' + message).trim();
      const link = document.createElement('a');
      link.href = '#' + id;
      link.textContent = message;
      const item = document.createElement('li');
      item.append(link);
      list.append(item);
    }
    summary.hidden = false;
    summary.focus();
    say(text.fix);
  };
  const put = (chosen, upload) => {
    const request = new XMLHttpRequest();
    let announced = 0;
    request.open('PUT', upload.url);
    Object.entries(upload.headers).forEach(([name, header]) => request.setRequestHeader(name, header));
    bar.value = 0;
    row.hidden = false;
    request.upload.onprogress = event => {
      if (!event.lengthComputable) return;
      const percent = Math.floor(event.loaded * 100 / event.total);
      bar.value = percent;
      if (percent >= announced + 25) {
        announced = percent - percent % 25;
        say(text.percent.replace('{0}', percent));
      }
    };
    request.onload = () => {
      busy(false);
      if (request.status >= 200 && request.status < 300) {
        bar.value = 100;
        form.reset();
        say(text.done);
      } else {
        say(text.failed);
      }
    };
    request.onerror = () => { busy(false); say(text.failed); };
    request.send(chosen);
  };
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clear();
    const chosen = file.files[0];
    if (!chosen) return show({ file: [text.nofile] });
    if (chosen.size > Number(file.dataset.max)) return show({ file: [text.toolarge] });
    const extension = chosen.name.slice(chosen.name.lastIndexOf('.') + 1).toLowerCase();
    const body = {
      title: value('title'),
      description: value('description') || null,
      topics: [...form.querySelectorAll('input[name=topics]:checked')].map(box => box.value),
      documentType: value('documentType'),
      country: value('country') || null,
      language: value('language'),
      year: value('year') ? Number(value('year')) : null,
      projectName: value('projectName') || null,
      licence: value('licence') || null,
      fileName: chosen.name,
      contentType: kinds[extension] || chosen.type || null,
      size: chosen.size,
    };
    busy(true);
    row.hidden = true;
    say(text.sending);
    let answer;
    let json = {};
    try {
      answer = await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Form-Token': form.elements.formToken.value },
        body: JSON.stringify(body),
      });
      json = await answer.json().catch(() => ({}));
    } catch {
      busy(false);
      return say(text.failed);
    }
    if (answer.status === 201) return put(chosen, json.upload);
    busy(false);
    if (answer.status === 400 && json.errors) return show(json.errors);
    say(answer.status === 429 ? text.busy : answer.status === 401 || answer.status === 403 ? text.expired : text.failed);
  });
})();
