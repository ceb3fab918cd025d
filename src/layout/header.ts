// Writes the header slots (assembly/shared/header.ts) from the validated profile, the derived timing and
// the memory map. The module copies them into its globals in attach().

import { Hdr, HEADER_BASE, HEADER_MAGIC } from "../../assembly/shared/header.js";
import type { MachineProfile, DerivedTiming } from "../config/machine.js";
import type { MemoryMap } from "./memory-map.js";

export interface RunControl {
  endTime: number | null;
  watchdogCycles: number;
  checkInvariants: boolean;
  fault: number;
  workers: number;
  /** DeviceKind (assembly/shared/nic.ts): the DMA test device or the NIC. */
  deviceKind: number;
}

type SetSlot = (slot: Hdr, v: number) => void;

export function writeHeader(memory: WebAssembly.Memory, m: MachineProfile, d: DerivedTiming, map: MemoryMap, run: RunControl): void {
  const h = new Uint32Array(memory.buffer, HEADER_BASE, Hdr.count);
  const set: SetSlot = (slot, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`header slot ${Hdr[slot]} out of range: ${v}`);
    h[slot] = v;
  };
  set(Hdr.magic, HEADER_MAGIC);
  writeMachine(set, m, d, map);
  writeMemoryMap(set, map);
  writeRunControl(set, run);
  writeRegionTable(memory, map);
}

function writeMachine(set: SetSlot, m: MachineProfile, d: DerivedTiming, map: MemoryMap): void {
  set(Hdr.cpus, m.cpus);
  set(Hdr.lps, map.lps);
  set(Hdr.lineBytes, m.lineBytes);
  set(Hdr.lineShift, Math.log2(m.lineBytes));
  set(Hdr.l1Sets, m.l1d.sets);
  set(Hdr.l1Ways, m.l1d.ways);
  set(Hdr.l1Hit, m.l1d.hitCycles);
  set(Hdr.l2Sets, m.l2.sets);
  set(Hdr.l2Ways, m.l2.ways);
  set(Hdr.l2Hit, m.l2.hitCycles);
  set(Hdr.llcBanks, m.llc.banks);
  set(Hdr.llcSetsPerBank, m.llc.setsPerBank);
  set(Hdr.llcWays, m.llc.ways);
  set(Hdr.llcHit, m.llc.hitCycles);
  set(Hdr.bankLookup, d.bankLookup);
  set(Hdr.bankBusy, m.llc.bankBusyCycles);
  set(Hdr.hop, m.hopCycles);
  set(Hdr.snoop, d.snoop);
  set(Hdr.crossSnoop, d.crossSnoop);
  set(Hdr.cpusPerComplex, d.cpusPerComplex);
  set(Hdr.memExtra, d.memExtra);
  set(Hdr.memControllers, m.memory.controllers);
  set(Hdr.memBusy, m.memory.busyCycles);
  set(Hdr.ioHop, m.ioHopCycles);
  set(Hdr.ipi, m.ipiCycles);
  set(Hdr.ddioEnabled, m.ddio.enabled ? 1 : 0);
  set(Hdr.ddioWays, m.ddio.ways);
  set(Hdr.mshrs, m.core.mshrs);
  set(Hdr.storeBuffer, m.core.storeBufferEntries);
  set(Hdr.atomicCycles, m.core.atomicCycles);
  set(Hdr.lookahead, d.lookahead);
  set(Hdr.clockMHz, Math.round(m.clockGHz * 1000));
}

function writeMemoryMap(set: SetSlot, map: MemoryMap): void {
  set(Hdr.lpBase, map.lpBase);
  set(Hdr.heapBase, map.heapBase);
  set(Hdr.heapCapacity, map.capacities.heapEvents);
  set(Hdr.cpuBase, map.cpuBase);
  set(Hdr.l1Base, map.l1Base);
  set(Hdr.l2Base, map.l2Base);
  set(Hdr.llcBase, map.llcBase);
  set(Hdr.dirBase, map.dirBase);
  set(Hdr.versionBase, map.versionBase);
  set(Hdr.memVersionBase, map.memVersionBase);
  set(Hdr.regionTableBase, map.regionTableBase);
  set(Hdr.physBase, map.physBase);
  set(Hdr.physBytes, map.physBytes);
  set(Hdr.uncoreBase, map.uncoreBase);
  set(Hdr.txnCapacity, map.capacities.transactions);
  set(Hdr.waitCapacity, map.capacities.deferred);
  set(Hdr.statsCpuBase, map.statsCpuBase);
  set(Hdr.statsRegionBase, map.statsRegionBase);
  set(Hdr.regions, map.regions.length + 1);
  set(Hdr.statsGlobalBase, map.statsGlobalBase);
  set(Hdr.statsStepBase, map.statsStepBase);
  set(Hdr.statsSnapBase, map.statsSnapBase);
  set(Hdr.netBase, map.netBase);
  set(Hdr.inboxBase, map.inboxBase);
  set(Hdr.inboxCapacity, map.capacities.inboxEvents);
  set(Hdr.programBase, map.programBase);
  set(Hdr.deviceBase, map.deviceBase);
  set(Hdr.nicBase, map.nicBase);
  set(Hdr.workerBase, map.workerBase);
}

function writeRunControl(set: SetSlot, run: RunControl): void {
  set(Hdr.workers, run.workers);
  const end = run.endTime === null ? 2 ** 63 - 1 : run.endTime;
  set(Hdr.endTimeLo, run.endTime === null ? 0xffffffff : end % 2 ** 32);
  set(Hdr.endTimeHi, run.endTime === null ? 0x7fffffff : Math.floor(end / 2 ** 32));
  set(Hdr.watchdogCycles, run.watchdogCycles);
  set(Hdr.checkInvariants, run.checkInvariants ? 1 : 0);
  set(Hdr.faultInjection, run.fault);
  set(Hdr.deviceKind, run.deviceKind);
}

function writeRegionTable(memory: WebAssembly.Memory, map: MemoryMap): void {
  // the region table: one byte per page of physical memory naming its region (0 = none)
  const table = new Uint8Array(memory.buffer, map.regionTableBase, map.physBytes / 4096);
  for (const r of map.regions) {
    const first = (r.base - map.physBase) / 4096;
    const pages = Math.ceil(r.bytes / 4096);
    table.fill(r.id, first, first + pages);
  }
}
