// The CPU's side of the protocol: what a private hierarchy does with a message from the directory or from
// another CPU. Invalidations and forwards are answered at once (a forward after the owner's snoop
// latency); data fills the line and wakes the core.

import { UNCORE, HOP, SNOOP, CHECK, snoopBetween } from "../sim/layout";
// (versions are kept only when the debug checker runs, CHECK; otherwise every version is 0)
import { evKind, evA, evB, evC, evTime } from "../sim/event";
import { Msg, ACK_HAD, ST_S, ST_E, ST_M } from "../machine/messages";
import { invalidateLine, downgradeLine, privateVersion } from "../machine/private-cache";
import { send } from "../sim/send";
import { cpuStat } from "../sim/stats";
import { CpuStat } from "../shared/stats";
import { cpuData, cpuWake, isIdle } from "./core";
import { kernelIrq } from "./kernel/kernel";
import { cpuState } from "./state";
import { takeSnapshot } from "../sim/snapshot";
import { recording, recordCpuBefore, recordCpuAfter, recordIrq } from "../sim/record";
import { evSender } from "../sim/event";

export function cpuHandle(cpu: i32, e: usize): void {
  const kind = evKind(e);
  const t = evTime(e);
  if (kind == Msg.SNAPSHOT) {
    // run control, not protocol (and not recorded): here so the scheduler's loop needs no test of its own
    takeSnapshot(cpu, t);
    return;
  }
  const line = evA(e);
  const rec = recording && kind != Msg.IRQ;
  if (rec) recordCpuBefore(cpu, line);
  switch (kind) {
    case Msg.DATA_S:
      cpuData(cpu, line, ST_S, evC(e), t);
      break;
    case Msg.DATA_E:
      cpuData(cpu, line, ST_E, evC(e), t);
      break;
    case Msg.DATA_M:
      cpuData(cpu, line, ST_M, evC(e), t);
      break;
    case Msg.INV: {
      const v = CHECK ? privateVersion(cpu, line) : 0;
      const f = invalidateLine(cpu, line);
      if (f & ACK_HAD) cpuStat(cpu, CpuStat.invalidationsReceived);
      send(cpu, UNCORE, t + HOP, Msg.INV_ACK, f, line, <u32>cpu, v);
      break;
    }
    case Msg.FWD_GETS:
    case Msg.FWD_GETX: {
      const req = <i32>evB(e);
      const v = CHECK ? privateVersion(cpu, line) : 0; // the owner's copy is what travels
      const f = kind == Msg.FWD_GETS ? downgradeLine(cpu, line) : invalidateLine(cpu, line);
      // the transfer time depends on whether owner and requester share a core complex; the ack to the
      // directory leaves with the data, so the line stays busy for the whole transfer either way
      const at = t + snoopBetween(cpu, req) + HOP;
      if (f & ACK_HAD) {
        // the owner sends the line straight to the requester (three hops in all)
        send(cpu, req, at, kind == Msg.FWD_GETS ? Msg.DATA_S : Msg.DATA_M, 0, line, <u32>req, v);
        if (kind == Msg.FWD_GETX) cpuStat(cpu, CpuStat.invalidationsReceived);
      }
      send(cpu, UNCORE, at, Msg.FWD_ACK, f, line, <u32>cpu, v);
      break;
    }
    case Msg.FWD_DMA: {
      const v = CHECK ? privateVersion(cpu, line) : 0;
      const f = downgradeLine(cpu, line);
      send(cpu, UNCORE, t + SNOOP + HOP, Msg.FWD_ACK, f, line, <u32>cpu, v);
      break;
    }
    case Msg.IRQ:
      kernelIrq(cpu, evB(e));
      if (isIdle(cpuState(cpu))) cpuWake(cpu, t);
      break;
    default:
      assert(false, "CPU: unexpected message");
  }
  if (rec) recordCpuAfter(cpu, kind, evSender(e), line, evB(e), t);
  else if (recording) recordIrq(cpu, evSender(e), evB(e), t);
}
