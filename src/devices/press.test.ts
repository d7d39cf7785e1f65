/** Every in-process press driver runs the one conformance suite. */
import { VirtualScheduler } from "../core/clock.js";
import { ScriptedPress } from "./fake/scripted-press.js";
import { pressConformance } from "./press.case.js";
import { ManualPress } from "./manual/index.js";
import type { Operator } from "./press.js";
import { createTwin } from "./sim/index.js";

pressConformance("scripted fake", async () => {
  const scheduler = new VirtualScheduler(1_700_000_000_000);
  const press = new ScriptedPress({ scheduler, capacity: 100e3 });
  // Commands that reached the device: everything the fake accepted (reads excluded).
  const sent = (): number => press.commands.filter((c) => c.verb !== "read" && c.outcome === "ok").length;
  return { press, scheduler, sent };
});

pressConformance("scripted fake, heated, unknown capacity", async () => {
  const scheduler = new VirtualScheduler(1_700_000_000_000);
  return { press: new ScriptedPress({ scheduler, capacity: null, heated: true }), scheduler };
});

pressConformance("digital twin (10 mm die, 10 t)", async () => {
  const scheduler = new VirtualScheduler(1_700_000_000_000);
  return { press: createTwin({ scheduler, dieDiameter: 10e-3, capacity: 10 * 9806.65 }), scheduler };
});

pressConformance("digital twin, heated (13 mm die, 15 t)", async () => {
  const scheduler = new VirtualScheduler(1_700_000_000_000);
  return {
    press: createTwin({ scheduler, dieDiameter: 13e-3, capacity: 15 * 9806.65, heated: true, seed: 7 }),
    scheduler,
  };
});

/**
 * The manual press with an operator who sets every force at once and types no reading: the driver
 * passes the whole suite. The only check it is spared is "never ramps faster than commanded", which
 * needs a press that ramps by itself (capabilities.manual): a person pumps at their own pace, and the
 * engine cannot command it.
 */
pressConformance("manual press, instant operator (13 mm die, tonnes)", async () => {
  const scheduler = new VirtualScheduler(1_700_000_000_000);
  let asked = 0;
  const operator: Operator = {
    ask: async () => {
      asked++;
      return { confirmed: true, by: "test", time: scheduler.now() / 1000 };
    },
    tell: () => {},
  };
  const press = new ManualPress({
    operator,
    scheduler,
    dieArea: Math.PI * 0.0065 ** 2,
    press: { gauge: "t", capacity: 15 * 9806.65, pos: { line: 1, column: 1 } },
  });
  // What reaches the "device" of a manual press is what the operator is asked to do.
  return { press, scheduler, sent: () => asked };
});
