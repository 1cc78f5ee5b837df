import { describe, expect, it, vi } from 'vitest';
import { createFrameScheduler } from '../src/live/frame-batch';

describe('createFrameScheduler', () => {
  it('runs the callback once per frame however often it is scheduled', () => {
    const frames: (() => void)[] = [];
    const render = vi.fn();
    const schedule = createFrameScheduler(render, (cb) => frames.push(cb));
    for (let i = 0; i < 500; i++) schedule();
    expect(frames).toHaveLength(1);
    expect(render).not.toHaveBeenCalled();
    frames[0]!();
    expect(render).toHaveBeenCalledTimes(1);
    schedule();
    schedule();
    expect(frames).toHaveLength(2);
    frames[1]!();
    expect(render).toHaveBeenCalledTimes(2);
  });
});
