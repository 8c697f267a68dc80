/**
 * Preloaded into the service under test (`node -r`): replaces Date so the process lives on a fake clock that
 * starts at TB_E2E_CLOCK_START (ISO instant) when the real clock reads TB_E2E_CLOCK_ANCHOR (Unix ms) and runs
 * TB_E2E_CLOCK_SPEED times faster. BullMQ's delayed jobs read the same clock, so business minutes pass in
 * seconds. The test computes the same fake time with fakeNow().
 */
export interface FastClock {
  start: number;
  anchor: number;
  speed: number;
}

export function fakeNow(clock: FastClock, realNow: number): number {
  return clock.start + (realNow - clock.anchor) * clock.speed;
}

export function clockEnv(clock: FastClock): Record<string, string> {
  return {
    TB_E2E_CLOCK_START: new Date(clock.start).toISOString(),
    TB_E2E_CLOCK_ANCHOR: String(clock.anchor),
    TB_E2E_CLOCK_SPEED: String(clock.speed),
  };
}

function install(clock: FastClock): void {
  const RealDate = Date;
  const now = () => Math.floor(fakeNow(clock, RealDate.now()));
  function FakeDate(this: unknown, ...args: unknown[]): Date | string {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  FakeDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(FakeDate, RealDate);
  (FakeDate as unknown as { now: () => number }).now = now;
  globalThis.Date = FakeDate as unknown as DateConstructor;
}

const start = process.env.TB_E2E_CLOCK_START;
if (start) {
  install({ start: Date.parse(start), anchor: Number(process.env.TB_E2E_CLOCK_ANCHOR), speed: Number(process.env.TB_E2E_CLOCK_SPEED ?? '1') });
}
