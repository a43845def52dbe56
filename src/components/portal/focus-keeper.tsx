'use client';

import { useEffect } from 'react';

const ANNOUNCED = '[role="status"], [role="alert"]';

/**
 * Keeps keyboard focus on the page when the control that had it is disabled or removed by
 * what it started: a button disabled while its request runs (after a confirmation) would
 * otherwise drop focus to the document, and a screen reader user would be left nowhere.
 * - disabled under focus: focus comes back to it when it is enabled again (if nothing else
 *   took focus meanwhile);
 * - removed under focus (a form that goes once done): focus goes to the message the step put
 *   on the page (role status or alert), or else to the page's main content.
 * Dialogs and menus that hand focus back themselves are left alone: this acts only when
 * focus is on the document itself.
 */
export function FocusKeeper() {
  useEffect(() => {
    let last: HTMLElement | null = null;
    let disabledUnderFocus: HTMLElement | null = null;
    const lost = () => !document.activeElement || document.activeElement === document.body;

    const onFocusIn = (e: FocusEvent) => {
      last = e.target instanceof HTMLElement ? e.target : null;
      disabledUnderFocus = null;
    };
    // A click elsewhere is the person moving on: nothing to keep.
    const onPointerDown = (e: PointerEvent) => {
      if (last && !(e.target instanceof Node && last.contains(e.target))) last = disabledUnderFocus = null;
    };

    const observer = new MutationObserver((records) => {
      if (!last) return;
      if (last.isConnected) {
        // The browser lets go of a disabled control's focus at its next rendering, not at once.
        if (last.matches(':disabled')) {
          if (lost() || document.activeElement === last) disabledUnderFocus = last;
        } else if (disabledUnderFocus === last && lost()) {
          disabledUnderFocus = null;
          last.focus();
        }
        return;
      }
      if (!lost()) return;
      const added = records.flatMap((r) => [...r.addedNodes]).filter((n): n is HTMLElement => n instanceof HTMLElement);
      const message = added.map((n) => (n.matches(ANNOUNCED) ? n : n.querySelector<HTMLElement>(ANNOUNCED))).find((n) => n !== null && n.closest('main'));
      const target = message ?? document.getElementById('main');
      if (!target) return;
      if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
      target.focus();
    });

    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('pointerdown', onPointerDown, true);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('pointerdown', onPointerDown, true);
      observer.disconnect();
    };
  }, []);
  return null;
}
