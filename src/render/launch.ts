import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { onInterrupt } from '../util/interrupt.js';
import { mermaidDistFolder, moduleBase, moduleFilePattern, pageDocument } from './drawing-page.js';
import { BrowserSession, type BrowserSessionOptions } from './page-pool.js';

/** Launch flags that work in containers and CI, where Chromium often runs as root without a GPU. */
export function launchArguments(userDataDir: string, isRoot = process.getuid?.() === 0): string[] {
  return [
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    `--user-data-dir=${userDataDir}`,
  ];
}

/**
 * The switches puppeteer 24's own launcher adds (puppeteer.defaultArgs(), spelled out here because the
 * browser starts before puppeteer is loaded), plus DevTools over the process's own pipes instead of a
 * local port.
 */
const puppeteerArguments = [
  '--allow-pre-commit-input',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--enable-features=PdfOopif',
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
  '--remote-debugging-pipe',
];

/** Not needed to draw: the address bar's popup, which Chromium otherwise loads in a renderer process of its own. */
const drawingArguments = ['--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes,WebUIOmniboxPopup'];

/** CDP messages over the pipes Chromium opens with --remote-debugging-pipe: JSON, each ended by a NUL byte. */
class PipeTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending = '';

  constructor(
    private readonly output: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      let text = this.pending + chunk;
      for (let end = text.indexOf('\0'); end >= 0; end = text.indexOf('\0')) {
        const message = text.slice(0, end);
        text = text.slice(end + 1);
        // Delivered one by one outside this event, as puppeteer's own transports do.
        setImmediate(() => this.onmessage?.(message));
      }
      this.pending = text;
    });
    input.on('close', () => this.onclose?.());
    input.on('error', () => undefined);
    output.on('error', () => undefined);
  }

  send(message: string): void {
    this.output.write(`${message}\0`);
  }

  close(): void {
    this.output.end();
  }
}

/** The last lines Chromium wrote to stderr, to explain a failed start. */
function tailOf(stream: Readable | null, lines = 6): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-4000);
  });
  return () => text.trim().split('\n').slice(-lines).join(' | ');
}

/**
 * How long the browser may take to start and load its first drawing page. Chromium is ready in one to
 * three seconds here even on a busy machine; a browser that is not ready after this is hung, and the run
 * says so instead of waiting. JOURNEY_AUDIT_BROWSER_TIMEOUT (seconds) changes it for slow machines.
 */
function startTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.JOURNEY_AUDIT_BROWSER_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 600) * 1000 : 20_000;
}

/**
 * Removes a browser's profile folder, and the folder in the temporary directory that holds its
 * single-instance socket: Chromium removes that one itself when it closes, not when it is killed. The
 * profile's SingletonSocket link points at it.
 */
function removeProfile(userDataDir: string): void {
  try {
    const socketFolder = path.dirname(readlinkSync(path.join(userDataDir, 'SingletonSocket')));
    if (/^org\.chromium\.Chromium\.\w+$/.test(path.basename(socketFolder))) rmSync(socketFolder, { recursive: true, force: true });
  } catch {
    // No socket link: the browser never got that far, or removed it when it closed.
  }
  rmSync(userDataDir, { recursive: true, force: true });
}

/**
 * A Chromium process started before puppeteer is even loaded, so that it boots while the journeys are
 * audited; session() then connects to it. Chromium quits by itself when the pipes close, so even a
 * killed run leaves no browser behind.
 */
export class BrowserStart {
  private readonly exited: Promise<string>;
  private readonly stderrTail: () => string;
  private readonly mermaidFolder = mermaidDistFolder();
  private readonly files = new Map<string, Promise<Buffer>>();
  private finished = false;
  /** A signal that ends the run kills this browser and removes its profile first. */
  private readonly forgetInterrupt: () => void;

