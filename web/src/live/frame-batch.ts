// Coalesces many "something changed" signals into one callback per animation frame,
// so a burst of SSE events renders once.

export type RequestFrame = (callback: () => void) => unknown;

export function createFrameScheduler(
  callback: () => void,
  requestFrame: RequestFrame = (cb) => requestAnimationFrame(() => cb()),
): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestFrame(() => {
      pending = false;
      callback();
    });
  };
}
