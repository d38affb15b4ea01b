// Pointer-based drag and drop (works the same with mouse, pen and touch, and does not
// depend on HTML5 drag events, which the desktop webview reserves for dropping files).
// Drop zones are elements with a `data-drop` attribute naming the place.
export interface DragOptions {
  onDrop: (place: string) => void;
}

const THRESHOLD = 5;

export function draggable(node: HTMLElement, options: DragOptions) {
  let current = options;
  let start: { x: number; y: number } | null = null;
  let ghost: HTMLElement | null = null;
  let zone: HTMLElement | null = null;
  let dragged = false;

  const zoneAt = (x: number, y: number) =>
    document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-drop]') ?? null;

  function down(e: PointerEvent) {
    if (e.button !== 0) return;
    dragged = false;
    start = { x: e.clientX, y: e.clientY };
    node.setPointerCapture(e.pointerId);
  }

  function moveTo(e: PointerEvent) {
    if (!start) return;
    if (!ghost && Math.hypot(e.clientX - start.x, e.clientY - start.y) < THRESHOLD) return;
    if (!ghost) {
      ghost = node.cloneNode(true) as HTMLElement;
      ghost.removeAttribute('data-testid');
      ghost.classList.add('drag-ghost');
      ghost.setAttribute('aria-hidden', 'true');
      ghost.style.setProperty('width', `${node.offsetWidth}px`);
      document.body.append(ghost);
    }
    ghost.style.setProperty('transform', `translate(${e.clientX + 8}px, ${e.clientY + 8}px)`);
    const next = zoneAt(e.clientX, e.clientY);
    if (next !== zone) {
      zone?.classList.remove('drop-target');
      next?.classList.add('drop-target');
      zone = next;
    }
  }

  function up(e: PointerEvent) {
    if (ghost) {
      dragged = true;
      const target = zoneAt(e.clientX, e.clientY);
      if (target?.dataset.drop) current.onDrop(target.dataset.drop);
    }
    cancel();
  }

  function cancel() {
    ghost?.remove();
    zone?.classList.remove('drop-target');
    ghost = zone = start = null;
  }

  // A drag is not also a click.
  function click(e: MouseEvent) {
    if (dragged) e.stopImmediatePropagation();
    dragged = false;
  }

  node.addEventListener('pointerdown', down);
  node.addEventListener('click', click, { capture: true });
  node.addEventListener('pointermove', moveTo);
  node.addEventListener('pointerup', up);
  node.addEventListener('pointercancel', cancel);
  return {
    update(next: DragOptions) {
      current = next;
    },
    destroy() {
      cancel();
      node.removeEventListener('pointerdown', down);
      node.removeEventListener('pointermove', moveTo);
      node.removeEventListener('pointerup', up);
      node.removeEventListener('pointercancel', cancel);
      node.removeEventListener('click', click, { capture: true });
    },
  };
}
