// FakeMail web page: plain JavaScript, no framework, no build step, nothing from outside the jar.
// It runs under the page's Content-Security-Policy (script-src 'self', style-src 'self'), so it
// never uses eval, inline handlers or style attributes. Message data only ever reaches the DOM
// through textContent and attribute setters: never innerHTML.
'use strict';

(function () {
  const API = '/api/v1';
  /** Newest messages shown at once; the count line says when there are more. */
  const LIST_LIMIT = 200;
  /** Characters of the raw source shown in the Raw tab; the download has all of it. */
  const RAW_SHOW_LIMIT = 1024 * 1024;
  /** Longest wait between two attempts to reconnect the event stream. */
  const MAX_RETRY_MS = 30000;
  /** Query keys and the API filter parameter each maps to. */
  const QUERY_KEYS = {
    to: 'to',
    from: 'from',
    cc: 'cc',
    subject: 'subject',
    text: 'textContains',
    html: 'htmlContains',
    header: 'header',
    inbox: 'inbox',
  };
  const TABS = ['html', 'text', 'headers', 'raw', 'attachments', 'envelope', 'session'];

  const $ = (id) => document.getElementById(id);
  const state = {
    filter: [], // [[param, value], ...] from the search box
    listLoaded: false,
    total: 0,
    shown: [], // ids in list order
    selectedId: null,
    detail: null,
    tab: 'html',
    rawLoadedFor: null,
    sessionLoadedFor: null,
    sessionsSeq: 0,
    events: null,
    retries: 0,
    reloadTimer: null,
    listSeq: 0,
    detailSeq: 0,
    smtp: null, // "host:port" for the empty state, from /readyz
  };

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function messageUrl(id) {
    return API + '/messages/' + encodeURIComponent(id);
  }

  function formatAddress(a) {
    if (!a) return '';
    return a.name ? a.name + ' <' + a.address + '>' : a.address;
  }

  function formatAddresses(list) {
    return (list || []).map(formatAddress).join(', ');
  }

  function formatSize(bytes) {
    if (bytes === null || bytes === undefined) return '';
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
    return (bytes / (1024 * 1024)).toFixed(1) + ' MB';
  }

  function formatTime(iso, long) {
    const d = new Date(iso);
    if (isNaN(d.getTime())) return iso || '';
    const now = new Date();
    if (!long && d.toDateString() === now.toDateString()) {
      return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    }
    return d.toLocaleString([], {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  /** Shows a message in the alert line (empty text hides it); source 'search' marks a query error. */
  function showNotice(text, source) {
    const notice = $('notice');
    notice.textContent = text;
    notice.dataset.source = source || '';
    notice.hidden = !text;
  }

  /** The text a failed response explains itself with: a problem's detail, or its status. */
  async function problemText(response, what) {
    let detail = '';
    try {
      const body = await response.json();
      detail = body.detail || body.title || '';
    } catch (e) {
      // not JSON: the status says enough
    }
    return what + ' failed (HTTP ' + response.status + ')' + (detail ? ': ' + detail : '.');
  }

  // ---------------------------------------------------------------------------------------------
  // The search box: words search the subject; key:value pairs map to the API's filter parameters.

  /** Returns {params: [[name, value]...]} or {error: 'text'}. */
  function parseQuery(query) {
    const params = [];
    const words = [];
    let i = 0;
    const n = query.length;
    const readValue = () => {
      if (query[i] === '"') {
        const end = query.indexOf('"', i + 1);
        if (end < 0) return { error: 'A quote is not closed: add the closing ".' };
        const value = query.slice(i + 1, end);
        i = end + 1;
        return { value };
      }
      let end = i;
      while (end < n && !/\s/.test(query[end])) end++;
      const value = query.slice(i, end);
      i = end;
      return { value };
    };
    while (i < n) {
      if (/\s/.test(query[i])) {
        i++;
        continue;
      }
      const key = /^([A-Za-z]+):/.exec(query.slice(i));
      if (key && Object.prototype.hasOwnProperty.call(QUERY_KEYS, key[1].toLowerCase())) {
        const name = key[1].toLowerCase();
        i += key[0].length;
        const read = readValue();
        if (read.error) return read;
        const value = read.value.trim();
        if (!value) return { error: 'Give a value after ' + name + ': (for example ' + name + ':something).' };
        if (name === 'header' && value.indexOf(':') < 1) {
          return { error: 'header: needs a name and a value, for example header:"X-Campaign: spring".' };
        }
        params.push([QUERY_KEYS[name], value]);
      } else {
        const read = readValue();
        if (read.error) return read;
        if (read.value) words.push(read.value);
      }
    }
    if (words.length) params.push(['subjectContains', words.join(' ')]);
    return { params };
  }

  function applySearch(query) {
    const parsed = parseQuery(query);
    const input = $('search-input');
    if (parsed.error) {
      input.setAttribute('aria-invalid', 'true');
      showNotice(parsed.error, 'search');
      return;
    }
    input.removeAttribute('aria-invalid');
    showNotice('');
    state.filter = parsed.params;
    $('search-clear').hidden = parsed.params.length === 0;
    $('delete-all').textContent = parsed.params.length ? 'Delete matching' : 'Delete all';
    loadList();
  }

  function filterQueryString(extra) {
    const params = new URLSearchParams();
    state.filter.forEach(([k, v]) => params.append(k, v));
    (extra || []).forEach(([k, v]) => params.append(k, v));
    return params.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The message list

  async function loadList() {
    const seq = ++state.listSeq;
    let response;
    try {
      response = await fetch(
        API + '/messages?' + filterQueryString([['order', 'newest'], ['limit', String(LIST_LIMIT)]]),
        { headers: { Accept: 'application/json' } });
    } catch (e) {
      if (seq === state.listSeq) showNotice('Cannot reach the FakeMail server: ' + e.message);
      return;
    }
    if (seq !== state.listSeq) return;
    if (!response.ok) {
      showNotice(await problemText(response, 'Listing messages'));
      return;
    }
    const body = await response.json();
    if (seq !== state.listSeq) return;
    if ($('notice').dataset.source !== 'search') showNotice('');
    renderList(body);
  }

  /** Reloads the list soon, coalescing a burst of events into one request. */
  function scheduleReload(delayMs) {
    if (state.reloadTimer !== null) return;
    state.reloadTimer = setTimeout(() => {
      state.reloadTimer = null;
      loadList();
    }, delayMs);
  }

  function renderList(body) {
    const list = $('message-list');
    const focusedId =
      document.activeElement && document.activeElement.classList.contains('msg')
        ? document.activeElement.dataset.id
        : null;
    const items = body.messages.map(renderSummary);
    list.replaceChildren(...items);
    state.listLoaded = true;
    state.total = body.total;
    state.shown = body.messages.map((m) => m.id);

    $('list-count').textContent = body.total > 0 ? '(' + body.total + ')' : '';
    const more = $('list-more');
    more.hidden = body.total <= body.messages.length;
    more.textContent =
      'Showing the newest ' + body.messages.length + ' of ' + body.total +
      ' messages; narrow the search to see the others.';
    renderEmptyState(body.total === 0);
    if (focusedId) {
      const again = list.querySelector('.msg[data-id="' + CSS.escape(focusedId) + '"]');
      if (again) again.focus();
    }
  }

  function renderEmptyState(empty) {
    const empty_ = $('empty-state');
    empty_.hidden = !empty;
    $('message-list').hidden = empty;
    if (!empty) return;
    if (state.filter.length) {
      empty_.textContent = 'No messages match this search.';
    } else {
      empty_.textContent =
        'No messages yet. Point your application\'s SMTP settings at ' +
        (state.smtp || 'this server\'s SMTP port') +
        ': every message it sends appears here at once.';
    }
  }

  function renderSummary(m) {
    const li = el('li', 'msg-item');
    const button = el('button', 'msg');
    button.type = 'button';
    button.dataset.id = m.id;
    if (m.id === state.selectedId) button.setAttribute('aria-current', 'true');

    const from = (m.from && m.from[0]) || null;
    const top = el('span', 'msg-line msg-top');
    const fromText = el('span', 'msg-from', from ? from.name || from.address : '(no sender)');
    if (from) fromText.title = formatAddress(from);
    const time = el('time', 'msg-time', formatTime(m.receivedAt));
    time.dateTime = m.receivedAt;
    time.title = formatTime(m.receivedAt, true);
    top.append(fromText, time);

    const middle = el('span', 'msg-line msg-middle');
    const subject = el('span', 'msg-subject', m.subject ? m.subject : '(no subject)');
    if (!m.subject) subject.classList.add('missing');
    middle.append(subject);

    const bottom = el('span', 'msg-line msg-bottom');
    const recipients = (m.to && m.to.length ? m.to : []).map((a) => a.address);
    const envelopeRecipients = (m.envelope && m.envelope.recipients) || [];
    const toText = recipients.length ? recipients.join(', ') : envelopeRecipients.join(', ');
    const to = el('span', 'msg-to', 'to ' + (toText || '(no recipient)'));
    to.title = toText;
    const size = el('span', 'msg-size', formatSize(m.size));
    bottom.append(to, size);
    if (m.attachmentCount > 0) {
      const att = el('span', 'msg-att', String(m.attachmentCount));
      att.title = plural(m.attachmentCount, 'attachment', 'attachments');
      att.setAttribute('aria-label', att.title);
      bottom.append(att);
    }
    button.append(top, middle, bottom);
    if (m.snippet) button.append(el('span', 'msg-line msg-snippet', m.snippet));
    li.append(button);
    return li;
  }

  function markSelected() {
    document.querySelectorAll('#message-list .msg').forEach((b) => {
      if (b.dataset.id === state.selectedId) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The message view

  function openFromHash() {
    const id = decodeURIComponent(location.hash.replace(/^#/, ''));
    if (id) openMessage(id);
    else closeMessage();
  }

  async function openMessage(id) {
    const seq = ++state.detailSeq;
    state.selectedId = id;
    markSelected();
    let response;
    try {
      response = await fetch(messageUrl(id), { headers: { Accept: 'application/json' } });
    } catch (e) {
      if (seq === state.detailSeq) showNotice('Cannot reach the FakeMail server: ' + e.message);
      return;
    }
    if (seq !== state.detailSeq) return;
    if (response.status === 404) {
      showGone(id);
      return;
    }
    if (!response.ok) {
      showNotice(await problemText(response, 'Opening the message'));
      return;
    }
    const detail = await response.json();
    if (seq !== state.detailSeq) return;
    renderDetail(detail);
  }

  function closeMessage() {
    state.detailSeq++;
    state.selectedId = null;
    state.detail = null;
    document.body.classList.remove('viewing');
    $('view-pane').hidden = true;
    $('html-frame').src = 'about:blank';
    markSelected();
  }

  function showGone(id) {
    closeMessage();
    showNotice('Message ' + id + ' no longer exists: it was deleted.');
  }

  function renderDetail(d) {
    state.detail = d;
    state.rawLoadedFor = null;
    state.sessionLoadedFor = null;
    $('session-lines').replaceChildren();
    $('session-note').textContent = '';
    const url = messageUrl(d.id);
    document.body.classList.add('viewing');
    $('view-pane').hidden = false;
    $('view-subject').textContent = d.subject ? d.subject : '(no subject)';
    $('download-eml').href = url + '/raw';
    $('download-eml').download = d.id + '.eml';
    $('raw-download').href = url + '/raw';
    $('raw-download').download = d.id + '.eml';

    const meta = $('view-meta');
    meta.replaceChildren();
    const addMeta = (name, value) => {
      if (!value) return;
      meta.append(el('dt', null, name), el('dd', null, value));
    };
    addMeta('From', formatAddresses(d.from));
    addMeta('To', formatAddresses(d.to));
    addMeta('Cc', formatAddresses(d.cc));
    addMeta('Bcc', bccRecipients(d).join(', '));
    addMeta('Reply-To', formatAddresses(d.replyTo));
    addMeta('Date', d.date ? formatTime(d.date, true) : '');
    addMeta('Received', formatTime(d.receivedAt, true));
    addMeta('Size', formatSize(d.size));

    // HTML
    const frame = $('html-frame');
    const hasHtml = d.html !== null && d.html !== undefined;
    $('no-html').hidden = hasHtml;
    frame.hidden = !hasHtml;
    frame.src = hasHtml ? url + '/html' : 'about:blank';
    $('remote-bar').hidden = !(hasHtml && hasRemoteContent(d.html));

    // Text
    const hasText = d.text !== null && d.text !== undefined;
    $('no-text').hidden = hasText;
    $('text-body').hidden = !hasText;
    $('text-body').textContent = hasText ? d.text : '';

    // Headers
    $('headers-body').replaceChildren(
      ...(d.headers || []).map((h) => {
        const tr = el('tr');
        tr.append(el('th', 'header-name', h.name), el('td', 'header-value', h.value));
        tr.firstChild.scope = 'row';
        return tr;
      }));

    renderMime(d.mime);

    // Raw: fetched when its tab is opened
    $('raw-body').textContent = '';
    $('raw-note').textContent = '';

    // Attachments
    const attachments = d.attachments || [];
    $('no-attachments').hidden = attachments.length > 0;
    $('attachments-table').hidden = attachments.length === 0;
    $('attachments-body').replaceChildren(...attachments.map((a) => renderAttachment(url, a)));
    setTabLabel('attachments', 'Attachments', attachments.length);

    // Envelope
    renderEnvelope(d);

    let tab = state.tab;
    if (tab === 'html' && !hasHtml) tab = 'text';
    if (tab === 'text' && !hasText && hasHtml) tab = 'html';
    selectTab(tab, false);
    markSelected();
    $('view-subject').focus({ preventScroll: true });
  }

  function setTabLabel(tab, label, count) {
    const button = $('tab-' + tab);
    button.replaceChildren(document.createTextNode(label));
    if (count > 0) button.append(' ', el('span', 'badge', count));
  }

  function renderAttachment(url, a) {
    const tr = el('tr');
    const name = el('td', 'att-name', a.name || '(unnamed)');
    const type = el('td', 'att-type', a.contentType + (a.inline ? ' · inline' : ''));
    if (a.contentId) type.title = 'Content-ID ' + a.contentId;
    const size = el('td', 'att-size', formatSize(a.size));
    const link = el('a', 'att-download', 'Download');
    link.href = url + '/attachments/' + a.index;
    link.download = a.name || 'attachment-' + a.index;
    link.setAttribute('aria-label', 'Download ' + (a.name || 'attachment ' + (a.index + 1)));
    const cell = el('td');
    cell.append(link);
    tr.append(name, type, size, cell);
    return tr;
  }

  function renderMime(root) {
    const tree = $('mime-tree');
    tree.replaceChildren();
    $('mime-heading').hidden = !root;
    if (!root) return;
    const node = (part) => {
      const li = el('li', 'mime-part');
      li.append(el('span', 'mime-type', part.contentType), ' ', el('span', 'note', formatSize(part.size)));
      if (part.parts && part.parts.length) {
        const children = el('ul', 'mime-tree');
        part.parts.forEach((p) => children.append(node(p)));
        li.append(children);
      }
      return li;
    };
    tree.append(node(root));
  }

  /** Envelope recipients that no To or Cc header names: the Bcc recipients. */
  function bccRecipients(d) {
    const named = new Set(
      [].concat(d.to || [], d.cc || [], d.bcc || []).map((a) => a.address.toLowerCase()));
    const fromHeader = (d.bcc || []).map((a) => a.address);
    const fromEnvelope = ((d.envelope && d.envelope.recipients) || []).filter(
      (r) => !named.has(r.toLowerCase()));
    return fromHeader.concat(fromEnvelope);
  }

  function renderEnvelope(d) {
    const env = d.envelope || {};
    const list = $('envelope-list');
    list.replaceChildren();
    const add = (name, value) => {
      list.append(el('dt', null, name));
      if (value instanceof Node) {
        const dd = el('dd');
        dd.append(value);
        list.append(dd);
      } else {
        list.append(el('dd', value ? null : 'none', value || '(none)'));
      }
    };
    add('MAIL FROM', env.mailFrom === '' ? '<> (null sender)' : env.mailFrom);
    const headerRecipients = new Set(
      [].concat(d.to || [], d.cc || []).map((a) => a.address.toLowerCase()));
    const rcpts = el('ul', 'rcpt-list');
    (env.recipients || []).forEach((r) => {
      const li = el('li', 'rcpt', r);
      if (!headerRecipients.has(r.toLowerCase())) {
        li.append(' ', el('span', 'tag', 'Bcc'));
        li.title = 'Not named in To or Cc: a Bcc recipient';
      }
      rcpts.append(li);
    });
    add('RCPT TO', rcpts);
    add('HELO/EHLO', env.heloName);
    add('Client address', env.clientAddress);
    const tls = env.tls;
    add('TLS', tls
      ? tls.protocol + ' · ' + tls.cipherSuite + ' · ' + (tls.mode === 'IMPLICIT' ? 'implicit TLS (SMTPS)' : 'STARTTLS')
      : null);
    add('Authenticated user', env.authenticatedUser != null
      ? env.authenticatedUser + (env.authMechanism ? ' (AUTH ' + env.authMechanism + ')' : '')
      : null);
    const params = env.mailParameters || {};
    const paramText = Object.keys(params)
      .map((k) => (params[k] === null || params[k] === '' ? k : k + '=' + params[k]))
      .join(' ');
    add('MAIL parameters', paramText);
    const boxes = el('ul', 'rcpt-list');
    (d.mailboxes || []).forEach((b) => {
      const flags = (b.flags || []).join(' ');
      boxes.append(el('li', null, b.address + ' · ' + b.folder + ' · UID ' + b.uid + (flags ? ' · ' + flags : '')));
    });
    if ((d.mailboxes || []).length) add('Mailboxes', boxes);
    add('Received at', d.receivedAt);
  }

  /** Whether the HTML refers to anything outside the message (http, https or protocol-relative). */
  function hasRemoteContent(html) {
    return /(?:src|href|background|poster|srcset)\s*=\s*["']?\s*(?:https?:)?\/\/|url\(\s*["']?\s*(?:https?:)?\/\//i.test(html);
  }

  function loadRemoteContent() {
    if (!state.detail) return;
    $('html-frame').src = messageUrl(state.detail.id) + '/html?remote=true';
    $('remote-bar').hidden = true;
  }

  async function loadRaw() {
    const d = state.detail;
    if (!d || state.rawLoadedFor === d.id) return;
    state.rawLoadedFor = d.id;
    const seq = state.detailSeq;
    $('raw-note').textContent = 'Loading…';
    let response;
    try {
      response = await fetch(messageUrl(d.id) + '/raw');
    } catch (e) {
      $('raw-note').textContent = 'Cannot reach the FakeMail server: ' + e.message;
      state.rawLoadedFor = null;
      return;
    }
    if (seq !== state.detailSeq) return;
    if (!response.ok) {
      $('raw-note').textContent = await problemText(response, 'Loading the source');
      state.rawLoadedFor = null;
      return;
    }
    const text = await response.text();
    if (seq !== state.detailSeq) return;
    const cut = text.length > RAW_SHOW_LIMIT;
    $('raw-body').textContent = cut ? text.slice(0, RAW_SHOW_LIMIT) : text;
    $('raw-note').textContent = cut
      ? 'Showing the first ' + formatSize(RAW_SHOW_LIMIT) + ' of ' + formatSize(d.size) + '; download it for the rest.'
      : formatSize(d.size);
  }

  function selectTab(tab, focus) {
    state.tab = tab;
    TABS.forEach((t) => {
      const button = $('tab-' + t);
      const selected = t === tab;
      button.setAttribute('aria-selected', selected ? 'true' : 'false');
      button.tabIndex = selected ? 0 : -1;
      $('panel-' + t).hidden = !selected;
    });
    if (focus) $('tab-' + tab).focus();
    if (tab === 'raw') loadRaw();
    if (tab === 'session') loadSession();
  }

  // ---------------------------------------------------------------------------------------------
  // Session transcripts

  const PREFIX = { CLIENT: 'C: ', SERVER: 'S: ', EVENT: '* ' };

  /** Local time to the millisecond, as the list's times are local: 14:46:36.854. */
  function formatClock(iso) {
    const d = new Date(iso);
    const two = (n) => String(n).padStart(2, '0');
    return (
      two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds()) + '.' +
      String(d.getMilliseconds()).padStart(3, '0')
    );
  }

  function renderLines(list, transcript) {
    list.replaceChildren(
      ...transcript.entries.map((e) => {
        const li = el('li', 'line line-' + e.direction.toLowerCase());
        const time = el('time', 'line-time', formatClock(e.at));
        time.dateTime = e.at;
        li.append(time, el('span', 'line-text', PREFIX[e.direction] + e.text));
        return li;
      }),
    );
  }

  function describeSession(t, withOutcome) {
    const parts = ['Session ' + t.id, t.protocol + (t.clientAddress ? ' from ' + t.clientAddress : '')];
    if (withOutcome) parts.push(t.outcome);
    parts.push(plural(t.entries.length, 'entry', 'entries'));
    if (t.refusals.length) parts.push(plural(t.refusals.length, 'refusal', 'refusals'));
    if (t.rulesFired.length) parts.push('rules fired: ' + t.rulesFired.join(', '));
    if (t.truncated) parts.push('truncated');
    return parts.join(' · ');
  }

  async function loadSession() {
    const d = state.detail;
    if (!d || state.sessionLoadedFor === d.id) return;
    state.sessionLoadedFor = d.id;
    const seq = state.detailSeq;
    const note = $('session-note');
    if (!d.transcriptId) {
      note.textContent =
        'No transcript: this message did not come over SMTP or LMTP, or recording is off.';
      return;
    }
    note.textContent = 'Loading…';
    let response;
    try {
      // the whole session as recorded now; if it is no longer kept, the part up to this message
      response = await fetch(API + '/transcripts/' + encodeURIComponent(d.transcriptId));
      if (response.status === 404) response = await fetch(messageUrl(d.id) + '/transcript');
    } catch (e) {
      note.textContent = 'Cannot reach the FakeMail server: ' + e.message;
      state.sessionLoadedFor = null;
      return;
    }
    if (seq !== state.detailSeq) return;
    if (!response.ok) {
      note.textContent = await problemText(response, 'Loading the session');
      state.sessionLoadedFor = null;
      return;
    }
    const t = await response.json();
    if (seq !== state.detailSeq) return;
    note.textContent = describeSession(t, true);
    renderLines($('session-lines'), t);
  }

  async function loadSessions() {
    const seq = ++state.sessionsSeq;
    let response;
    try {
      response = await fetch(API + '/transcripts', { headers: { Accept: 'application/json' } });
    } catch (e) {
      showNotice('Cannot reach the FakeMail server: ' + e.message);
      return;
    }
    if (seq !== state.sessionsSeq) return;
    if (!response.ok) {
      showNotice(await problemText(response, 'Loading the sessions'));
      return;
    }
    const body = await response.json();
    if (seq !== state.sessionsSeq) return;
    const without = body.transcripts.filter((t) => t.messageIds.length === 0).reverse();
    $('sessions-count').textContent = '(' + without.length + ')';
    $('sessions-empty').hidden = without.length > 0;
    $('sessions-list').replaceChildren(...without.map(renderSessionItem));
  }

  function renderSessionItem(t) {
    const li = el('li', 'session-item');
    li.dataset.id = t.id;
    li.dataset.outcome = t.outcome;
    const details = el('details');
    const summary = el('summary');
    const first = t.refusals[0];
    summary.append(
      el('span', 'session-outcome', t.outcome),
      el('span', 'session-title', ' ' + describeSession(t, false) + ' · ' + formatTime(t.startedAt)),
    );
    if (first) {
      summary.append(
        el('span', 'session-refusal', (first.command || '(connect)') + ' → ' + first.reply),
      );
    }
    const lines = el('ol', 'session-lines');
    renderLines(lines, t);
    details.append(summary, lines);
    li.append(details);
    return li;
  }

  // ---------------------------------------------------------------------------------------------
  // Deleting

  async function deleteOne() {
    const d = state.detail;
    if (!d) return;
    let response;
    try {
      response = await fetch(messageUrl(d.id), { method: 'DELETE' });
    } catch (e) {
      showNotice('Cannot reach the FakeMail server: ' + e.message);
      return;
    }
    if (!response.ok && response.status !== 404) {
      showNotice(await problemText(response, 'Deleting the message'));
      return;
    }
    removeFromList(d.id);
    goToList();
    loadList();
  }

  async function deleteAll() {
    const filtered = state.filter.length > 0;
    const question = filtered
      ? 'Delete the ' + plural(state.total, 'message', 'messages') + ' that match this search?'
      : 'Delete all ' + plural(state.total, 'message', 'messages') + '? This cannot be undone.';
    if (!window.confirm(question)) return;
    let response;
    try {
      response = await fetch(API + '/messages' + (filtered ? '?' + filterQueryString() : ''), {
        method: 'DELETE',
      });
    } catch (e) {
      showNotice('Cannot reach the FakeMail server: ' + e.message);
      return;
    }
    if (!response.ok) {
      showNotice(await problemText(response, 'Deleting messages'));
      return;
    }
    if (state.selectedId) goToList();
    loadList();
  }

  function removeFromList(id) {
    const button = document.querySelector('#message-list .msg[data-id="' + CSS.escape(id) + '"]');
    if (!button) return;
    button.parentElement.remove();
    state.shown = state.shown.filter((shown) => shown !== id);
    state.total = Math.max(0, state.total - 1);
    $('list-count').textContent = state.total > 0 ? '(' + state.total + ')' : '';
    renderEmptyState(state.total === 0);
  }

  function goToList() {
    const selected = state.selectedId;
    if (location.hash) history.pushState(null, '', location.pathname + location.search);
    closeMessage();
    const button =
      selected && document.querySelector('#message-list .msg[data-id="' + CSS.escape(selected) + '"]');
    if (button) button.focus();
    else $('message-list').focus();
  }

  // ---------------------------------------------------------------------------------------------
  // Live updates: Server-Sent Events, reconnecting

  function setLive(stateName, text) {
    const live = $('live-status');
    live.dataset.state = stateName;
    live.textContent = text;
  }

  function connectEvents() {
    if (state.events) state.events.close();
    const events = new EventSource(API + '/events');
    state.events = events;
    setLive('connecting', 'Connecting…');
    events.onopen = () => {
      state.retries = 0;
      setLive('live', 'Live');
      scheduleReload(0); // catch up with anything missed while disconnected
    };
    events.addEventListener('message-received', (e) => {
      try {
        const m = JSON.parse(e.data);
        const from = (m.from && m.from[0]) || null;
        $('announcer').textContent =
          'New message' + (from ? ' from ' + (from.name || from.address) : '') + ': ' + (m.subject || '(no subject)');
      } catch (err) {
        // a malformed event: reloading covers it
      }
      scheduleReload(100);
    });
    events.addEventListener('message-deleted', (e) => {
      let id = null;
      try {
        id = JSON.parse(e.data).id;
      } catch (err) {
        // a malformed event: reloading covers it
      }
      if (id) {
        removeFromList(id);
        if (id === state.selectedId) showGone(id);
      }
      scheduleReload(100);
    });
    events.addEventListener('messages-cleared', () => {
      // every message this page can list is gone (the capture log, or the inbox it watches, was
      // cleared): say so without asking the server, whose 404 the browser would log as an error
      if (state.selectedId) showGone(state.selectedId);
      scheduleReload(100);
    });
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) {
        // The browser gave up (the server answered with an error): retry with a growing delay.
        events.close();
        const delay = Math.min(MAX_RETRY_MS, 1000 * Math.pow(2, state.retries++));
        setLive('offline', 'Offline, retrying in ' + Math.round(delay / 1000) + ' s');
        setTimeout(connectEvents, delay);
      } else {
        setLive('reconnecting', 'Reconnecting…');
      }
    };
  }

  async function loadReadiness() {
    try {
      const response = await fetch('/readyz', { headers: { Accept: 'application/json' } });
      const body = await response.json();
      const port = body.listeners && body.listeners.smtp;
      if (port) {
        state.smtp = location.hostname + ':' + port;
        if (state.listLoaded) renderEmptyState(state.total === 0);
      }
    } catch (e) {
      // the empty state then speaks of "this server's SMTP port"
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  function onListKey(event) {
    const target = event.target;
    if (!target.classList || !target.classList.contains('msg')) return;
    const buttons = Array.from(document.querySelectorAll('#message-list .msg'));
    const index = buttons.indexOf(target);
    let next = null;
    if (event.key === 'ArrowDown') next = buttons[index + 1];
    else if (event.key === 'ArrowUp') next = buttons[index - 1];
    else if (event.key === 'Home') next = buttons[0];
    else if (event.key === 'End') next = buttons[buttons.length - 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  function onTabKey(event) {
    const index = TABS.indexOf(state.tab);
    let next = null;
    if (event.key === 'ArrowRight') next = TABS[(index + 1) % TABS.length];
    else if (event.key === 'ArrowLeft') next = TABS[(index + TABS.length - 1) % TABS.length];
    else if (event.key === 'Home') next = TABS[0];
    else if (event.key === 'End') next = TABS[TABS.length - 1];
    if (next) {
      event.preventDefault();
      selectTab(next, true);
    }
  }

  function init() {
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      applySearch($('search-input').value);
    });
    $('search-clear').addEventListener('click', () => {
      $('search-input').value = '';
      applySearch('');
      $('search-input').focus();
    });
    $('message-list').addEventListener('click', (event) => {
      const button = event.target.closest('.msg');
      if (!button) return;
      const hash = '#' + encodeURIComponent(button.dataset.id);
      if (location.hash === hash) openMessage(button.dataset.id);
      else location.hash = hash;
    });
    $('message-list').addEventListener('keydown', onListKey);
    document.querySelector('.tabs').addEventListener('click', (event) => {
      const button = event.target.closest('[role="tab"]');
      if (button) selectTab(button.dataset.tab, true);
    });
    document.querySelector('.tabs').addEventListener('keydown', onTabKey);
    $('load-remote').addEventListener('click', loadRemoteContent);
    $('back-to-list').addEventListener('click', goToList);
    $('delete-one').addEventListener('click', deleteOne);
    $('delete-all').addEventListener('click', deleteAll);
    $('sessions').addEventListener('toggle', () => {
      if ($('sessions').open) loadSessions();
    });
    $('sessions-refresh').addEventListener('click', loadSessions);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && state.selectedId && !event.target.closest('input')) goToList();
    });
    window.addEventListener('hashchange', openFromHash);

    renderEmptyState(false);
    loadList();
    loadReadiness();
    connectEvents();
    openFromHash();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
