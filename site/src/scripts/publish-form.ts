// Enhancements of the workspace's dataset form; the form works without them.
// - Upload progress: a post carrying a file is sent with XMLHttpRequest so a progress bar can move;
//   a file over the limit is refused before it is sent.
// - Inline validation: after a change, the fields are checked on the server by the same validators
//   the save uses (POST …/datasets/validate), and the messages appear beside the fields.
// - Places: typing a name in the search box above the places suggests administrative units.
// - Keywords: each keyword is shown as a chip that can be removed.
let form: HTMLFormElement | null = null;

function fieldBox(input: Element): HTMLElement | null {
  return input.closest<HTMLElement>('.odp-form__group');
}

function showErrors(errors: { input: string; message_vi: string; message_en: string }[]): void {
  if (!form) return;
  form.querySelectorAll('[data-odp-inline-error]').forEach((e) => e.remove());
  form.querySelectorAll('[data-odp-inline-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    e.removeAttribute('data-odp-inline-invalid');
  });
  for (const e of errors) {
    const input = form.querySelector(`[name="${CSS.escape(e.input)}"]`) ?? form.querySelector(`[name^="${CSS.escape(e.input)}."]`);
    const box = input && fieldBox(input);
    if (!input || !box) continue;
    const p = document.createElement('p');
    p.className = 'odp-form__error';
    p.dataset.odpInlineError = '';
    const vi = document.createElement('span');
    vi.lang = 'vi';
    vi.textContent = e.message_vi;
    const en = document.createElement('span');
    en.lang = 'en';
    en.textContent = e.message_en;
    p.append(vi, ' / ', en);
    box.insertBefore(p, input.closest('.odp-publish__pair') ?? input);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('data-odp-inline-invalid', '');
  }
}

// The form's address. Not `form.action`: the buttons named "action" shadow that property.
const actionOf = (f: HTMLFormElement) => new URL(f.getAttribute('action') ?? '', window.location.href).href;

// Only the fields the editor has changed get messages while typing; the rest wait for the save.
const touched = new Set<string>();
const isTouched = (input: string) => [...touched].some((t) => t === input || t.startsWith(`${input}.`) || input.startsWith(`${t}.`));

let timer: number | undefined;
function validateSoon(): void {
  if (!form) return;
  window.clearTimeout(timer);
  const f = form;
  timer = window.setTimeout(() => {
    const data = new FormData(f);
    data.delete('file');
    const url = actionOf(f).replace(/\/datasets\/(new|[^/]+\/)$/, '/datasets/validate');
    fetch(url, { method: 'POST', body: data, credentials: 'same-origin' })
      .then((r) => (r.ok ? (r.json() as Promise<{ errors: { input: string; message_vi: string; message_en: string }[] }>) : undefined))
      .then((r) => r && showErrors(r.errors.filter((e) => isTouched(e.input))))
      .catch(() => undefined);
  }, 600);
}

function sendWithProgress(submitter: HTMLButtonElement | null): void {
  const f = form;
  if (!f) return;
  const data = new FormData(f);
  if (submitter?.name) data.set(submitter.name, submitter.value);
  const bar = f.querySelector<HTMLProgressElement>('[data-odp-progress]');
  const xhr = new XMLHttpRequest();
  xhr.open('POST', actionOf(f));
  xhr.upload.addEventListener('progress', (e) => {
    if (bar && e.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round((e.loaded / e.total) * 100);
    }
  });
  xhr.addEventListener('load', () => {
    if (xhr.responseURL && xhr.responseURL !== actionOf(f)) {
      window.location.assign(xhr.responseURL);
      return;
    }
    // The page the server answered (the form again, with the file's check): shown in place, then enhanced again.
    const next = new DOMParser().parseFromString(xhr.responseText, 'text/html');
    document.title = next.title;
    document.body.replaceWith(next.body);
    enhance();
  });
  xhr.addEventListener('error', () => f.submit());
  xhr.send(data);
}

function enhance(): void {
  const f = document.querySelector<HTMLFormElement>('[data-odp-dataset-form]');
  form = f;
  if (!f) return;
  const file = f.querySelector<HTMLInputElement>('[data-odp-upload]');
  f.addEventListener('submit', (e) => {
    const chosen = file?.files?.[0];
    if (!chosen) return;
    const max = Number(file?.dataset.maxBytes ?? 0);
    if (max && chosen.size > max) {
      e.preventDefault();
      showErrors([{ input: 'file', message_vi: `Tệp lớn hơn giới hạn ${Math.floor(max / 1e6)} MB.`, message_en: `The file is larger than the ${Math.floor(max / 1e6)} MB limit.` }]);
      return;
    }
    e.preventDefault();
    sendWithProgress(e.submitter as HTMLButtonElement | null);
  });
  f.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.matches('[data-odp-upload]')) return;
    if (target.name) touched.add(target.name);
    validateSoon();
  });

  // Places: a search box with suggestions; a chosen place is added as a line of the field.
  for (const area of f.querySelectorAll<HTMLTextAreaElement>('[data-odp-places]')) {
    const box = document.createElement('input');
    const list = document.createElement('datalist');
    list.id = `${area.id}-suggestions`;
    box.type = 'search';
    box.id = `${area.id}-search`;
    box.setAttribute('list', list.id);
    box.setAttribute('autocomplete', 'off');
    const label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = document.documentElement.lang === 'en' ? 'Find a place by name' : 'Tìm địa danh theo tên';
    area.before(label, box, list);
    const url = actionOf(f).replace(/\/datasets\/(new|[^/]+\/)$/, '/places.json');
    let last = '';
    box.addEventListener('input', () => {
      const q = box.value.trim();
      const chosen = [...list.options].find((o) => o.value === box.value);
      if (chosen) {
        area.value = [...area.value.split('\n').filter((l) => l.trim()), chosen.value].join('\n');
        box.value = '';
        list.replaceChildren();
        validateSoon();
        return;
      }
      if (q.length < 2 || q === last) return;
      last = q;
      fetch(`${url}?q=${encodeURIComponent(q)}`)
        .then((r) => r.json() as Promise<{ text: string }[]>)
        .then((found) => list.replaceChildren(...found.map((f) => Object.assign(document.createElement('option'), { value: f.text }))))
        .catch(() => undefined);
    });
  }

  // Keywords as chips: the input stays the value sent; the chips show and remove its parts.
  for (const input of f.querySelectorAll<HTMLInputElement>('[data-odp-chips]')) {
    const chips = document.createElement('ul');
    chips.className = 'odp-publish__chips';
    input.after(chips);
    const draw = () => {
      const words = input.value
        .split(/[,\n]/)
        .map((w) => w.trim())
        .filter(Boolean);
      chips.replaceChildren(
        ...words.map((w, i) => {
          const li = document.createElement('li');
          li.className = 'odp-tag';
          li.textContent = w;
          const remove = document.createElement('button');
          remove.type = 'button';
          remove.className = 'odp-publish__chip-remove';
          remove.textContent = '×';
          remove.setAttribute('aria-label', `${document.documentElement.lang === 'en' ? 'Remove' : 'Bỏ'} ${w}`);
          remove.addEventListener('click', () => {
            input.value = words.filter((_, j) => j !== i).join(', ');
            draw();
            input.focus();
          });
          li.append(' ', remove);
          return li;
        }),
      );
    };
    input.addEventListener('input', draw);
    draw();
  }

  document.querySelector<HTMLElement>('[data-odp-error-summary]')?.focus();
}

enhance();
