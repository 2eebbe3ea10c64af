// The browser client: speaks the server's JSON mode over the WebSocket /ws (docs/PROTOCOL.md, "Web").
// Everything a user or the server wrote is inserted with textContent, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const ROOMS_POLL_MS = 3000;
const MAX_BACKOFF_MS = 30000;
const NICK_RETRIES = 3;
// Then, while reconnecting, this many other nicknames are tried (bob_, bob__, …) to get back into the room.
const NICK_ALTERNATIVES = 3;
const SHOWN_IDS_KEPT = 2000; // per room, to show each message once across a reconnect
// With other nodes to fail over to, one whose WebSocket has not opened within this is given up on.
const FAILOVER_CONNECT_MS = 3000;

const state = {
  ws: null,
  nick: '',           // the nickname we have (or want back after a reconnect)
  room: '',           // the room we are in
  token: '',          // upload_token of the current session
  lastId: new Map(),  // room -> last message id shown there (what a /resume asks to continue from)
  shown: new Map(),   // room -> ids of the messages on screen (recent ones): a message is shown once
  held: [],           // live messages that came while a /resume was under way: shown after its replay
  maxLine: 4096,      // the server's line limit in UTF-8 bytes (the welcome's max_line)
  quit: false,        // the user said /quit (or was kicked or banned): no reconnect
  rejoining: false,   // a reconnect's /join back into our room is under way
  asked: '',          // a command the user typed whose answer is shown in the chat (who, rooms, history)
  chatting: false,
  reconnecting: false,
  resuming: false,    // a reconnect's /resume is under way: the welcome's own replay is not shown
  welcomeReplay: false, // the next history, if it comes before anything else, is the welcome's own replay
  replay: null,       // {room, resume, since, missed} while a history replay is arriving
  backoff: 1000,
  nickRetries: 0,
  members: [],
  pendingNick: '',    // a nickname submitted before the server asked for one
  prompted: false,    // the server has asked for a nickname on this connection
  // Failover (docs/PROTOCOL.md, "Failover"): this page's origin, then the peers from GET /api/servers.
  bases: [location.origin],
  at: 0,              // index in bases of the node we connect to
  failures: 0,        // connections failed or lost since the last welcome (a full round: back off)
  base: location.origin, // the node of the current session: uploads, room list and images go there
};

// ---- rendering helpers

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function nickColour(nick) {
  let h = 0;
  for (const c of nick.toLowerCase()) h = (h * 31 + c.codePointAt(0)) >>> 0;
  return `hsl(${h % 360}, 60%, 38%)`;
}