  private constructor(
    private readonly child: ChildProcess,
    private readonly userDataDir: string,
    private readonly options: BrowserSessionOptions,
  ) {
    this.stderrTail = tailOf(child.stderr);
    this.forgetInterrupt = onInterrupt(() => this.kill());
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => resolve(error.message));
      child.once('exit', (code, signal) => resolve(signal ? `the browser was stopped by ${signal}` : `the browser exited with code ${code}`));
    });
  }

  static launch(options: BrowserSessionOptions): BrowserStart {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-chromium-'));
    // The profile folder must go even when the run ends without stopping the browser.
    process.once('exit', () => removeProfile(userDataDir));
    const child = spawn(options.executablePath, [...puppeteerArguments, ...drawingArguments, ...launchArguments(userDataDir), 'about:blank'], {
      // stdin, stdout, stderr, then the two DevTools pipes (Chromium reads fd 3, writes fd 4).
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      // A process group of its own, so that killing it takes the zygote and renderer processes along.
      detached: true,
    });
    return new BrowserStart(child, userDataDir, options);
  }

  /** Connects and waits until the first page can draw; more pages join as they load. */
  async session(): Promise<BrowserSession> {
    const failed = this.exited.then((reason) => Promise.reject(new Error(`${reason}${this.stderrTail() ? `: ${this.stderrTail()}` : ''}`)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = startTimeoutMs();
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the browser did not start within ${timeout / 1000} s (JOURNEY_AUDIT_BROWSER_TIMEOUT sets the seconds to wait)`)), timeout);
    });
    failed.catch(() => undefined);
    timedOut.catch(() => undefined);
    let browser: Browser | undefined;
    try {
      const connecting = (async () => {
        const { default: puppeteer } = await import('puppeteer-core');
        const [, , , toBrowser, fromBrowser] = this.child.stdio;
        browser = await puppeteer.connect({ transport: new PipeTransport(toBrowser as Writable, fromBrowser as Readable) });
        return browser;
      })();
      const connected = await Promise.race([connecting, failed, timedOut]);
      const session = new BrowserSession(connected, this, this.options);
      // The other pages load at the same time.
      for (let extra = 1; extra < session.plannedPages; extra++) session.addPage(this.extraPage(connected));
      const first = await Promise.race([this.firstPage(connected), failed, timedOut]);
      await Promise.race([session.adopt(first), failed, timedOut]);
      return session;
    } catch (error) {
      // A browser that closed its pipes is usually exiting: its exit status says more than "Target closed".
      const exit = await Promise.race([this.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500).unref())]);
      // One that never connected is of no use: killed at once rather than asked to close.
      await (browser ? this.stop(browser) : this.kill());
      if (exit !== undefined && !(error instanceof Error && error.message.startsWith(exit))) throw new Error(`${exit}${this.stderrTail() ? `: ${this.stderrTail()}` : ''}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The blank page Chromium opened at start. */
  private async firstPage(browser: Browser): Promise<Page> {
    const target = await browser.defaultBrowserContext().waitForTarget((candidate) => candidate.type() === 'page');
    return this.ready(await target.page());
  }

  /**
   * One more page: a blank tab gets a renderer process of its own (puppeteer's switches turn off
   * Chromium's sharing of a process between same-site pages). A tab, not a browser context: every new
   * context opens a window, and every window preloads an omnibox popup in one more renderer process.
   */
  private async extraPage(browser: Browser): Promise<Page> {
    return this.ready(await browser.newPage());
  }

  /** Guards `page` (Mermaid's modules are served, every other request refused) and writes the drawing page into it. */
  private async ready(page: Page | null): Promise<Page> {
    if (!page) throw new Error('the drawing page closed');
    await page.setRequestInterception(true);
    page.on('request', (request) => void this.answer(request).catch(() => undefined));
    await page.setContent(pageDocument());
    return page;
  }

  private async answer(request: HTTPRequest): Promise<void> {
    const url = request.url();
    const relative = url.startsWith(moduleBase) ? url.slice(moduleBase.length) : '';
    if (moduleFilePattern.test(relative)) {
      let body = this.files.get(relative);
      if (!body) this.files.set(relative, (body = readFile(path.join(this.mermaidFolder, relative))));
      // The page's origin is opaque (a blank page's): module scripts need the CORS header.
      return request.respond({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: { 'Access-Control-Allow-Origin': '*' }, body: await body });
    }
    // No diagram needs the network or a file: everything else is refused.
    if (url.startsWith('data:') || url === 'about:blank') return request.continue();
    return request.abort();
  }

  /** SIGKILL to the browser and every process it started (its process group). */
  private killGroup(): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  /** Kills the browser at once (a signal ended the run) and removes its profile. */
  async kill(): Promise<void> {
    this.finished = true;
    this.forgetInterrupt();
    try {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.killGroup();
        await this.exited;
      }
    } finally {
      for (const stream of this.child.stdio) stream?.destroy();
      removeProfile(this.userDataDir);
    }
  }

  /** Closes the browser, waits for it to quit (killing it if it hangs), removes the profile. */
  async stop(browser?: Browser): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.forgetInterrupt();
    try {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        if (browser) await browser.close().catch(() => undefined);
        else (this.child.stdio[3] as Writable | null)?.end();
        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<'hung'>((resolve) => {
          timer = setTimeout(() => resolve('hung'), 5_000);
        });
        if ((await Promise.race([this.exited, hung])) === 'hung') {
          this.killGroup();
          await this.exited;
        }
        clearTimeout(timer);
      }
    } finally {
      // The DevTools pipes go too: a connection that was still being made must not keep the process alive.
      for (const stream of this.child.stdio) stream?.destroy();
      removeProfile(this.userDataDir);
    }
  }
}
