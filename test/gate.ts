/**
 * A promise a test opens by hand: holds another transaction open until the
 * test is ready (`await g.wait` inside it, `g.open()` from the test), or tells
 * the test that the other side has reached a point.
 */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}