function timeOf(ts) {
  const d = ts ? new Date(ts) : new Date();
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

// Whether the view follows new messages: true until the user scrolls up, true again at the bottom. Kept from scroll
// events, not measured when a message comes: an image that loads after it was added grows the list without one.
let stick = true;

function toBottom() {
  const list = $('messages');
  if (stick) list.scrollTop = list.scrollHeight;
}

function append(li) {
  $('messages').appendChild(li);
  toBottom();
}

function clearMessages() {
  $('messages').replaceChildren();
  state.shown.clear();
  stick = true;
}

function nickSpan(nick) {
  const s = el('span', 'nick', nick);
  s.style.color = nickColour(nick);
  return s;
}

function line(ts, className) {
  const li = el('li', className);
  li.appendChild(el('time', 'time', timeOf(ts)));
  return li;
}

function showChat(e) {
  const li = line(e.ts, (e.type === 'action' ? 'action' : 'message') + (e.replay ? ' replay' : ''));
  li.dataset.id = e.id;
  if (e.type === 'action') {
    li.appendChild(el('span', null, '* '));
    li.appendChild(nickSpan(e.nick));
    li.appendChild(el('span', 'text', e.text));
  } else {
    li.appendChild(nickSpan(e.nick));
    li.appendChild(el('span', 'text', e.text));
  }
  append(li);
}

/**
 * Shows a message, action or image; with {@code once}, not if it is on screen already: a reconnect's /resume replays
 * what came after the last id the page had, which can include one that reached it live during the round trip. (The
 * replays the user asks for, /history and /search, show what they show, on screen already or not.)
 */
function show(e, once) {
  if (e.id) {
    state.lastId.set(e.room, Math.max(state.lastId.get(e.room) || 0, e.id));
    let ids = state.shown.get(e.room);
    if (!ids) state.shown.set(e.room, (ids = new Set()));
    if (once && ids.has(e.id)) return;
    ids.add(e.id);
    if (ids.size > SHOWN_IDS_KEPT) ids.delete(ids.values().next().value);
  }
  if (e.type === 'image') showImage(e); else showChat(e);
}

/** The live messages held while a /resume was under way, after its replay: the ones it showed are skipped. */
function showHeld() {
  const held = state.held;
  state.held = [];
  held.forEach((e) => show(e, true));
}

function notice(text, isError) {
  const li = line(null, 'notice' + (isError ? ' error' : ''));
  li.appendChild(el('span', null, text));
  append(li);
}

function showDm(e) {
  const li = line(e.ts, 'dm');
  const mine = e.from === state.nick;
  li.appendChild(el('span', 'dm-tag', mine ? `DM to ${e.to}` : `DM from ${e.from}`));
  li.appendChild(el('span', 'text', e.text));
  append(li);
}

function showImage(e) {
  const li = line(e.ts, 'image' + (e.replay ? ' replay' : ''));
  if (e.id) li.dataset.id = e.id;
  li.appendChild(nickSpan(e.nick));
  li.appendChild(el('span', 'muted', 'shared an image'));
  const card = el('div', 'image-card');
  const url = safeImageUrl(e.url);
  if (url) {
    const link = el('a');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    const img = el('img');
    img.src = url;
    img.alt = e.name;
    img.loading = 'lazy';
    img.addEventListener('load', toBottom);
    link.appendChild(img);
    card.appendChild(link);
    const dl = el('a', 'download', `Download ${e.name} (${formatSize(e.size)})`);
    dl.href = url;
    dl.download = e.name;
    card.appendChild(dl);
  }
  li.appendChild(card);
  append(li);
}

/** Only images our server serves are shown: /i/<hash>.<ext>, from the node this page is connected to. */
function safeImageUrl(url) {
  try {
    const u = new URL(url, location.href);
    if (!/^\/i\/[0-9a-f]{64}\.(png|jpg|gif|webp)$/.test(u.pathname)) return null;
    return state.base + u.pathname;
  } catch (err) {
    return null;
  }
}

function formatSize(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function setStatus(text, bad) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('bad', !!bad);
  $('login-status').textContent = state.chatting ? '' : text;
}

function setRoom(room) {
  state.room = room;
  $('room-name').textContent = room;
  $('topic').textContent = '';
  document.title = `${room} · chat`;
  $('text').placeholder = `Message ${room}`;
  renderRooms(lastRooms);
}

function setMembers(nicks) {
  state.members = nicks.slice();
  const list = $('member-list');
  list.replaceChildren();
  for (const n of state.members) {
    const li = el('li', null, n);
    li.style.color = nickColour(n);
    list.appendChild(li);
  }
  $('member-count').textContent = String(state.members.length);
}

// ---- rooms sidebar: GET /api/rooms every few seconds and after each change we see

let lastRooms = [];

async function pollRooms() {
  try {
    const res = await fetch(`${state.base}/api/rooms`, { cache: 'no-store' });
    if (res.ok) renderRooms((await res.json()).rooms);
  } catch (err) {
    // the server is away: the WebSocket's reconnect says so
  }
}

let lastRendered = '';

function renderRooms(rooms) {
  lastRooms = rooms;
  const rendered = JSON.stringify([state.room, rooms]);
  if (rendered === lastRendered) return; // nothing changed: the buttons (and the keyboard focus) stay
  lastRendered = rendered;
  const list = $('rooms');
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.room : null;
  list.replaceChildren();
  for (const r of rooms) {
    const li = el('li');
    const b = el('button', r.room === state.room ? 'current' : '');
    b.type = 'button';
    b.dataset.room = r.room;
    b.appendChild(el('span', 'name', r.room));
    b.appendChild(el('span', 'count', String(r.members)));
    b.addEventListener('click', () => joinRoom(r.room));
    li.appendChild(b);
    list.appendChild(li);
    if (r.room === focused) b.focus();
  }
}

function joinRoom(room) {
  closePanels();
  if (room && room !== state.room) send(`/join ${room}`);
}

// ---- the connection

/** Reads the other nodes this page may fail over to; without them (or the route) it uses its own origin only. */
async function loadServers() {
  try {
    const res = await fetch('/api/servers', { cache: 'no-store' });
    if (res.ok) {
      const peers = (await res.json()).peers.filter((p) => p !== location.origin);
      state.bases = [location.origin, ...new Set(peers)];
    }
  } catch (err) {
    // an older server, or none: our own origin alone
  }
}

function connect() {
  const base = state.bases[state.at];
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`);
  state.ws = ws;
  if (state.bases.length > 1) {
    setTimeout(() => { if (ws.readyState === WebSocket.CONNECTING) ws.close(); }, FAILOVER_CONNECT_MS);
  }
  ws.onopen = () => { state.base = base; };
  setStatus(state.reconnecting ? 'Reconnecting…' : 'Connecting…');
  ws.onmessage = (m) => {
    let e;
    try { e = JSON.parse(m.data); } catch (err) { return; }
    handle(e);
  };
  ws.onclose = () => {
    if (state.ws !== ws) return;
    state.token = '';
    state.prompted = false;
    state.resuming = false;
    state.rejoining = false;
    state.replay = null;
    state.held = [];
    if (state.quit) {
      state.chatting = false;
      setStatus('Disconnected.', true);
      notice('You are disconnected. Reload the page to come back.');
      $('login-status').textContent = 'Disconnected. Reload the page to come back.';
      return;
    }
    const wasChatting = state.chatting;
    state.chatting = false;
    state.reconnecting = state.reconnecting || wasChatting;
    // The next node at once; back off only when every one has failed since the last welcome.
    state.at = (state.at + 1) % state.bases.length;
    state.failures++;
    if (state.failures < state.bases.length) {
      const next = new URL(state.bases[state.at]).host;
      setStatus(`Disconnected; trying ${next}…`, true);
      if (wasChatting) notice(`Connection lost; trying ${next}…`, true);
      setTimeout(connect, 0);
      return;
    }
    state.failures = 0;
    const wait = state.backoff;
    state.backoff = Math.min(state.backoff * 2, MAX_BACKOFF_MS);
    setStatus(`Disconnected; reconnecting in ${Math.round(wait / 1000)} s…`, true);
    if (wasChatting) notice('Connection lost; reconnecting…', true);
    setTimeout(connect, wait);
  };
}

function send(text) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) {
    state.ws.send(text);
    return true;
  }
  return false;
}

function handle(e) {
  switch (e.type) {
    case 'nick_prompt':
      state.prompted = true;
      if (state.reconnecting && state.nick) {
        sendNickBack();
      } else if (state.pendingNick) {
        send(state.pendingNick); // typed before the connection was ready
        state.pendingNick = '';
      } else {
        $('login').hidden = false;
        $('app').hidden = true;
        $('login-button').disabled = false;
        setStatus('');
        $('nick').focus();
      }
      break;
    case 'welcome': onWelcome(e); break;
    case 'entered':
      state.welcomeReplay = false; // a history now is this room's
      state.rejoining = false;
      if (!(state.resuming && e.room === state.room)) {
        clearMessages();
      }
      if (e.others === 0 && !state.resuming) notice(`You are in ${e.room}; nobody else is here yet.`);
      if (!state.resuming) $('text').focus();
      setRoom(e.room);
      send('/who');
      pollRooms();
      break;
    case 'history': {
      const welcomes = state.welcomeReplay;
      state.welcomeReplay = false;
      // While resuming, the welcome's own replay is not shown (the page is on its way back to its room), and a
      // plain replay of our room is the answer to a /resume whose id the server no longer has (restarted without
      // its history): the room's last messages, shown anew.
      const lost = state.resuming && e.since === undefined && !welcomes && e.room === state.room;
      state.replay = { room: e.room, resume: e.since !== undefined || lost, hidden: state.resuming && welcomes };
      if (state.asked === 'history' && !state.replay.resume) {
        state.asked = '';
        notice(e.count === 0 ? `No messages in ${e.room} yet.`
          : `${e.count} message${e.count === 1 ? '' : 's'} from the history of ${e.room}:`);
      }
      if (lost) {
        state.resuming = false;
        state.lastId.delete(e.room); // its ids start again
        clearMessages();
        notice(`The server no longer has the messages you saw in ${e.room}; its last ${e.count}:`);
      } else if (state.replay.resume) {
        state.resuming = false;
        notice(e.missed === 0 ? `You missed nothing in ${e.room}.`
          : `${e.missed} message${e.missed === 1 ? '' : 's'} while you were away in ${e.room}`
            + (e.missed > e.count ? `; the last ${e.count}:` : ':'));
      }
      break;
    }
    case 'history_end': {
      const resumed = state.replay && state.replay.resume;
      state.replay = null;
      if (resumed) showHeld();
      break;
    }
    case 'message':
    case 'action':
    case 'image': // a shared image is numbered and replayed like a message
      state.welcomeReplay = false;
      // A reconnect passes through the server's first room on its way back to ours: that room is not shown.
      if (e.room !== state.room) break;
      if (state.replay && state.replay.hidden) break;
      if (state.resuming && !state.replay) { state.held.push(e); break; } // live, before the /resume's replay
      show(e, !!(state.replay && state.replay.resume));
      break;
    case 'dm': showDm(e); break;
    case 'join':
      if (e.room !== state.room) break;
      notice(`${e.nick} joined ${e.room}`);
      if (!state.members.includes(e.nick)) setMembers(state.members.concat([e.nick]));
      pollRooms();
      break;
    case 'leave':
      if (e.room !== state.room) break;
      notice(`${e.nick} left ${e.room}` + (e.reason ? ` (${e.reason})` : ''));
      setMembers(state.members.filter((n) => n !== e.nick));
      pollRooms();
      break;
    case 'rename':
      if (e.room && e.room !== state.room) break;
      notice(`${e.old} is now known as ${e.new}`);
      if (e.old === state.nick) { state.nick = e.new; $('me').textContent = e.new; }
      setMembers(state.members.map((n) => (n === e.old ? e.new : n)));
      break;
    case 'topic':
      if (e.room === state.room) $('topic').textContent = e.topic;
      if (e.nick) notice(`${e.nick} set the topic of ${e.room} to: ${e.topic}`);
      break;
    case 'who':
      if (e.room === state.room) setMembers(e.nicks);
      if (state.resuming && e.room === state.room) { // sent after the /resume: an answer it did not get is none
        state.resuming = false;
        showHeld();
      }
      if (state.asked === 'who') {
        state.asked = '';
        const away = e.away || {};
        notice(`In ${e.room}: ` + e.nicks.map((n) => (away[n] ? `${n} (away: ${away[n]})` : n)).join(', '));
      }
      break;
    case 'rooms':
      renderRooms(e.rooms);
      if (state.asked === 'rooms') {
        state.asked = '';
        notice('Rooms: ' + e.rooms.map((r) => `${r.room} (${r.members})`).join(', '));
      }
      break;
    case 'whois':
      notice(`${e.nick}: ${e.room ? `in ${e.room}` : 'between rooms'}, connected since ${timeOf(e.since)}, `
        + `idle ${e.idle} s` + (e.away ? `, away: ${e.away}` : ''));
      break;
    case 'help':
      notice('Commands: ' + e.commands.map((c) => c.usage).join(' · '));
      break;
    case 'search': notice(`${e.count} message(s) in ${e.room} match "${e.words}":`); break;
    case 'search_end': break;
    case 'error':
    case 'notice':
      onNotice(e);
      break;
    default:
      if (e.text) notice(e.text);
  }
}

function onWelcome(e) {
  const back = state.reconnecting ? state.room : '';
  if (back && e.nick !== state.nick) notice(`${state.nick} was taken while you were away; you are ${e.nick} now.`, true);
  state.nick = e.nick;
  if (e.max_line) state.maxLine = e.max_line;
  state.token = e.upload_token || '';
  state.chatting = true;
  state.backoff = 1000;
  state.failures = 0;
  state.nickRetries = 0;
  state.welcomeReplay = true;
  $('me').textContent = e.nick;
  $('login').hidden = true;
  $('app').hidden = false;
  setStatus('');
  if (back) {
    const last = state.lastId.get(back);
    state.resuming = true;
    if (last) {
      send(`/resume ${back} ${last}`);
      send('/who'); // answered after the resume: the members of the room we are back in
    } else {
      state.resuming = false;
      clearMessages();
      if (back !== e.room) {
        state.rejoining = true;
        send(`/join ${back}`);
      }
      else { setRoom(e.room); send('/who'); }
    }
    notice('Reconnected.');
  } else {
    clearMessages(); // a login after the form: what an earlier session showed is not this one's
    setRoom(e.room);
    setMembers(e.names.concat([e.nick]));
    notice(e.others === 0 ? `Welcome, ${e.nick}! You are in ${e.room}, nobody else is here yet.`
      : `Welcome, ${e.nick}! You are in ${e.room} with ${e.others} other${e.others === 1 ? '' : 's'}.`);
    send('/who');
  }
  state.reconnecting = false;
  pollRooms();
  $('text').focus();
}

/**
 * Answers the nickname prompt of a reconnect: our nickname; after a refusal the same one a second later (the server
 * may still hold it for the dead connection), NICK_RETRIES times; then, someone else having it, alice_, alice__ …
 * as the terminal client does, to get back into the room.
 */
function sendNickBack() {
  const n = state.nickRetries;
  if (n === 0) {
    send(state.nick);
  } else if (n <= NICK_RETRIES) {
    const ws = state.ws;
    setTimeout(() => { if (state.ws === ws && !state.chatting) send(state.nick); }, 1000);
  } else {
    send(state.nick + '_'.repeat(n - NICK_RETRIES));
  }
}

function onNotice(e) {
  const nickError = ['nick_invalid', 'nick_taken', 'nick_lookalike'].includes(e.code);
  if (nickError && !state.chatting) {
    if (state.reconnecting && state.nickRetries < NICK_RETRIES + NICK_ALTERNATIVES) {
      state.nickRetries++; // the server asks again: sendNickBack tries the next one
      return;
    }
    state.reconnecting = false;
    $('login').hidden = false;
    $('app').hidden = true;
    $('nick-error').textContent = e.text;
    $('nick').setAttribute('aria-invalid', 'true');
    $('nick').focus();
    $('nick').select();
    return;
  }
  if (e.type === 'error') state.asked = ''; // what was asked got this instead
  if (state.resuming && e.type === 'error') { // the /resume was refused (an older node): join the room instead
    state.resuming = false;
    state.held = [];
    send(`/join ${state.room}`);
  }
  if (['goodbye', 'kicked', 'banned'].includes(e.code)) {
    state.reconnecting = false;
    state.quit = true; // reconnecting would undo what the user or an operator did
  }
  if (!state.chatting && e.type === 'error') {
    $('login').hidden = false; // refused before a session (banned, server full, …): say why where the user looks
    $('app').hidden = true;
    $('nick-error').textContent = e.text;
  }
  notice(e.text, e.type === 'error');
}

// ---- images: button, paste, drag and drop

async function upload(file) {
  if (!file) return;
  if (!state.token) { notice('Not connected; try again in a moment.', true); return; }
  const form = new FormData();
  form.append('image', file, file.name || 'image');
  setStatus(`Uploading ${file.name || 'image'}…`);
  try {
    const res = await fetch(`${state.base}/api/images`, {
      method: 'POST', body: form, headers: { Authorization: `Bearer ${state.token}` },
    });
    if (!res.ok) {
      let message = `Upload failed (${res.status}).`;
      try { message = (await res.json()).message || message; } catch (err) { /* not JSON */ }
      notice(`${file.name || 'image'}: ${message}`, true);
    }
  } catch (err) {
    notice('Upload failed: the server could not be reached.', true);
  } finally {
    setStatus('');
  }
}

// ---- panels on narrow screens

function closePanels() {
  $('app').classList.remove('show-rooms', 'show-members');
  $('toggle-rooms').setAttribute('aria-expanded', 'false');
  $('toggle-members').setAttribute('aria-expanded', 'false');
}

function toggle(panelClass, button) {
  const open = !$('app').classList.contains(panelClass);
  closePanels();
  $('app').classList.toggle(panelClass, open);
  button.setAttribute('aria-expanded', String(open));
}

// ---- wiring

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const nick = $('nick').value.trim();
    $('nick-error').textContent = '';
    $('nick').removeAttribute('aria-invalid');
    if (!nick) {
      $('nick-error').textContent = 'Enter a nickname.';
      return;
    }
    state.nick = nick;
    if (!state.prompted || !send(nick)) {
      state.pendingNick = nick; // sent as soon as the server asks
      $('login-status').textContent = 'Connecting…';
    }
  });
  $('send-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = $('text').value;
    if (!text.trim()) return;
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > state.maxLine) {
      notice(`That message is ${bytes} bytes; the server takes at most ${state.maxLine}. It was not sent.`, true);
      return; // it stays in the box
    }
    if (!state.chatting || state.resuming || state.rejoining) { // it would be a nickname, or go to another room
      notice(state.quit ? 'You are disconnected; reload the page to come back.'
        : 'Not back in the room yet; your message was kept in the box.', true);
      return;
    }
    const command = /^\/(who|rooms|history)\b/i.exec(text);
    state.asked = command ? command[1].toLowerCase() : state.asked;
    if (send(text)) $('text').value = '';
    else notice('Not connected; your message was kept in the box.', true);
  });
  $('join-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const room = $('join-room').value.trim();
    if (room) { joinRoom(room.startsWith('#') ? room : `#${room}`); $('join-room').value = ''; }
  });
  $('upload').addEventListener('change', () => {
    upload($('upload').files[0]);
    $('upload').value = '';
  });
  $('text').addEventListener('paste', (ev) => {
    const file = [...ev.clipboardData.files].find((f) => f.type.startsWith('image/'));
    if (file) { ev.preventDefault(); upload(file); }
  });
  const main = document.querySelector('.main');
  main.addEventListener('dragover', (ev) => { ev.preventDefault(); main.classList.add('dragging'); });
  main.addEventListener('dragleave', () => main.classList.remove('dragging'));
  main.addEventListener('drop', (ev) => {
    ev.preventDefault();
    main.classList.remove('dragging');
    upload(ev.dataTransfer.files[0]);
  });
  const list = $('messages');
  list.addEventListener('scroll', () => { stick = list.scrollHeight - list.scrollTop - list.clientHeight < 60; });
  $('toggle-rooms').addEventListener('click', () => toggle('show-rooms', $('toggle-rooms')));
  $('toggle-members').addEventListener('click', () => toggle('show-members', $('toggle-members')));
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closePanels(); });
  setInterval(() => { if (state.chatting) pollRooms(); }, ROOMS_POLL_MS);
  loadServers().finally(connect);
});
