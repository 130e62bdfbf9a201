import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { credentialsWith } from './harness/admin.js';
import { screenshot } from './harness/chromium.js';
import { openConsole } from './harness/console.js';
import { conversationOf, sendFromWidget, widget, withSdk, worldForFile } from './harness/world.js';

/**
 * Issue 13, finding 11: a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE) in what a visitor or the brand supplies must
 * stay inside that text (an isolate), never reorder the desk's or the widget's own words around it; the stored text
 * stays as written.
 */
const RLO = '\u202E';
const MESSAGE = `abc${RLO}def 123`;
const EXT_ID = `crm${RLO}42ab`;
const USER_ID = `user${RLO}xyz`;
const FIRST_NAME = `Ada${RLO}bc`;
const AGENT_REPLY = `Track it [abc${RLO}def](https://carrier.example/t/1) after this`;
const CITY = `Paris${RLO}xy`;
const SIGNED_IN_LINE = `Visitor signed in as ${USER_ID} 🔒`;
/** Everything the visitor, the brand or an agent wrote in these tests (the desk lists every test's conversation). */
const WRITTEN = [MESSAGE, EXT_ID, USER_ID, FIRST_NAME, CITY, AGENT_REPLY];

const world = worldForFile();

type Glyph = { char: string; x: number; y: number };

/** Each visible character under `locator`, in DOM order, with where it is drawn (left and top edges, CSS px). */
const glyphs = (locator: Locator): Promise<Glyph[]> =>
  locator.evaluate((element) => {
    const out: { char: string; x: number; y: number }[] = [];
    const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = element.ownerDocument.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let offset = 0;
      for (const char of node.textContent ?? '') {
        if (/\S/u.test(char) && !/\p{Cf}/u.test(char)) {
          range.setStart(node, offset);
          range.setEnd(node, offset + char.length);
          const box = range.getBoundingClientRect();
          out.push({ char, x: box.left, y: box.top });
        }
        offset += char.length;
      }
    }
    return out;
  });

/** The glyphs of `phrase` (spaces aside), at its first occurrence. */
function glyphsOf(all: Glyph[], phrase: string): Glyph[] {
  const chars = [...phrase.replace(/\s/g, '')];
  for (let start = 0; start + chars.length <= all.length; start++)
    if (chars.every((char, index) => all[start + index]?.char === char)) return all.slice(start, start + chars.length);
  throw new Error(`"${phrase}" is not in ${JSON.stringify(all.map((glyph) => glyph.char).join(''))}`);
}

/** Read as written: each character right of the one before it on the same line, or on a line below. */
const inReadingOrder = (run: Glyph[]) =>
  run.every((glyph, index) => {
    const before = run[index - 1];
    if (!before) return true;
    return Math.abs(glyph.y - before.y) < 2 ? glyph.x > before.x : glyph.y > before.y;
  });

/** The UI words `phrase` read as written (not reversed by a control character before them). */
async function expectDrawnInOrder(locator: Locator, phrase: string): Promise<void> {
  const run = glyphsOf(await glyphs(locator), phrase);
  expect(inReadingOrder(run), `"${phrase}" drawn in reading order: ${JSON.stringify(run)}`).toBe(true);
}

/** The padlock closes its line: nothing the userId holds moves it. */
async function expectLockLast(locator: Locator): Promise<void> {
  const all = await glyphs(locator);
  const lock = all.find((glyph) => glyph.char === '🔒');
  expect(lock?.x, 'the padlock is drawn last').toBe(Math.max(...all.map((glyph) => glyph.x)));
}

/**
 * For every text node under `root` that holds a bidi control: the text of the nearest isolate around it (computed
 * `unicode-bidi` isolate, plaintext or isolate-override), or null when there is none.
 */
const isolatesOfControls = (page: Page, root: string) =>
  page.locator(root).evaluate((element) => {
    const out: (string | null)[] = [];
    const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/[\u202A-\u202E\u2066-\u2069]/.test(node.textContent ?? '')) continue;
      let ancestor = node.parentElement;
      while (ancestor && !['isolate', 'plaintext', 'isolate-override'].includes(getComputedStyle(ancestor).unicodeBidi))
        ancestor = ancestor.parentElement;
      out.push(ancestor?.textContent ?? null);
    }
    return out;
  });

/** Every piece of text holding a control sits in an isolate that holds nothing but text from the visitor or the brand. */
async function expectIsolated(page: Page, root: string, atLeast: number): Promise<void> {
  const isolates = await isolatesOfControls(page, root);
  expect(isolates.length, `text nodes with a control under ${root}`).toBeGreaterThanOrEqual(atLeast);
  for (const text of isolates)
    expect(
      WRITTEN.some((value) => text !== null && value.includes(text)),
      `isolate: ${JSON.stringify(text)}`,
    ).toBe(true);
}

