import { expect } from "chai";
import { InjectedFault, injectFault } from "../../functions/src/common/faults.js";
import { clearEmulatorData } from "../helpers/emulators.js";
import { faultsLeft, injectFaults } from "../helpers/triggers.js";

async function outcome(point: string): Promise<string> {
  try {
    await injectFault(point);
    return "ran";
  } catch (error) {
    return error instanceof InjectedFault ? "fault" : `other: ${String(error)}`;
  }
}

describe("identity: the fault injection seam", () => {
  beforeEach(clearEmulatorData);

  describe("outside the emulator (production)", () => {
    it("never fails and reads nothing, whatever config/emulator says", async () => {
      const saved = process.env.FUNCTIONS_EMULATOR;
      delete process.env.FUNCTIONS_EMULATOR;
      try {
        await injectFaults({ "test.point": 2 });
        expect(await outcome("test.point")).to.equal("ran");
        expect(await faultsLeft("test.point")).to.equal(2);
      } finally {
        if (saved === undefined) delete process.env.FUNCTIONS_EMULATOR;
        else process.env.FUNCTIONS_EMULATOR = saved;
      }
    });
  });

  describe("in the emulator", () => {
    let saved: string | undefined;
    before(() => {
      saved = process.env.FUNCTIONS_EMULATOR;
      process.env.FUNCTIONS_EMULATOR = "true";
    });
    after(() => {
      if (saved === undefined) delete process.env.FUNCTIONS_EMULATOR;
      else process.env.FUNCTIONS_EMULATOR = saved;
    });

    it("fails exactly the next N runs of a point, then runs", async () => {
      await injectFaults({ "test.point": 2, "other.point": 1 });
      expect([await outcome("test.point"), await outcome("test.point"), await outcome("test.point")]).to.deep.equal([
        "fault",
        "fault",
        "ran",
      ]);
      expect(await faultsLeft("other.point")).to.equal(1);
    });

    it("fails two concurrent runs for two faults, never more", async () => {
      await injectFaults({ "test.point": 2 });
      const results = await Promise.all(Array.from({ length: 5 }, () => outcome("test.point")));
      expect(results.filter((r) => r === "fault")).to.have.length(2);
      expect(results.filter((r) => r === "ran")).to.have.length(3);
    });

    it("runs a point no fault was asked for", async () => {
      expect(await outcome("test.point")).to.equal("ran");
    });
  });
});
