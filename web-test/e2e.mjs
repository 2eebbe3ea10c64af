// Real-browser end-to-end test of the chat page: headless Debian chromium driven by playwright-core.
// Usage: node e2e.mjs <page url> <chat host> <chat port> <screenshot dir>
// Run by chat-server's WebEndToEndTest, which starts the server. To restart it the script prints the line
// RESTART and waits for RESTARTED on stdin. Exits 0 when every check passed, 1 otherwise.
import { chromium } from 'playwright-core';
import net from 'node:net';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const [url, chatHost, chatPort, shots] = process.argv.slice(2);
const TIMEOUT = 15000;
fs.mkdirSync(shots, { recursive: true });
const stdin = readline.createInterface({ input: process.stdin });
const stdinLines = [];
let stdinWaiter = null;
stdin.on('line', (l) => { stdinLines.push(l); if (stdinWaiter) stdinWaiter(); });

function step(text) { console.log(`step: ${text}`); }

let restarts = 0;
/** Asks the test for a restart (RESTART: same data; RESTART_EMPTY: an empty data directory) and waits for it. */
async function restart(kind) {
  restarts++;
  console.log(kind);
  await new Promise((res) => {
    const done = () => stdinLines.filter((l) => l === 'RESTARTED').length >= restarts;
    stdinWaiter = () => { if (done()) res(); };
    if (done()) res();
  });
}

function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
}

/** A valid PNG of w×h pixels (so the browser really draws it), made here: signature, IHDR, IDAT, IEND. */
function makePng(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      row[1 + x * 3] = (x * 255) / w; row[2 + x * 3] = (y * 255) / h; row[3 + x * 3] = 160;
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A raw TCP chat client: lines in, lines out. */
function tcpClient(nick) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(chatPort), chatHost);
    const lines = [];
    let waiters = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => {
      buffer += d;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        lines.push(buffer.slice(0, i).replace(/\r$/, ''));
        client.lines.push(lines[lines.length - 1]);
        buffer = buffer.slice(i + 1);
      }
      const woken = waiters;
      waiters = [];
      woken.forEach((w) => w());
    });
    socket.on('error', reject);
    const client = {
      lines: [], // every line received, taken or not
      send: (text) => socket.write(`${text}\n`),
      close: () => socket.destroy(),
      /** Waits for a line matching pred among those not yet taken. */
      expect: (pred, what) => new Promise((res, rej) => {
        const deadline = setTimeout(() => rej(new Error(`TCP ${nick}: no line ${what}`)), TIMEOUT);
        const look = () => {
          const i = lines.findIndex(pred);
          if (i >= 0) { clearTimeout(deadline); res(lines.splice(0, i + 1)[i]); } else { waiters.push(look); }
        };
        look();
      }),
    };
    socket.on('connect', async () => {
      try {
        await client.expect((l) => l === 'NICK', 'NICK');
        client.send(nick);
        await client.expect((l) => l.startsWith('*** Welcome'), 'welcome');
        resolve(client);
      } catch (e) { reject(e); }
    });
  });
}

async function login(page, nick) {
  await page.goto(url);
  await page.locator('#nick').fill(nick);
  await page.keyboard.press('Enter');
}