describe('bidi controls in visitor and brand text', { timeout: 60_000 }, () => {
  it("isolates an anonymous visitor's extId and message in the desk, and keeps them as written", async () => {
    const visitor = await world.open(await world.device(), {
      head: `<script>window.idzCustomData = { extID: ${JSON.stringify(EXT_ID).replace('\u202E', '\\u202E')} };</script>`,
    });
    await sendFromWidget(visitor, MESSAGE);
    await expect.poll(() => conversationOf(visitor)).not.toBeNull();
    const id = await conversationOf(visitor);
    await expect
      .poll(async () => {
        const answer = await world.server.gql<{ conversation: { visitor: { extId: string | null } } }>(
          'query($id: ID!) { conversation(id: $id) { visitor { extId } } }',
          { id },
          world.server.admin,
        );
        return answer.data?.conversation.visitor.extId;
      })
      .toBe(EXT_ID);

    const desk = await openConsole(world, await world.device(), '/desk');
    const item = desk.locator('.inbox-item', { hasText: EXT_ID });
    await item.waitFor();
    // The preview is an isolate (dir="auto"): its control cannot reach the words drawn after it.
    expect(await item.locator('.preview').evaluate((element) => getComputedStyle(element).unicodeBidi)).toMatch(/^(isolate|plaintext)$/);
    await expectDrawnInOrder(item.locator('.who'), '(unverified)');

    await item.click();
    const panel = desk.getByRole('complementary', { name: 'Visitor' });
    await expect.poll(() => panel.innerText()).toContain('not verified');
    const extIdLine = panel.locator('p', { has: desk.locator('.mono') });
    await expectDrawnInOrder(extIdLine, 'not verified');
    await expectDrawnInOrder(extIdLine, "Set by the brand's page; anyone can change it.");
    // The warning follows the extId on screen, whatever the extId holds.
    const extIdRight = Math.max(...(await glyphs(extIdLine.locator('.mono'))).map((glyph) => glyph.x));
    expect(Math.min(...glyphsOf(await glyphs(extIdLine), 'not verified').map((glyph) => glyph.x))).toBeGreaterThan(extIdRight);
    await expectDrawnInOrder(desk.locator('.conversation-head h2'), '(unverified)');

    await expect.poll(() => desk.locator('.desk-message.visitor .bubble').textContent()).toBe(MESSAGE);
    await expectIsolated(desk, 'body', 5);
    await screenshot(desk, 'desk-bidi-anonymous');
  });

  it('isolates a verified userId, visitorData and the sign-in line in the desk and the widget', async () => {
    const device = await world.device();
    const visitor = await world.open(device);
    await sendFromWidget(visitor, MESSAGE);
    await expect.poll(() => conversationOf(visitor)).not.toBeNull();
    const desk = await openConsole(world, await world.device(), '/desk');
    await desk.locator('.inbox-item', { hasText: 'Anonymous visitor' }).first().waitFor();

    const token = await credentialsWith(world, { userId: USER_ID, visitorData: { firstName: FIRST_NAME, city: CITY } });
    await withSdk(
      visitor,
      `(sdk) => sdk.activate(async () => ({ authenticationOption: { type: 'SECURED_AUTHENTICATION', token: ${JSON.stringify(token)} } }))`,
    );
    const item = desk.locator('.inbox-item', { hasText: USER_ID });
    await item.click();
    const line = desk.locator('.system-line');
    await expect.poll(() => line.textContent()).toBe(SIGNED_IN_LINE);
    await expectLockLast(line);
    await expect.poll(() => item.locator('.preview').textContent()).toBe(SIGNED_IN_LINE);
    await expectLockLast(item.locator('.preview'));
    const panel = desk.getByRole('complementary', { name: 'Visitor' });
    await expect.poll(() => panel.innerText()).toContain('Verified user');
    await expect.poll(() => panel.locator('dd').count()).toBe(2);
    await expectIsolated(desk, 'body', 8);
    await screenshot(desk, 'desk-bidi-verified');

    const system = widget(visitor).panel.locator('.system');
    await expect.poll(() => system.textContent()).toBe(SIGNED_IN_LINE);
    await expectLockLast(system);
    await expectIsolated(visitor, 'parley-widget .messages', 2);
    await screenshot(visitor, 'widget-bidi-sign-in');
  });

  it("isolates an agent's link words: the rest of the reply keeps its order, in the widget and the desk", async () => {
    const visitor = await world.open(await world.device({ user: 'user-bidi-link' }));
    await sendFromWidget(visitor, 'Where is my parcel?');
    await expect.poll(() => conversationOf(visitor)).not.toBeNull();
    const agent = await world.agent();
    agent.send({ type: 'send', conversationId: await conversationOf(visitor), clientId: 'bidi-link', text: AGENT_REPLY });
    await agent.next('ack');

    const reply = widget(visitor).panel.locator('.message.agent .bubble');
    await reply.waitFor();
    await expectDrawnInOrder(reply, 'after this');
    await expectIsolated(visitor, 'parley-widget .messages', 1);
    await screenshot(visitor, 'widget-bidi-link');

    const desk = await openConsole(world, await world.device(), '/desk');
    await desk.locator('.inbox-item', { hasText: 'user-bidi-link' }).click();
    const bubble = desk.locator('.desk-message.agent .bubble');
    await bubble.waitFor();
    await expectDrawnInOrder(bubble, 'after this');
  });
});
