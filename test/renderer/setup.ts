// What Mantine needs from a browser that happy-dom does not give.
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

afterEach(() => cleanup())

// findBy and waitFor wait up to 5 s (1 s by default) for what a screen shows next: the
// renderer tests run beside the integration project's services, and one of them missed a
// deferred render by a few hundred milliseconds on a busy machine. What they expect is unchanged.
configure({ asyncUtilTimeout: 5_000 })

if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false
    })
  })
}

if (!('ResizeObserver' in window)) {
  class ResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', { value: ResizeObserver })
}

// Textarea's autosize waits for web fonts to load.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => undefined, removeEventListener: () => undefined }
  })
}

/**
 * happy-dom lays nothing out, so its IntersectionObserver never reports.
 * This one reports every observed element as in the viewport at once,
 * except those a test marks with `data-offscreen`; `revealOffscreen()` then
 * brings those into view, as a scroll would.
 */
const observers = new Set<FakeIntersectionObserver>()
class FakeIntersectionObserver {
  readonly #callback: IntersectionObserverCallback
  readonly #targets = new Set<Element>()
  constructor(callback: IntersectionObserverCallback) {
    this.#callback = callback
    observers.add(this)
  }
  observe(target: Element): void {
    this.#targets.add(target)
    const visible = !target.closest('[data-offscreen]')
    queueMicrotask(() => this.report(target, visible))
  }
  unobserve(target: Element): void {
    this.#targets.delete(target)
  }
  disconnect(): void {
    this.#targets.clear()
    observers.delete(this)
  }
  takeRecords(): IntersectionObserverEntry[] {
    return []
  }
  reveal(): void {
    for (const target of this.#targets) this.report(target, true)
  }
  private report(target: Element, isIntersecting: boolean): void {
    if (!this.#targets.has(target)) return
    const entry = { target, isIntersecting } as IntersectionObserverEntry
    this.#callback([entry], this as unknown as IntersectionObserver)
  }
}
Object.defineProperty(window, 'IntersectionObserver', {
  value: FakeIntersectionObserver,
  configurable: true
})
Object.defineProperty(globalThis, 'IntersectionObserver', {
  value: FakeIntersectionObserver,
  configurable: true
})

/** Brings every element observed while off screen into view (a scroll). */
export function revealOffscreen(): void {
  for (const observer of observers) observer.reveal()
}