const message = (page, text) => page.locator('#messages li', { hasText: text });

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const dialogs = [];
  try {
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const alice = await laptop.newPage();
    const bob = await phone.newPage();
    for (const p of [alice, bob]) {
      p.setDefaultTimeout(TIMEOUT);
      p.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    }
    let blockAlice = false; // while true, alice's page cannot reach the WebSocket (to miss messages)
    let blockBob = false;
    const opened = { alice: 0, bob: 0 }; // WebSockets each page opened
    // While set for a page: the page's next /resume or /join is held and this is called with a function that sends
    // it (a reconnect's round trip made as long as a test needs).
    const holdReturn = { alice: null, bob: null };
    const watchers = []; // called with every frame the server sends to a routed page
    const cut = {}; // page name -> drops that page's current WebSocket, both ends
    const route = (name, blocked) => (ws) => {
      if (blocked()) { ws.close(); return; }
      opened[name]++;
      const server = ws.connectToServer();
      cut[name] = () => { ws.close(); server.close(); };
      let queue = null; // frames held, in order, from the held one on
      ws.onMessage((m) => {
        const hold = holdReturn[name];
        if (hold && typeof m === 'string' && /^\/(resume|join) /.test(m)) {
          holdReturn[name] = null;
          queue = [];
          hold(() => { queue.forEach((q) => server.send(q)); queue = null; });
        }
        if (queue) queue.push(m); else server.send(m);
      });
      server.onMessage((m) => { watchers.forEach((w) => w(name, m)); ws.send(m); });
    };
    await alice.routeWebSocket(/\/ws$/, route('alice', () => blockAlice));
    await bob.routeWebSocket(/\/ws$/, route('bob', () => blockBob));
    const within = (promise, what) => Promise.race([promise, new Promise((res, rej) => {
      setTimeout(() => rej(new Error(what)), 4 * TIMEOUT).unref();
    })]);
    const held = (name) => within(new Promise((res) => { holdReturn[name] = res; }),
      `${name}'s page did not ask to go back into its room`);
    const seen = (name, text) => within(new Promise((res) => watchers.push((n, m) => {
      if (n === name && m.includes(text)) res();
    })), `${name}'s page did not get "${text}"`);

    step('login with inline errors');
    const carol = await tcpClient('carol');
    await login(alice, 'alice');
    await alice.locator('#app').waitFor();
    await bob.goto(url);
    await bob.screenshot({ path: path.join(shots, 'login-phone.png') });
    await bob.locator('#nick').fill('Alice');
    await bob.keyboard.press('Enter');
    await bob.locator('#nick-error', { hasText: 'taken' }).waitFor();
    await bob.locator('#nick').fill('bad nick!');
    await bob.keyboard.press('Enter');
    await bob.locator('#nick-error', { hasText: 'Invalid nickname' }).waitFor();
    await bob.screenshot({ path: path.join(shots, 'login-error-phone.png') });
    await bob.locator('#nick').fill('bob');
    await bob.keyboard.press('Enter');
    await bob.locator('#app').waitFor();

    step('two browsers and a TCP client chat both ways');
    await alice.locator('#text').fill('hello from alice');
    await alice.keyboard.press('Enter');
    await message(bob, 'hello from alice').waitFor();
    await carol.expect((l) => l === 'alice: hello from alice', 'alice in TCP');
    carol.send('hi from the terminal');
    await message(alice, 'hi from the terminal').waitFor();
    await message(bob, 'hi from the terminal').waitFor();
    await bob.locator('#text').fill('hi from the phone');
    await bob.keyboard.press('Enter');
    await message(alice, 'hi from the phone').waitFor();
    await carol.expect((l) => l === 'bob: hi from the phone', 'bob in TCP');

    step('answers to commands typed on the page are shown in the chat');
    await alice.locator('#text').fill('/whois carol');
    await alice.keyboard.press('Enter');
    await message(alice, 'carol: in #lobby, connected since').waitFor();
    await alice.locator('#text').fill('/who');
    await alice.keyboard.press('Enter');
    await message(alice, 'In #lobby: ').waitFor();
    await alice.locator('#text').fill('/history 2');
    await alice.keyboard.press('Enter');
    await message(alice, '2 messages from the history of #lobby:').waitFor();
    await message(alice, 'hi from the phone').nth(1).waitFor(); // shown again, though on screen already

    step('a message over the line limit is refused on the page and kept; the connection stays');
    const long = 'Привет'.repeat(500); // 3,000 characters, 6,000 UTF-8 bytes: over the server's 4,096
    await alice.locator('#text').fill(long);
    await alice.keyboard.press('Enter');
    await message(alice, 'That message is 6000 bytes; the server takes at most 4096. It was not sent.').waitFor();
    check(await alice.locator('#text').inputValue() === long, 'the long message is still in the box');
    await alice.locator('#text').fill('short again');
    await alice.keyboard.press('Enter');
    await message(bob, 'short again').waitFor();
    check(opened.alice === 1, 'alice is still on her first connection');

    step('hostile text is shown as text');
    const hostile = '<img src=x onerror=alert(1)>';
    await bob.locator('#text').fill(hostile);
    await bob.keyboard.press('Enter');
    await alice.locator('#messages li .text', { hasText: hostile }).waitFor();
    check(await alice.locator('#messages img[src="x"]').count() === 0, 'no <img src=x> was created');

    step('sidebar counts follow a room change in the other browser');
    await alice.locator('#rooms button[data-room="#lobby"] .count', { hasText: /^3$/ }).waitFor();
    await bob.locator('#toggle-rooms').click();
    await bob.screenshot({ path: path.join(shots, 'rooms-panel-phone.png') });
    await bob.locator('#join-room').fill('dev');
    await bob.keyboard.press('Enter');
    await bob.locator('#room-name', { hasText: '#dev' }).waitFor();
    await alice.locator('#rooms button[data-room="#dev"] .count', { hasText: /^1$/ }).waitFor();
    await alice.locator('#rooms button[data-room="#lobby"] .count', { hasText: /^2$/ }).waitFor();
    await message(alice, 'bob left #lobby').waitFor();
    await bob.locator('#toggle-rooms').click();
    await bob.locator('#rooms button[data-room="#lobby"]').click();
    await bob.locator('#room-name', { hasText: '#lobby' }).waitFor();
    await alice.locator('#rooms button[data-room="#lobby"] .count', { hasText: /^3$/ }).waitFor();
    await alice.locator('#rooms button[data-room="#lobby"]').focus(); // a keyboard user on the room list
    await alice.waitForResponse((r) => r.url().endsWith('/api/rooms')); // the list's next refresh
    await alice.evaluate(() => new Promise(requestAnimationFrame));
    check(await alice.evaluate(() => document.activeElement.dataset.room) === '#lobby',
      'the focused room button keeps the focus across a refresh');

    step('an image uploaded in one browser appears in the other, byte-identical; TCP gets its URL');
    for (let i = 1; i <= 40; i++) carol.send(`filler ${i}`); // more than bob's phone shows: his view scrolls
    await message(bob, 'filler 40').waitFor();
    const png = makePng(96, 160);
    await alice.locator('#upload').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: png });
    const img = bob.locator('#messages .image-card img').last();
    await img.waitFor();
    await bob.waitForFunction(() => {
      const i = [...document.querySelectorAll('#messages .image-card img')].pop();
      return i && i.complete && i.naturalWidth === 96;
    });
    // The thumbnail loaded after it was added: the view still follows the newest line.
    await bob.waitForFunction(() => {
      const l = document.getElementById('messages');
      return l.scrollHeight > l.clientHeight && l.scrollHeight - l.scrollTop - l.clientHeight < 5;
    });
    const src = await img.getAttribute('src');
    const served = await bob.evaluate(async (u) => {
      const r = await fetch(u);
      const a = new Uint8Array(await r.arrayBuffer());
      let s = '';
      for (const x of a) s += String.fromCharCode(x);
      return { b64: btoa(s), type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options') };
    }, src);
    check(served.b64 === png.toString('base64'), 'the image downloads byte-identical');
    check(served.type === 'image/png' && served.nosniff === 'nosniff', 'served as image/png with nosniff');
    check(await bob.locator('#messages .image-card a.download', { hasText: 'gradient.png' }).count() === 1,
      'a download link with the file name');
    const urlLine = await carol.expect((l) => l.startsWith('*** alice shared an image: '), 'image URL');
    check(urlLine.endsWith(new URL(src).pathname), 'TCP gets the same URL');
    await alice.locator('#messages .image-card img').last().waitFor();

    step('an HTML or SVG file renamed .png is refused');
    await alice.locator('#upload').setInputFiles({ name: 'evil.png', mimeType: 'image/png',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>') });
    await message(alice, 'Only PNG, JPEG, GIF and WebP').waitFor();
    await alice.locator('#upload').setInputFiles({ name: 'page.png', mimeType: 'image/png',
      buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
    await message(alice, 'Only PNG, JPEG, GIF and WebP').nth(1).waitFor();
    await alice.screenshot({ path: path.join(shots, 'chat-laptop.png') });
    await bob.screenshot({ path: path.join(shots, 'chat-phone.png') });
    carol.send(`/topic ${'a very long topic '.repeat(20)}end`);
    await bob.locator('#topic', { hasText: 'end' }).waitFor();
    check(await bob.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'a long topic does not widen the phone\'s page');
    await bob.locator('#toggle-members').click();
    await bob.locator('#member-list li', { hasText: 'carol' }).waitFor();
    await bob.screenshot({ path: path.join(shots, 'members-phone.png') });
    await bob.locator('#toggle-members').click();

    step('the server restarts; the page reconnects into its room and shows what it missed, once');
    await bob.locator('#toggle-rooms').click();
    await bob.locator('#join-room').fill('dev');
    await bob.keyboard.press('Enter');
    await bob.locator('#room-name', { hasText: '#dev' }).waitFor();
    await bob.locator('#text').fill('a note in dev');
    await bob.keyboard.press('Enter');
    await message(bob, 'a note in dev').waitFor(); // bob has seen a message here: his page will /resume #dev
    await bob.locator('#text').fill('a second note in dev');
    await bob.keyboard.press('Enter');
    await message(bob, 'a second note in dev').waitFor(); // #dev's ids reach 2: past what a new server has
    blockAlice = true;
    blockBob = true;
    carol.close();
    const aliceBack = held('alice'); // each page's way back into its room waits until a message came meanwhile
    const bobBack = held('bob');
    aliceBack.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    bobBack.catch(() => {});
    await restart('RESTART');
    await alice.locator('#status', { hasText: 'reconnecting' }).waitFor();
    const carol2 = await tcpClient('carol');
    carol2.send('said while alice was away');
    carol2.send('and one more');
    await carol2.expect((l) => l === 'carol: and one more', 'own line back');
    const bobOnTcp = await tcpClient('bob'); // someone else takes bob's nickname while his page is away
    blockAlice = false;
    blockBob = false;
    const [releaseAlice, releaseBob] = await Promise.all([aliceBack, bobBack]);
    // Both pages are back on the server, in #lobby (where a session starts), their way back not yet asked for.
    const liveToAlice = seen('alice', 'said during the way back');
    const liveToBob = seen('bob', 'said during the way back');
    carol2.send('said during the way back');
    await Promise.all([liveToAlice, liveToBob]);
    releaseAlice();
    releaseBob();
    await message(alice, '3 messages while you were away in #lobby').waitFor({ timeout: 40000 });
    await message(alice, 'said during the way back').waitFor();
    check(await message(alice, 'said while alice was away').count() === 1, 'a missed message is shown once');
    check(await message(alice, 'said during the way back').count() === 1,
      'a message that came live during the resume is shown once');
    const order = await alice.locator('#messages li .text').allTextContents();
    check(order.indexOf('said while alice was away') >= 0
      && order.indexOf('said while alice was away') < order.indexOf('and one more')
      && order.indexOf('and one more') < order.indexOf('said during the way back'), 'in the order they were said');
    await message(bob, 'You missed nothing in #dev.').waitFor();
    await message(bob, 'bob was taken while you were away; you are bob_ now.').waitFor();
    check(await bob.locator('#me').textContent() === 'bob_', 'bob\'s page is bob_ now');
    bobOnTcp.close();
    await bob.locator('#room-name', { hasText: '#dev' }).waitFor();
    check(await message(bob, 'said during the way back').count() === 0
      && await message(bob, 'said while alice was away').count() === 0, '#lobby is not shown in bob\'s #dev');
    check(await message(alice, 'hello from alice').count() === 1, 'what was seen before is not repeated');
    await alice.locator('#room-name', { hasText: '#lobby' }).waitFor();
    await alice.locator('#member-list li', { hasText: 'carol' }).waitFor();
    await alice.locator('#text').fill('back again');
    await alice.keyboard.press('Enter');
    await carol2.expect((l) => l === 'alice: back again', 'alice after the restart');
    await alice.screenshot({ path: path.join(shots, 'resumed-laptop.png') });
    check(await alice.locator('#messages .image-card img').count() === 1, 'the image seen live is not repeated');

    step('a reconnect cut short: nothing is skipped, and nothing typed meanwhile is sent');
    blockAlice = true;
    cut.alice();
    carol2.send('said during the first try');
    carol2.send('and during it too');
    await carol2.expect((l) => l === 'carol: and during it too', 'own line back');
    const retry = held('alice');
    retry.catch(() => {});
    blockAlice = false;
    await retry; // welcomed, with #lobby's replay (which holds both lines), its /resume held
    await alice.locator('#text').fill('typed while coming back');
    await alice.keyboard.press('Enter');
    await message(alice, 'Not back in the room yet; your message was kept in the box.').waitFor();
    check(await alice.locator('#text').inputValue() === 'typed while coming back', 'the line stays in the box');
    cut.alice(); // before the /resume was answered
    await message(alice, '2 messages while you were away in #lobby').waitFor({ timeout: 40000 });
    await message(alice, 'and during it too').waitFor();
    check(await message(alice, 'said during the first try').count() === 1, 'nothing skipped, nothing twice');
    check(!carol2.lines.includes('alice: typed while coming back'), 'the line typed meanwhile was not sent');
    await alice.locator('#text').fill('');

    step('after the restart a newcomer sees the image in the history: thumbnail and download link, by another host name');
    const dave = await laptop.newPage();
    dave.setDefaultTimeout(TIMEOUT);
    dave.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    const other = new URL(url);
    other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost'; // the image's URL names the other
    await dave.goto(other.href);
    await dave.locator('#nick').fill('dave');
    await dave.keyboard.press('Enter');
    const old = dave.locator('#messages li.image.replay .image-card img');
    await old.waitFor();
    await dave.waitForFunction(() => {
      const i = document.querySelector('#messages li.image.replay .image-card img');
      return i && i.complete && i.naturalWidth === 96;
    });
    check((await old.getAttribute('src')) === other.origin + new URL(src).pathname, 'loaded from the page\'s own origin');
    check(await dave.locator('#messages li.image.replay .image-card a.download', { hasText: 'gradient.png' }).count() === 1,
      'the replayed image has its download link');
    await dave.screenshot({ path: path.join(shots, 'history-image-laptop.png') });

    step('a server restarted without its history: the pages show their rooms anew and what is said live');
    blockBob = true;
    await restart('RESTART_EMPTY');
    const carol3 = await tcpClient('carol');
    carol3.send('/join #dev');
    await carol3.expect((l) => l.startsWith('*** You are in #dev'), 'in #dev');
    carol3.send('said after the history was lost');
    await carol3.expect((l) => l === 'carol: said after the history was lost', 'own line back');
    blockBob = false;
    await message(bob, 'The server no longer has the messages you saw in #dev; its last 1:').waitFor({ timeout: 40000 });
    await message(bob, 'said after the history was lost').waitFor();
    check(await message(bob, 'a note in dev').count() === 0, 'what the old history held is gone from bob\'s #dev');
    carol3.send('said live after the loss');
    await message(bob, 'said live after the loss').waitFor();
    await message(alice, 'Reconnected.').nth(1).waitFor({ timeout: 40000 }); // #lobby is empty: no replay at all
    await alice.locator('#text').fill('alice after the loss');
    await alice.keyboard.press('Enter');
    await message(alice, 'alice after the loss').waitFor(); // her page is not left waiting for a replay
    carol3.close();

    step('/quit on the page leaves for good: no reconnect');
    const before = opened.alice;
    await alice.locator('#text').fill('/quit bye');
    await alice.keyboard.press('Enter');
    await message(alice, 'You are disconnected. Reload the page').waitFor();
    await alice.waitForTimeout(2500); // the page would have reconnected after 1 s
    check(opened.alice === before, 'no new connection after /quit');
    check(await bob.locator('#messages li .text').filter({ hasText: /^bob_*$/ }).count() === 0
      && !carol2.lines.some((l) => /^bob_*: bob_*$/.test(l)), 'bob\'s page never sent a nickname it tried as a message');
    carol2.close();

    check(dialogs.length === 0, `no dialog was opened (got ${JSON.stringify(dialogs)})`);
    console.log('e2e: all checks passed');
  } finally {
    await browser.close();
    stdin.close();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e.stack || String(e)); process.exit(1); });
