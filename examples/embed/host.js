// The host side of Agora's postMessage API (docs/EMBEDDING.md), as a course page would write
// it: one iframe, commands with ids answered by replies, and events. `window.agoraHost` is
// there for scripts (and the tests) to drive the lab: `await agoraHost.send('run')`.
(() => {
  const params = new URLSearchParams(location.search);
  const app = new URL(params.get('app') || 'http://127.0.0.1:8080/');
  const appOrigin = app.origin;
  const lab = params.get('lab') || 'bandits';
  const query = new URLSearchParams({ embed: '1' });
  for (const key of ['preset', 'hide', 'lock']) {
    if (params.get(key)) query.set(key, params.get(key));
  }
  // The lab answers only the origins its link lists: this page's, unless told otherwise.
  query.set('origins', params.get('origins') || location.origin);
  const frame = document.getElementById('lab');
  const log = document.querySelector('[data-testid="host-log"]');
  const stateEl = document.querySelector('[data-testid="host-state"]');
  const digestEl = document.querySelector('[data-testid="host-digest"]');
  const experimentEl = document.getElementById('experiment');

  const pending = new Map();
  const events = [];
  let nextId = 1;

  function note(text, error = false) {
    const li = document.createElement('li');
    li.textContent = text;
    if (error) li.className = 'error';
    log.append(li);
    log.scrollTop = log.scrollHeight;
  }

  // Replies and events come from the lab's origin only; anything else is ignored.
  window.addEventListener('message', (e) => {
    if (e.origin !== appOrigin || e.source !== frame.contentWindow) return;
    const m = e.data;
    if (!m || m.agora !== 1) return;
    if ('ok' in m && pending.has(m.id)) {
      const { resolve, reject, timer } = pending.get(m.id);
      clearTimeout(timer);
      pending.delete(m.id);
      if (m.ok) resolve(m.value);
      else reject(new Error(m.error));
      return;
    }
    if (!m.event) return;
    events.push(m);
    switch (m.event) {
      case 'ready':
        stateEl.textContent = `ready (${m.lab}, Agora ${m.version})`;
        note(`ready: the ${m.lab} lab`);
        break;
      case 'progress':
        stateEl.textContent = `${m.state}: ${m.done} of ${m.total} ${m.unit}`;
        break;
      case 'finished':
        stateEl.textContent = 'finished';
        digestEl.textContent = m.digest;
        note(`finished: digest ${m.digest}${m.reproduced === null ? '' : m.reproduced ? ', reproduced' : ', NOT reproduced'}`);
        break;
      case 'error':
        stateEl.textContent = 'error';
        note(`error: ${m.message}`, true);
        break;
      case 'changed':
        if (m.error) note(`changed: cannot run (${m.error.field}: ${m.error.message})`, true);
        break;
      default:
        note(`event ${m.event}`);
    }
  });

  /** Sends a command; resolves with the reply's value, rejects with its error. */
  function send(command, extra = {}, timeoutMs = 15000) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`no reply to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      frame.contentWindow.postMessage({ agora: 1, id, command, ...extra }, appOrigin);
    });
  }

  async function run(command, extra) {
    try {
      const value = await send(command, extra);
      if (command === 'getExperiment') experimentEl.value = JSON.stringify(value, null, 2);
      if (value && value.state) stateEl.textContent = value.state;
      note(`${command}: ok`);
      return value;
    } catch (e) {
      note(`${command}: ${e.message}`, true);
      throw e;
    }
  }

  for (const b of document.querySelectorAll('[data-command]')) {
    b.addEventListener('click', () => run(b.dataset.command).catch(() => {}));
  }
  document.getElementById('set').addEventListener('click', () => {
    let experiment;
    try {
      experiment = JSON.parse(experimentEl.value);
    } catch (e) {
      note(`the experiment is not JSON: ${e.message}`, true);
      return;
    }
    run('setExperiment', { experiment }).catch(() => {});
  });

  window.agoraHost = { send, events, appOrigin };
  frame.src = `${app.href.split('#')[0]}#/${lab}?${query.toString()}`;
})();
